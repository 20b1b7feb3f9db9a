using DaskSharp.DataFrames.Plan;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames;

/// <summary>
/// A whole-frame reduction, lazily: <c>df.Sum()</c>, <c>df.Describe()</c>. All columns are reduced
/// in one tree (one <see cref="Plan.Operators.Reduce"/> whose single result row holds every
/// column's value); <see cref="Compute"/> then lays that row out as pandas does: a frame indexed
/// by column name (pandas' Series; the index column is named "column") or, for Describe, by
/// statistic (index "statistic", a column per described column).
/// </summary>
public sealed class FrameReduction : IDaskCollection
{
    private readonly FrameGraph _graph;
    private readonly Func<Partition, Partition> _layout;

    internal FrameReduction(FrameExpr plan, Func<Partition, Partition> layout)
    {
        Plan = plan;
        _layout = layout;
        _graph = new FrameGraph(plan);
    }

    /// <summary>The plan (one reduction).</summary>
    public FrameExpr Plan { get; }

    /// <summary>Computes the values, laid out as pandas' result.</summary>
    public LocalFrame Compute(string? scheduler = null, CancellationToken cancellationToken = default) =>
        (LocalFrame)Dask.ComputeCollections([this], scheduler, true, cancellationToken)[0]!;

    /// <summary>The plan before and after optimisation.</summary>
    public string Explain() => Plan.Explain();

    /// <inheritdoc/>
    IReadOnlyList<Key> IDaskCollection.OutputKeys => _graph.OutputKeys;

    /// <inheritdoc/>
    void IDaskCollection.AddGraph(GraphBuilder builder) => _graph.AddTo(builder);

    /// <inheritdoc/>
    object? IDaskCollection.Finalize(ReadOnlySpan<object?> values) => new LocalFrame(_layout((Partition)values[0]!));

    /// <inheritdoc/>
    public override string ToString() => $"dd.Reduction<{Plan.Describe()}>";
}
