using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>
/// <c>df.GroupBy(keys)</c>, waiting for its aggregation (Dask's <c>DataFrameGroupBy</c>). Every
/// aggregation takes <c>splitOut</c>: the number of output partitions, hash-partitioned by key
/// (none given: Dask's automatic choice, <see cref="AutomaticSplitOut"/>).
/// </summary>
public sealed partial class DaskGroupBy
{
    private readonly FrameExpr _frame;
    private readonly string[] _keys;
    private readonly bool _dropNa;
    private readonly bool? _sort;
    private readonly string[]? _columns;

    internal DaskGroupBy(FrameExpr frame, string[] keys, bool dropNa = true, bool? sort = null, string[]? columns = null)
    {
        _frame = frame;
        _keys = keys;
        _dropNa = dropNa;
        _sort = sort;
        _columns = columns;
    }

    /// <summary>One column of the groups (Dask's <c>SeriesGroupBy</c>): <c>df.GroupBy("name")["x"].Mean()</c>.</summary>
    public DaskSeriesGroupBy this[string column]
    {
        get
        {
            _ = _frame.Schema.Ordinal(column);
            return new DaskSeriesGroupBy(this, column);
        }
    }

    /// <summary>Some columns of the groups: their aggregations skip the others.</summary>
    public DaskGroupBy this[params string[] columns]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(columns);
            foreach (string c in columns)
            {
                _ = _frame.Schema.Ordinal(c);
            }

            return new DaskGroupBy(_frame, _keys, _dropNa, _sort, columns);
        }
    }

    /// <summary>Several aggregations at once: <c>Agg(("x", "mean"), ("y", "sum"))</c>; each output is named after its column.</summary>
    public DaskDataFrame Agg(params (string Column, string How)[] aggregations) => Agg(aggregations, null);

    /// <summary>Several aggregations with output names: <c>Agg(("mean_x", "x", "mean"))</c>.</summary>
    public DaskDataFrame Agg(params (string Output, string Column, string How)[] aggregations) => Agg(aggregations, null);

    /// <summary>Several aggregations, the result in <paramref name="splitOut"/> partitions: <c>Agg([("x", "sum")], splitOut: 4)</c>.</summary>
    public DaskDataFrame Agg((string Column, string How)[] aggregations, int? splitOut)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        return Aggregate([.. aggregations.Select(a => new Aggregation(a.Column, a.How, a.Column))], splitOut);
    }

    /// <summary>Several named aggregations, the result in <paramref name="splitOut"/> partitions.</summary>
    public DaskDataFrame Agg((string Output, string Column, string How)[] aggregations, int? splitOut)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        return Aggregate([.. aggregations.Select(a => new Aggregation(a.Column, a.How, a.Output))], splitOut);
    }

    /// <summary>The sum of every other column per group.</summary>
    public DaskDataFrame Sum(int? splitOut = null) => Each("sum", splitOut);

    /// <summary>The mean of every other column per group.</summary>
    public DaskDataFrame Mean(int? splitOut = null) => Each("mean", splitOut);

    /// <summary>The non-null count of every other column per group.</summary>
    public DaskDataFrame Count(int? splitOut = null) => Each("count", splitOut);

    /// <summary>The smallest value of every other column per group.</summary>
    public DaskDataFrame Min(int? splitOut = null) => Each("min", splitOut);

    /// <summary>The largest value of every other column per group.</summary>
    public DaskDataFrame Max(int? splitOut = null) => Each("max", splitOut);

    /// <summary>The sample variance (ddof = 1) of every other column per group.</summary>
    public DaskDataFrame Var(int? splitOut = null) => Each("var", splitOut);

    /// <summary>The sample standard deviation (ddof = 1) of every other column per group.</summary>
    public DaskDataFrame Std(int? splitOut = null) => Each("std", splitOut);

    /// <summary>The first non-null value of every other column per group, in row order (pandas' <c>first</c>).</summary>
    public DaskDataFrame First(int? splitOut = null) => Each("first", splitOut);

    /// <summary>The last non-null value of every other column per group, in row order (pandas' <c>last</c>).</summary>
    public DaskDataFrame Last(int? splitOut = null) => Each("last", splitOut);

    /// <summary>The number of distinct non-null values of every other column per group, exactly.</summary>
    public DaskDataFrame NUnique(int? splitOut = null) => Each("nunique", splitOut);

    /// <summary>The median of every other column per group (see <see cref="Kernels.QuantileSketch"/> for when it is exact).</summary>
    public DaskDataFrame Median(int? splitOut = null) => Each("median", splitOut);

    /// <summary>The number of rows per group (a column named "size").</summary>
    public DaskDataFrame Size(int? splitOut = null) => Aggregate([new Aggregation(null, "size", "size")], splitOut);

    /// <summary>
    /// dask-expr's split_out when none is given (<c>_adjust_split_out_for_group_keys</c>): one
    /// output partition per 15 input partitions for one key, and for k keys ⌈n (k − 1) / 10⌉; one
    /// when the result must be sorted (<c>sort: true</c>).
    /// </summary>
    public static int AutomaticSplitOut(int npartitions, int keys, bool? sort = null) =>
        sort == true || keys == 0 ? 1
        : keys == 1 ? Math.Max(1, (npartitions + 14) / 15)
        : Math.Max(1, (int)Math.Ceiling(npartitions * (keys - 1) / 10.0));

    private DaskDataFrame Each(string how, int? splitOut) =>
        Aggregate([.. (_columns ?? (IEnumerable<string>)_frame.Schema.Columns).Where(c => !_keys.Contains(c)).Select(c => new Aggregation(c, how, c))], splitOut);

    internal FrameExpr Reduction(Aggregation[] aggregations, int? splitOut)
    {
        if (aggregations.Length == 0)
        {
            throw new ArgumentException("A group-by needs at least one aggregation.", nameof(aggregations));
        }

        int pieces = splitOut ?? AutomaticSplitOut(_frame.NPartitions, _keys.Length, _sort);
        if (pieces > 1 && _sort == true)
        {
            throw new NotSupportedException("Cannot guarantee sorted keys for splitOut > 1 (as Dask). Try splitOut: 1, or grouping with sort: false.");
        }

        // Dask's sort=None: each output partition is sorted by key (one partition: pandas' order).
        var plan = new AggregationPlan(_keys, aggregations, sort: _sort ?? true, dropNa: _dropNa);

        // Each group already in one partition (after a merge or shuffle on the keys): no rows move.
        // Not when one sorted partition was asked for (sort: true) or split_out was given.
        if (splitOut is null && _sort != true && KnownPartitioning.Groups(_frame, _keys))
        {
            return new PartitionedReduce(_frame, plan);
        }

        return new Reduce(_frame, plan, splitOut: pieces);
    }

    private DaskDataFrame Aggregate(Aggregation[] aggregations, int? splitOut) => new(Reduction(aggregations, splitOut));
}
