using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// A merge's arguments checked and resolved against both frames' schemas, as pandas' <c>merge</c>
/// resolves them: which columns are keys, which overlap and get suffixes, which key is kept once,
/// and what the index becomes. Every mistake is refused here, when <c>Merge</c> is written.
/// </summary>
internal static class MergeResolution
{
    public static JoinSpec Resolve(FrameSchema left, FrameSchema right, string how, IReadOnlyList<string>? on, IReadOnlyList<string>? leftOn, IReadOnlyList<string>? rightOn, bool leftIndex, bool rightIndex, (string Left, string Right) suffixes)
    {
        JoinHow kind = how switch
        {
            "inner" => JoinHow.Inner,
            "left" => JoinHow.Left,
            "right" => JoinHow.Right,
            "outer" => JoinHow.Outer,
            _ => throw new ArgumentException($"Unknown merge how='{how}'; it is one of 'inner', 'left', 'right', 'outer' (a cross join is not available).", nameof(how)),
        };
        IReadOnlyList<string> leftData = left.Columns, rightData = right.Columns;
        if (on is not null && (leftOn is not null || rightOn is not null || leftIndex || rightIndex))
        {
            throw new ArgumentException("Merge takes either 'on' or 'leftOn'/'rightOn'/'leftIndex'/'rightIndex', not both (as pandas).", nameof(on));
        }

        if (on is null && leftOn is null && rightOn is null && !leftIndex && !rightIndex)
        {
            on = [.. leftData.Where(rightData.Contains)];
            if (on.Count == 0)
            {
                throw new ArgumentException($"No common columns to merge on: the left has {List(leftData)}, the right {List(rightData)}; say 'on', 'leftOn'/'rightOn' or 'leftIndex'/'rightIndex'.", nameof(on));
            }
        }

        leftOn ??= on;
        rightOn ??= on;
        if (leftOn is not null && leftIndex || rightOn is not null && rightIndex)
        {
            throw new ArgumentException("A side is joined either on columns or on its index, not both (leftOn with leftIndex, or rightOn with rightIndex).");
        }

        if (leftOn is null && !leftIndex)
        {
            throw new ArgumentException("'rightOn' or 'rightIndex' needs 'leftOn' or 'leftIndex' for the left side's keys.", nameof(leftOn));
        }

        if (rightOn is null && !rightIndex)
        {
            throw new ArgumentException("'leftOn' or 'leftIndex' needs 'rightOn' or 'rightIndex' for the right side's keys.", nameof(rightOn));
        }

        string[] lk = leftIndex ? [IndexOf(left, "left")] : [.. leftOn!.Select(c => DataColumn(left, c, "left"))];
        string[] rk = rightIndex ? [IndexOf(right, "right")] : [.. rightOn!.Select(c => DataColumn(right, c, "right"))];
        if (lk.Length != rk.Length || lk.Length == 0)
        {
            throw new ArgumentException($"The left has {lk.Length} key columns and the right {rk.Length}; they must pair up (len(left_on) must equal len(right_on)).");
        }

        for (int i = 0; i < lk.Length; i++)
        {
            CheckKeyTypes(lk[i], left.TypeOf(lk[i]), rk[i], right.TypeOf(rk[i]));
        }

        // A key named alike on both sides (columns, not indexes) is kept once, at the left's place.
        var shared = new HashSet<string>(StringComparer.Ordinal);
        if (!leftIndex && !rightIndex)
        {
            for (int i = 0; i < lk.Length; i++)
            {
                if (lk[i] == rk[i])
                {
                    shared.Add(lk[i]);
                }
            }
        }

        var overlap = new HashSet<string>(leftData.Where(c => !shared.Contains(c) && rightData.Contains(c)), StringComparer.Ordinal);
        var columns = new List<JoinColumn>();
        foreach (string c in leftData)
        {
            columns.Add(shared.Contains(c) ? new JoinColumn(c, JoinSource.Key, c, c) : new JoinColumn(overlap.Contains(c) ? c + suffixes.Left : c, JoinSource.Left, c, null));
        }

        foreach (string c in rightData.Where(c => !shared.Contains(c)))
        {
            columns.Add(new JoinColumn(overlap.Contains(c) ? c + suffixes.Right : c, JoinSource.Right, null, c));
        }

        JoinColumn? index = (leftIndex, rightIndex) switch
        {
            (true, true) => new JoinColumn(lk[0], JoinSource.Key, lk[0], rk[0]),
            (false, true) => left.Index is { } li ? new JoinColumn(li, JoinSource.Left, li, null) : null,
            (true, false) => right.Index is { } ri ? new JoinColumn(ri, JoinSource.Right, null, ri) : null,
            _ => null,
        };
        string[] names = [.. (index is null ? [] : new[] { index.Name }), .. columns.Select(c => c.Name)];
        string? twice = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (twice is not null)
        {
            throw new ArgumentException($"The merge would make two columns named '{twice}' (the columns are {List(names)}); choose other suffixes or rename a column first.", nameof(suffixes));
        }

        return new JoinSpec(kind, lk, rk, columns, index);
    }

    private static string List(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string DataColumn(FrameSchema schema, string column, string side)
    {
        if (column == schema.Index)
        {
            throw new ArgumentException($"'{column}' is the {side} frame's index, not a column; use {side}Index: true to join on it.");
        }

        return schema.Columns.Contains(column) ? column : throw FrameSchema.MissingColumn(column, schema.Columns);
    }

    private static string IndexOf(FrameSchema schema, string side) =>
        schema.Index ?? throw new ArgumentException($"{side}Index: true needs an index column, but the {side} frame has a range index (columns {List(schema.Columns)}).");

    private static void CheckKeyTypes(string leftColumn, IArrowType l, string rightColumn, IArrowType r)
    {
        string? a = KeyKind(l), b = KeyKind(r);
        bool numeric = a is "int" or "float" && b is "int" or "float";
        bool compatible = a is not null && (a == b || numeric) && (a != "datetime" || l.Equals(r));
        if (!compatible)
        {
            throw new ArgumentException($"Cannot merge on left column '{leftColumn}' ({Dtype.Name(l)}) and right column '{rightColumn}' ({Dtype.Name(r)}): the key types are incompatible; cast one side first.");
        }
    }

    private static string? KeyKind(IArrowType t) => t switch
    {
        Int32Type or Int64Type => "int",
        FloatType or DoubleType => "float",
        StringType or DictionaryType { ValueType: StringType } => "string",
        BooleanType => "bool",
        TimestampType => "datetime",
        _ => null,
    };
}
