using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames;

/// <summary>
/// A lazy, partitioned frame (Dask's <c>dask.dataframe.DataFrame</c>): Arrow partitions, known or
/// unknown divisions, and a logical plan that every operation extends. <c>Compute()</c> optimises
/// the plan, lowers it to tasks and runs them on the chosen scheduler.
/// </summary>
public sealed partial class DaskDataFrame : IDaskCollection
{
    private readonly FrameGraph _graph;

    /// <summary>A frame whose plan is <paramref name="plan"/>.</summary>
    public DaskDataFrame(FrameExpr plan)
    {
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _graph = new FrameGraph(plan);
    }

    /// <summary>The logical plan, unoptimised.</summary>
    public FrameExpr Plan { get; }

    /// <summary>The data columns.</summary>
    public IReadOnlyList<string> Columns => Plan.Schema.Columns;

    /// <summary>The columns' pandas dtypes.</summary>
    public IReadOnlyList<(string Column, string Dtype)> Dtypes => Plan.Schema.Dtypes;

    /// <summary>The number of partitions.</summary>
    public int NPartitions => Plan.NPartitions;

    /// <summary>The index values bounding the partitions, or null when unknown.</summary>
    public IReadOnlyList<object>? Divisions => Plan.Divisions;

    /// <summary>True when the divisions are known.</summary>
    public bool KnownDivisions => Plan.Divisions is not null;

    /// <summary>One column, lazily.</summary>
    public DaskSeries this[string column]
    {
        get
        {
            _ = Plan.Schema.Ordinal(column); // a missing column fails now, naming its neighbours
            return new DaskSeries(Plan, new ColumnRef(column), column);
        }
    }

    /// <summary>Some columns, lazily.</summary>
    public DaskDataFrame this[params string[] columns] => new(new Projection(Plan, columns));

    /// <summary>The rows where <paramref name="mask"/> (a bool series of this frame) is true.</summary>
    public DaskDataFrame this[DaskSeries mask]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(mask);
            return new DaskDataFrame(new Filter(Plan, mask.SameFrame(Plan, "a filter")));
        }
    }

    /// <summary>This frame with column <paramref name="column"/> set to <paramref name="value"/> (a series of this frame).</summary>
    public DaskDataFrame Assign(string column, DaskSeries value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new DaskDataFrame(new Plan.Operators.Assign(Plan, column, value.SameFrame(Plan, "Assign")));
    }

    /// <summary>Groups the rows by <paramref name="keys"/>.</summary>
    public DaskGroupBy GroupBy(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (string k in keys)
        {
            _ = Plan.Schema.Ordinal(k);
        }

        return new DaskGroupBy(Plan, keys);
    }

    /// <summary>The number of rows, lazily (Dask's <c>len(df)</c> is eager; <c>Len().Compute()</c> is the same).</summary>
    public FrameScalar Len() => new(new Reduce(Plan, new AggregationPlan([], [new Aggregation(null, "size", "len")])), "len");

    /// <summary>
    /// The first <paramref name="n"/> rows, computed from the first <paramref name="npartitions"/>
    /// partitions only (Dask's default of one; fewer rows come back when they hold fewer, and Dask
    /// warns then — here <see cref="LocalFrame.Length"/> says so).
    /// </summary>
    public LocalFrame Head(int n = 5, int npartitions = 1, string? scheduler = null) =>
        new DaskDataFrame(new Head(Plan, n, npartitions == -1 ? NPartitions : npartitions)).Compute(scheduler);

    /// <summary>Computes the frame: its partitions, one after the other, in memory.</summary>
    public LocalFrame Compute(string? scheduler = null, CancellationToken cancellationToken = default) =>
        (LocalFrame)Dask.ComputeCollections([this], scheduler, true, cancellationToken)[0]!;

    /// <summary>The plan before and after optimisation.</summary>
    public string Explain() => Plan.Explain();

    /// <inheritdoc/>
    IReadOnlyList<Key> IDaskCollection.OutputKeys => _graph.OutputKeys;

    /// <inheritdoc/>
    void IDaskCollection.AddGraph(GraphBuilder builder) => _graph.AddTo(builder);

    /// <inheritdoc/>
    object? IDaskCollection.Finalize(ReadOnlySpan<object?> values)
    {
        var parts = new Partition[values.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = (Partition)values[i]!;
        }

        return new LocalFrame(Kernels.Take.Concat(parts));
    }
}
