namespace DaskSharp.DataFrames.Interop;

/// <summary>
/// How Dask's <c>from_pandas(df, npartitions)</c> splits rows on a range index
/// (<c>sorted_division_locations</c>): <c>n / npartitions</c> rows a partition, the first
/// <c>n % npartitions</c> one more, never an empty one; the divisions are each partition's first
/// label and the last row's label (10 rows in 3: sizes 4, 3, 3, divisions 0, 4, 7, 9).
/// </summary>
internal static class RangeSplit
{
    /// <summary>The first row of each partition and, last, the row count.</summary>
    public static int[] Offsets(int rows, int npartitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(npartitions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int parts = Math.Max(1, Math.Min(rows, npartitions));
        int size = rows / parts, residual = rows % parts;
        var offsets = new int[parts + 1];
        for (int i = 0; i < parts; i++)
        {
            offsets[i + 1] = offsets[i] + size + (i < residual ? 1 : 0);
        }

        return offsets;
    }

    /// <summary>The divisions of a range index split at <paramref name="offsets"/>, or null for no rows (unknown, as Dask's for an empty frame).</summary>
    public static IReadOnlyList<object>? Divisions(int[] offsets) =>
        offsets[^1] == 0 ? null : [.. offsets[..^1].Select(o => (object)(long)o), (long)(offsets[^1] - 1)];

    /// <summary><paramref name="table"/> cut at <paramref name="offsets"/> into partitions (slices, not copies), with their divisions.</summary>
    public static Plan.Operators.FromPartitions Partitions(Apache.Arrow.RecordBatch table, int[] offsets, string? index = null)
    {
        var parts = new Partition[offsets.Length - 1];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = new Partition(table.Slice(offsets[i], offsets[i + 1] - offsets[i]), index);
        }

        return new Plan.Operators.FromPartitions(parts, index is null ? Divisions(offsets) : null);
    }
}
