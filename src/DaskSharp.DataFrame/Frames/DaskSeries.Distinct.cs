using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

public sealed partial class DaskSeries
{
    // The column OneColumn() holds the values in: the column itself, or the expression under the series' name.
    private string ValuesColumn => Expression is ColumnRef r ? r.Name : Name;

    /// <summary>The number of distinct non-null values, exactly (the distinct values travel through the tree).</summary>
    public FrameScalar NUnique() =>
        new(new Reduce(OneColumn(), new AggregationPlan([], [new Aggregation(ValuesColumn, "nunique", Name)])), Name);

    /// <summary>
    /// pandas' <c>value_counts()</c>: a series named "count", indexed by the distinct values, in one
    /// partition, largest count first; ties in ascending value order, as Dask's aggregate (a sorted
    /// group-by, then a sort by count) gives them. <paramref name="dropna"/> false counts nulls too.
    /// </summary>
    public DaskSeries ValueCounts(bool sort = true, bool dropna = true)
    {
        var plan = new AggregationPlan([ValuesColumn], [new Aggregation(null, "size", "count")], sort: true, dropNa: dropna)
        {
            OrderByDescending = sort ? "count" : null,
        };
        return new DaskSeries(new Reduce(OneColumn(), plan), new ColumnRef("count"), "count");
    }

    /// <summary>
    /// The distinct values (null once, if any), hash-partitioned into <paramref name="splitOut"/>
    /// partitions: by default as many as the frame has (Dask's <c>split_out=True</c>); each keeps
    /// its values in order of first appearance, so <c>splitOut: 1</c> is pandas' <c>unique()</c>.
    /// </summary>
    public DaskSeries Unique(int? splitOut = null)
    {
        var plan = new AggregationPlan([ValuesColumn], [], sort: false, dropNa: false) { Index = null };
        return new DaskSeries(new Reduce(OneColumn(), plan, splitOut: splitOut ?? Frame.NPartitions), new ColumnRef(ValuesColumn), Name);
    }
}
