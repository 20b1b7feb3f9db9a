using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>The static functions of resample and overlap tasks (a task travels as a reference to one, its spec and partitions).</summary>
internal static class TimeSeriesTasks
{
    /// <summary>Dask's message when a neighbour has fewer rows than the overlap needs (its <c>_combined_parts</c>).</summary>
    private const string TooSmall = "Partition size is less than overlapping window size. Try using ``df.repartition`` to increase the partition size.";

    /// <summary>The bins of one cut partition.</summary>
    public static Partition Resample(ResampleSpec spec, long start, long end, bool endIncluded, Partition partition) => spec.Apply(partition, start, end, endIncluded);

    /// <summary>The last <paramref name="n"/> rows (fewer when the partition has fewer).</summary>
    public static Partition TailRows(int n, Partition partition) =>
        partition.Length <= n ? partition : Take.Rows(partition, Range(partition.Length - n, n));

    /// <summary>The first <paramref name="n"/> rows (fewer when the partition has fewer).</summary>
    public static Partition HeadRows(int n, Partition partition) =>
        partition.Length <= n ? partition : Take.Rows(partition, Range(0, n));

    /// <summary>The rows of <paramref name="previous"/> whose index is after <paramref name="current"/>'s first minus <paramref name="before"/> ns (Dask's <c>_tail_timedelta</c>).</summary>
    public static Partition TailTime(long before, Partition[] previous, Partition current)
    {
        Partition all = Take.Concat(previous);
        if (current.Length == 0 || all.Length == 0)
        {
            return Take.Rows(all, []); // NaT - before compares false with every row
        }

        long first = long.MaxValue;
        foreach (long t in Timestamps.Nanos((TimestampArray)current.Column(current.Index!)))
        {
            first = Math.Min(first, t);
        }

        ReadOnlySpan<long> times = Timestamps.Nanos((TimestampArray)all.Column(all.Index!));
        var keep = new bool[times.Length];
        for (int r = 0; r < keep.Length; r++)
        {
            keep[r] = times[r] > first - before;
        }

        return Take.Filter(all, ArrayBuild.Boolean(keep, null, 0));
    }

    /// <summary>
    /// <paramref name="spec"/> over <paramref name="current"/> with the rows before and after it, then
    /// only its own rows (Dask's <c>overlap_chunk</c>). A neighbour with fewer rows than a window of
    /// rows needs fails, as Dask's does.
    /// </summary>
    public static Partition Overlap(OverlapSpec spec, Partition[] before, Partition[] after, Partition current)
    {
        if (before.Length == 1 && spec.BeforeNanos == 0 && before[0].Length != spec.BeforeRows)
        {
            throw new InvalidOperationException($"{TooSmall} ({spec} needs the last {spec.BeforeRows} rows of the previous partition; it has {before[0].Length}.)");
        }

        if (after.Length == 1 && after[0].Length != spec.AfterRows)
        {
            throw new InvalidOperationException($"{TooSmall} ({spec} needs the first {spec.AfterRows} rows of the next partition; it has {after[0].Length}.)");
        }

        int skip = before.Sum(p => p.Length);
        Partition combined = before.Length + after.Length == 0 ? current : Take.Concat([.. before, current, .. after]);
        Partition result = spec.Apply(combined);
        return skip == 0 && result.Length == current.Length ? result : Take.Rows(result, Range(skip, current.Length));
    }

    private static int[] Range(int start, int count)
    {
        var rows = new int[count];
        for (int i = 0; i < count; i++)
        {
            rows[i] = start + i;
        }

        return rows;
    }
}
