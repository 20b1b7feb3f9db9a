using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Exact nunique through a tree: each group's distinct non-null values travel as one list a group
/// (a partial is still one row a group), and the combine step unions the lists. Distinct
/// (group, value) pairs are found by <see cref="GroupIds"/> over the two columns, then ordered by
/// group with a counting sort: no per-value sets, no boxing.
/// </summary>
internal static class GroupDistinct
{
    /// <summary>Fails, naming the column, for a type that cannot be grouped on.</summary>
    public static bool CheckSupported(IArrowType type, string column) =>
        type is Int64Type or Int32Type or TimestampType or BooleanType or StringType or DoubleType or DictionaryType
            ? true
            : throw new ArgumentException($"Cannot count the distinct values of column '{column}' of type {Dtype.Name(type)}.");

    /// <summary>The distinct non-null (and non-NaN) values of <paramref name="column"/> per group.</summary>
    public static ListArray Of(IArrowArray column, ReadOnlySpan<int> ids, int groups)
    {
        IArrowArray values = Take.Decode(column);
        var rows = new List<int>(values.Length);
        var owners = new List<int>(values.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] >= 0 && IsValue(values, i))
            {
                rows.Add(i);
                owners.Add(ids[i]);
            }
        }

        return Build(values, [.. rows], [.. owners], groups);
    }

    /// <summary>The union of the lists of each group (rows of <paramref name="lists"/> in group <paramref name="ids"/>[row]).</summary>
    public static ListArray Union(ListArray lists, ReadOnlySpan<int> ids, int groups)
    {
        ReadOnlySpan<int> offsets = lists.ValueOffsets;
        var elements = new List<int>();
        var owners = new List<int>();
        for (int r = 0; r < lists.Length; r++)
        {
            if (ids[r] < 0)
            {
                continue;
            }

            for (int e = offsets[r]; e < offsets[r + 1]; e++)
            {
                elements.Add(e);
                owners.Add(ids[r]);
            }
        }

        return Build(lists.Values, [.. elements], [.. owners], groups);
    }

    /// <summary>The number of values in each list (nunique's result).</summary>
    public static Int64Array Lengths(ListArray lists)
    {
        ReadOnlySpan<int> offsets = lists.ValueOffsets;
        var counts = new long[lists.Length];
        for (int r = 0; r < counts.Length; r++)
        {
            counts[r] = offsets[r + 1] - offsets[r];
        }

        return (Int64Array)ArrayBuild.Primitive(Int64Type.Default, counts, counts.Length, null, 0);
    }

    private static bool IsValue(IArrowArray values, int i) =>
        ArrayBuild.IsValid(values, i) && !(values is DoubleArray d && double.IsNaN(d.Values[i]));

    // Element rows[j] of values belongs to group owners[j]: one list a group of its distinct values,
    // in order of first appearance.
    private static ListArray Build(IArrowArray values, int[] rows, int[] owners, int groups)
    {
        IArrowArray picked = Take.Column(values, rows);
        IArrowArray owner = ArrayBuild.Primitive(Int32Type.Default, owners, owners.Length, null, 0);
        (_, int pairs, int[] first) = GroupIds.Of([owner, picked], rows.Length);
        var offsets = new int[groups + 1];
        for (int p = 0; p < pairs; p++)
        {
            offsets[owners[first[p]] + 1]++;
        }

        for (int g = 0; g < groups; g++)
        {
            offsets[g + 1] += offsets[g];
        }

        var at = offsets[..groups];
        var order = new int[pairs];
        for (int p = 0; p < pairs; p++)
        {
            order[at[owners[first[p]]]++] = first[p];
        }

        return ArrayBuild.List(Take.Column(picked, order), offsets, null, 0);
    }
}
