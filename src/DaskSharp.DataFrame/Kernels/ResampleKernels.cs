using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Resampling to a fixed rule (closed and labelled left, pandas' default for such rules): where Dask
/// cuts the frame (<see cref="Divisions"/>, its <c>_resample_bin_and_out_divs</c>) and the bins of
/// one cut partition (<see cref="Bins"/>, its <c>_resample_series</c>: pandas' resample, then a
/// reindex to every bin between the partition's output divisions).
/// </summary>
internal static class ResampleKernels
{
    private const long NanosPerDay = 86_400_000_000_000;

    /// <summary>
    /// The divisions the input is repartitioned to (bin starts, so no bin straddles two partitions)
    /// and the output's divisions (the first bin of each), from the input's divisions in ns, as
    /// Dask: the bins that hold a division, the first cut moved up to the first division, and the
    /// last one past the last division by a nanosecond (appended when two divisions shared a bin).
    /// </summary>
    public static (long[] Cuts, long[] Outputs) Divisions(IReadOnlyList<long> divisions, long freq)
    {
        var bins = new List<long>();
        foreach (long d in divisions)
        {
            long b = Floor(d, freq);
            if (bins.Count == 0 || bins[^1] != b)
            {
                bins.Add(b);
            }
        }

        var cuts = new List<long>(bins);
        var outputs = new List<long>(bins);
        cuts[0] = Math.Max(cuts[0], divisions[0]);
        if (cuts[^1] < divisions[^1])
        {
            // Dask's setter: append when divisions shared bins (there is room for one more partition), else replace the last.
            if (bins.Count < divisions.Count)
            {
                cuts.Add(divisions[^1] + 1);
                outputs.Add(outputs[^1]);
            }
            else
            {
                cuts[^1] = divisions[^1] + 1;
            }
        }

        return ([.. cuts], [.. outputs]);
    }

    /// <summary>
    /// Refuses rules whose bins Dask would place differently in different partitions: pandas bins each
    /// partition from the midnight of its first row (origin "start_day"), which agrees with the
    /// whole frame's bins only when the rule divides a day.
    /// </summary>
    public static void CheckDividesADay(string rule, long freq)
    {
        if (NanosPerDay % freq != 0)
        {
            throw new ArgumentException($"The rule '{rule}' does not divide a day: Dask resamples each partition from the midnight of its own first row, so its bins would not line up across partitions. Use a rule that divides 24 hours (e.g. \"1h\", \"15min\", \"1D\").", nameof(rule));
        }
    }

    /// <summary>Rounds down to a multiple of <paramref name="freq"/> (bins from the epoch: the same as from any midnight when the rule divides a day).</summary>
    public static long Floor(long t, long freq)
    {
        long q = Math.DivRem(t, freq, out long r);
        return (r < 0 ? q - 1 : q) * freq;
    }

    /// <summary>
    /// One row a bin from <paramref name="start"/> to <paramref name="end"/> (the bin at the end too
    /// when <paramref name="endIncluded"/>), each aggregation over the rows in it. Empty bins are
    /// 0 for sum and count and null otherwise (pandas' resample and Dask's reindex fill).
    /// </summary>
    public static Partition Bins(Partition partition, ResampleSpec spec, long start, long end, bool endIncluded)
    {
        ArgumentNullException.ThrowIfNull(partition);
        string indexName = partition.Index ?? throw new ArgumentException("Resample needs a datetime index.");
        var index = (TimestampArray)partition.Column(indexName);
        var unit = ((TimestampType)index.Data.DataType).Unit;
        long freq = spec.Freq;
        int bins = checked((int)(((end - start) / freq) + (endIncluded ? 1 : 0)));
        var ids = new int[partition.Length];
        ReadOnlySpan<long> values = index.Values;
        bool nulls = index.NullCount > 0;

        // The bin [low, low + freq) of the previous row: a sorted index stays in it or moves on,
        // so the division is done once a bin rather than once a row.
        long low = long.MaxValue, bin = -1;
        for (int r = 0; r < ids.Length; r++)
        {
            long t = Timestamps.ToNanos(values[r], unit);
            if (t < low || t - low >= freq)
            {
                low = Floor(t, freq);
                bin = (low - start) / freq;
            }

            if ((nulls && !ArrayBuild.IsValid(index, r)) || bin < 0 || bin >= bins)
            {
                // Dask's own check, in _resample_series.
                throw new InvalidOperationException($"Index is not contained within new index: the row at {(ArrayBuild.IsValid(index, r) ? IndexLabels.Show(t, true) : "NaT")} falls outside the bins from {IndexLabels.Show(start, true)} of this partition (is the index sorted within its divisions?).");
            }

            ids[r] = (int)bin;
        }

        var labels = new long[bins];
        for (int b = 0; b < bins; b++)
        {
            labels[b] = Timestamps.FromNanos(start + (b * freq), unit);
        }

        FrameSchema schema = spec.OutputSchema(partition.Schema);
        var columns = new List<IArrowArray> { ArrayBuild.Primitive(index.Data.DataType, labels, bins, null, 0) };
        foreach (Aggregation a in spec.Aggregations)
        {
            IArrowArray column = Numeric.NanAsNull(partition.Column(a.Column!)); // NaN is missing to every aggregation, as in pandas
            columns.Add(a.How switch
            {
                "sum" => Numeric.IsFloat(column.Data.DataType) ? Sum(column, ids, bins, mean: false) : GroupAggregate.Apply(AggregateOp.Sum, column, ids, bins),
                "count" => GroupAggregate.Apply(AggregateOp.Count, column, ids, bins),
                "min" => GroupAggregate.Apply(AggregateOp.Min, column, ids, bins),
                "max" => GroupAggregate.Apply(AggregateOp.Max, column, ids, bins),
                "first" => GroupAggregate.Apply(AggregateOp.First, column, ids, bins),
                "last" => GroupAggregate.Apply(AggregateOp.Last, column, ids, bins),
                _ => Sum(column, ids, bins, mean: true),
            });
        }

        return new Partition(new RecordBatch(schema.Arrow, columns, bins), indexName);
    }

    // pandas' group_sum / group_mean over floats: a Kahan-compensated sum a bin (so the last bits
    // are pandas'), the mean that sum over the bin's non-missing count (null for none: NaN).
    private static IArrowArray Sum(IArrowArray column, int[] ids, int bins, bool mean)
    {
        ReadOnlySpan<double> x = Numeric.Doubles(column);
        var sums = new double[bins];
        var compensation = new double[bins];
        var counts = new long[bins];
        for (int r = 0; r < ids.Length; r++)
        {
            if (!ArrayBuild.IsValid(column, r))
            {
                continue;
            }

            int b = ids[r];
            counts[b]++;
            double y = x[r] - compensation[b];
            double t = sums[b] + y;
            compensation[b] = t - sums[b] - y;
            sums[b] = t;
        }

        if (!mean)
        {
            return ArrayBuild.Primitive(DoubleType.Default, sums, bins, null, 0);
        }

        var valid = new bool[bins];
        for (int b = 0; b < bins; b++)
        {
            valid[b] = counts[b] > 0;
            sums[b] = valid[b] ? sums[b] / counts[b] : 0;
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, sums, bins, bitmap, nulls);
    }
}
