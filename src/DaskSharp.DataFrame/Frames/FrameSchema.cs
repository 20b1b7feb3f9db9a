using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames;

/// <summary>The columns of a frame, their Arrow types, and which column (if any) is the index.</summary>
public sealed class FrameSchema
{
    /// <summary>A schema over Arrow's, with <paramref name="index"/> as the index column.</summary>
    public FrameSchema(Schema arrow, string? index = null)
    {
        ArgumentNullException.ThrowIfNull(arrow);
        Arrow = arrow;
        Index = index;
    }

    /// <summary>Arrow's schema: every column, the index included.</summary>
    public Schema Arrow { get; }

    /// <summary>The index column, or null for a default range index.</summary>
    public string? Index { get; }

    /// <summary>The data columns (the index excluded), in order.</summary>
    public IReadOnlyList<string> Columns => [.. Arrow.FieldsList.Select(f => f.Name).Where(n => n != Index)];

    /// <summary>The type of column <paramref name="name"/>.</summary>
    public IArrowType TypeOf(string name) => Arrow.GetFieldByIndex(Ordinal(name)).DataType;

    /// <summary>pandas' dtype names of the data columns, e.g. <c>("x", "float64")</c>.</summary>
    public IReadOnlyList<(string Column, string Dtype)> Dtypes => [.. Columns.Select(c => (c, Dtype.Name(TypeOf(c))))];

    /// <summary>The position of column <paramref name="name"/> in the Arrow schema.</summary>
    /// <exception cref="KeyNotFoundException">naming the column and the nearest existing ones.</exception>
    public int Ordinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int i = Arrow.GetFieldIndex(name);
        return i >= 0 ? i : throw MissingColumn(name, [.. Arrow.FieldsList.Select(f => f.Name)]);
    }

    /// <summary>True when the frame has column <paramref name="name"/>.</summary>
    public bool Has(string name) => Arrow.GetFieldIndex(name) >= 0;

    /// <summary>This schema with only <paramref name="columns"/> (and the index), in their order.</summary>
    public FrameSchema Select(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var fields = new List<Field>();
        if (Index is not null && !columns.Contains(Index))
        {
            fields.Add(Arrow.GetFieldByName(Index));
        }

        foreach (string c in columns)
        {
            fields.Add(Arrow.GetFieldByIndex(Ordinal(c)));
        }

        return new FrameSchema(new Schema(fields, null), Index);
    }

    /// <summary>This schema with column <paramref name="name"/> of <paramref name="type"/> added at the end (or replaced in place).</summary>
    public FrameSchema With(string name, IArrowType type)
    {
        var fields = Arrow.FieldsList.ToList();
        int at = fields.FindIndex(f => f.Name == name);
        var field = new Field(name, type, nullable: true);
        if (at >= 0)
        {
            fields[at] = field;
        }
        else
        {
            fields.Add(field);
        }

        return new FrameSchema(new Schema(fields, null), Index);
    }

    /// <summary>The error for a column that is not there, offering the closest names (as pandas' KeyError, with help).</summary>
    internal static KeyNotFoundException MissingColumn(string name, IReadOnlyList<string> existing)
    {
        string[] near = [.. existing.OrderBy(e => Distance(name.ToLowerInvariant(), e.ToLowerInvariant())).ThenBy(e => e, StringComparer.Ordinal).Take(3)
            .Where(e => Distance(name.ToLowerInvariant(), e.ToLowerInvariant()) <= Math.Max(2, name.Length / 2))];
        string hint = near.Length > 0 ? $" Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?" : string.Empty;
        return new KeyNotFoundException($"Column '{name}' not found; the columns are {string.Join(", ", existing.Select(e => $"'{e}'"))}.{hint}");
    }

    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Arrow.FieldsList.Select(f => $"{f.Name}: {Dtype.Name(f.DataType)}{(f.Name == Index ? " (index)" : string.Empty)}"));
}

/// <summary>pandas' names for Arrow types.</summary>
public static class Dtype
{
    /// <summary>"int64", "float64", "bool", "string", "datetime64[ns]", … as pandas prints them.</summary>
    public static string Name(IArrowType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type switch
        {
            Int32Type => "int32",
            Int64Type => "int64",
            FloatType => "float32",
            DoubleType => "float64",
            BooleanType => "bool",
            StringType or LargeStringType => "string",
            DictionaryType { ValueType: StringType } => "string",
            TimestampType { Timezone: { Length: > 0 } tz } => $"datetime64[ns, {tz}]",
            TimestampType => "datetime64[ns]",
            _ => type.Name,
        };
    }
}
