using Apache.Arrow.Types;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>
/// <c>df.Resample(rule)</c>, waiting for its aggregation (Dask's <c>Resampler</c>): bins of a fixed
/// rule ("30s", "15min", "1h", "1D"), closed and labelled left, every bin between the first and the
/// last division (empty ones 0 for sum and count, null otherwise). The result is partitioned as
/// Dask's: a partition for each bin holding an input division.
/// </summary>
public sealed class DaskResampler
{
    private readonly FrameExpr _frame;
    private readonly string _rule;
    private readonly long _freq;

    internal DaskResampler(FrameExpr frame, string rule)
    {
        _frame = frame;
        _rule = rule;
        _freq = Check(frame, rule);
    }

    /// <summary>The checks of Dask's Resampler and pandas' resample, made when the resampler is made: the rule's length in ns.</summary>
    internal static long Check(FrameExpr frame, string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        long freq = FixedFrequency.Nanoseconds(rule, "rule");
        string index = frame.Schema.Index ?? throw new ArgumentException("Resample needs a datetime index; this frame has a default range index (no index column).");
        if (frame.Schema.TypeOf(index) is not TimestampType)
        {
            throw new ArgumentException($"Resample needs a datetime index; the index '{index}' is {Dtype.Name(frame.Schema.TypeOf(index))}.");
        }

        if (frame.Divisions is null)
        {
            throw new ArgumentException("Can only resample dataframes with known divisions (as Dask); this frame's are unknown.");
        }

        Kernels.ResampleKernels.CheckDividesADay(rule, freq);
        return freq;
    }

    /// <summary>Several aggregations, each output named after its column: <c>Agg(("x", "mean"), ("id", "sum"))</c>.</summary>
    public DaskDataFrame Agg(params (string Column, string How)[] aggregations)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        return Aggregate([.. aggregations.Select(a => new Aggregation(a.Column, a.How, a.Column))]);
    }

    /// <summary>Several aggregations with output names: <c>Agg(("lo", "x", "min"), ("hi", "x", "max"))</c>.</summary>
    public DaskDataFrame Agg(params (string Output, string Column, string How)[] aggregations)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        return Aggregate([.. aggregations.Select(a => new Aggregation(a.Column, a.How, a.Output))]);
    }

    /// <summary>The sum of every column per bin (0 for an empty bin).</summary>
    public DaskDataFrame Sum() => Each("sum");

    /// <summary>The mean of every column per bin.</summary>
    public DaskDataFrame Mean() => Each("mean");

    /// <summary>The smallest value of every column per bin.</summary>
    public DaskDataFrame Min() => Each("min");

    /// <summary>The largest value of every column per bin.</summary>
    public DaskDataFrame Max() => Each("max");

    /// <summary>The non-null count of every column per bin.</summary>
    public DaskDataFrame Count() => Each("count");

    /// <summary>The first non-null value of every column per bin.</summary>
    public DaskDataFrame First() => Each("first");

    /// <summary>The last non-null value of every column per bin.</summary>
    public DaskDataFrame Last() => Each("last");

    private DaskDataFrame Each(string how) => Aggregate([.. _frame.Schema.Columns.Select(c => new Aggregation(c, how, c))]);

    internal DaskDataFrame Aggregate(Aggregation[] aggregations) => new(Build(_frame, _rule, _freq, aggregations));

    /// <summary>The resample of the columns <paramref name="aggregations"/> read (the others are not made).</summary>
    internal static Resample Build(FrameExpr frame, string rule, long freq, Aggregation[] aggregations)
    {
        var spec = new ResampleSpec(rule, freq, aggregations);
        string[] read = [.. aggregations.Select(a => a.Column!).Distinct()];
        return Resample.Of(new Projection(frame, read), spec);
    }
}
