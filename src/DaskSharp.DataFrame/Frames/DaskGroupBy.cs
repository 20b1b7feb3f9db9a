using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary><c>df.GroupBy(keys)</c>, waiting for its aggregation (Dask's <c>DataFrameGroupBy</c>).</summary>
public sealed partial class DaskGroupBy
{
    private readonly FrameExpr _frame;
    private readonly string[] _keys;

    internal DaskGroupBy(FrameExpr frame, string[] keys)
    {
        _frame = frame;
        _keys = keys;
    }

    /// <summary>Several aggregations at once: <c>Agg(("x", "mean"), ("y", "sum"))</c>; each output is named after its column.</summary>
    public DaskDataFrame Agg(params (string Column, string How)[] aggregations)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        return Aggregate([.. aggregations.Select(a => new Aggregation(a.Column, a.How, a.Column))]);
    }

    /// <summary>Several aggregations with output names: <c>Agg(("mean_x", "x", "mean"))</c>.</summary>
    public DaskDataFrame Agg(params (string Output, string Column, string How)[] aggregations)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        return Aggregate([.. aggregations.Select(a => new Aggregation(a.Column, a.How, a.Output))]);
    }

    /// <summary>The sum of every other column per group.</summary>
    public DaskDataFrame Sum() => Each("sum");

    /// <summary>The mean of every other column per group.</summary>
    public DaskDataFrame Mean() => Each("mean");

    /// <summary>The non-null count of every other column per group.</summary>
    public DaskDataFrame Count() => Each("count");

    /// <summary>The smallest value of every other column per group.</summary>
    public DaskDataFrame Min() => Each("min");

    /// <summary>The largest value of every other column per group.</summary>
    public DaskDataFrame Max() => Each("max");

    /// <summary>The sample variance (ddof = 1) of every other column per group.</summary>
    public DaskDataFrame Var() => Each("var");

    /// <summary>The sample standard deviation (ddof = 1) of every other column per group.</summary>
    public DaskDataFrame Std() => Each("std");

    /// <summary>The number of rows per group (a column named "size").</summary>
    public DaskDataFrame Size() => Aggregate([new Aggregation(null, "size", "size")]);

    private DaskDataFrame Each(string how) =>
        Aggregate([.. _frame.Schema.Columns.Where(c => !_keys.Contains(c)).Select(c => new Aggregation(c, how, c))]);

    private DaskDataFrame Aggregate(Aggregation[] aggregations)
    {
        if (aggregations.Length == 0)
        {
            throw new ArgumentException("A group-by needs at least one aggregation.", nameof(aggregations));
        }

        return new DaskDataFrame(new Reduce(_frame, new AggregationPlan(_keys, aggregations)));
    }
}
