using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Keeps the rows whose keys are (<see cref="Keep"/>) or are not in any of <see cref="Tables"/>,
/// small partitions of key values whose columns pair up with <see cref="Keys"/> in order. Keys
/// match as a merge matches them (<see cref="HashJoin"/>: 1 with 1.0, null with NaN), so a skewed
/// merge splits each side into its light rows and its skewed ones exactly as the join would pair them.
/// </summary>
public sealed class KeySetStep : PartitionStep
{
    /// <summary>Rows whose <paramref name="keys"/> are (<paramref name="keep"/>) or are not in <paramref name="tables"/>.</summary>
    public KeySetStep(IReadOnlyList<string> keys, IReadOnlyList<Partition> tables, bool keep)
    {
        Keys = keys ?? throw new ArgumentNullException(nameof(keys));
        Tables = tables ?? throw new ArgumentNullException(nameof(tables));
        foreach (Partition t in tables)
        {
            if (t.Batch.ColumnCount != keys.Count)
            {
                throw new ArgumentException($"A key table has {t.Batch.ColumnCount} columns for {keys.Count} keys [{string.Join(", ", keys)}].", nameof(tables));
            }
        }

        Keep = keep;
    }

    /// <summary>The partition's key columns.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The key values looked up, a column per key.</summary>
    public IReadOnlyList<Partition> Tables { get; }

    /// <summary>True to keep the rows found, false to keep the others.</summary>
    public bool Keep { get; }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        IArrowArray[] keys = [.. Keys.Select(partition.Column)];
        var found = new bool[partition.Length];
        foreach (Partition table in Tables)
        {
            if (table.Length == 0)
            {
                continue;
            }

            bool[] inTable = HashJoin.RightMatched([.. table.Batch.Arrays], keys);
            for (int i = 0; i < found.Length; i++)
            {
                found[i] |= inTable[i];
            }
        }

        var rows = new List<int>(partition.Length);
        for (int i = 0; i < found.Length; i++)
        {
            if (found[i] == Keep)
            {
                rows.Add(i);
            }
        }

        return rows.Count == partition.Length ? partition : Take.Rows(partition, [.. rows]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"KeyFilter: [{string.Join(", ", Keys)}] {(Keep ? "in" : "not in")} {string.Join(" ", Tables.Select(Show))}";

    /// <summary>A table's keys as Explain prints them (and as the node's name hashes them): <c>{(0), ('a', 2)}</c>.</summary>
    public static string Show(Partition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = new List<string>(table.Length);
        for (int r = 0; r < table.Length; r++)
        {
            rows.Add("(" + string.Join(", ", table.Batch.Arrays.Select(a => Cell(LocalFrame.Value(a, r)))) + ")");
        }

        return "{" + string.Join(", ", rows) + "}";
    }

    private static string Cell(object? v) => v switch
    {
        null => "null",
        string s => $"'{s}'",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
