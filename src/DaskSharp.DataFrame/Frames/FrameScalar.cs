using System.Globalization;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames;

/// <summary>One value reduced from a frame (Dask's <c>Scalar</c>), lazily.</summary>
public sealed class FrameScalar : IDaskCollection
{
    private readonly FrameGraph _graph;
    private readonly string _column;

    internal FrameScalar(FrameExpr plan, string column)
    {
        Plan = plan;
        _column = column;
        _graph = new FrameGraph(plan);
    }

    /// <summary>The plan (a reduction).</summary>
    public FrameExpr Plan { get; }

    /// <summary>The value: a long, a double, a DateTime, or null when there was nothing to reduce.</summary>
    public object? Compute(string? scheduler = null, CancellationToken cancellationToken = default) =>
        Dask.ComputeCollections([this], scheduler, true, cancellationToken)[0];

    /// <summary>The value converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">when it is null (e.g. the max of no values).</exception>
    public T Compute<T>(string? scheduler = null, CancellationToken cancellationToken = default) =>
        Compute(scheduler, cancellationToken) is { } v
            ? (T)Convert.ChangeType(v, typeof(T), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The {_column} reduction has no value (no non-null values).");

    /// <summary>The plan before and after optimisation.</summary>
    public string Explain() => Plan.Explain();

    /// <inheritdoc/>
    IReadOnlyList<Key> IDaskCollection.OutputKeys => _graph.OutputKeys;

    /// <inheritdoc/>
    void IDaskCollection.AddGraph(GraphBuilder builder) => _graph.AddTo(builder);

    /// <inheritdoc/>
    object? IDaskCollection.Finalize(ReadOnlySpan<object?> values) => LocalFrame.Value(((Partition)values[0]!).Column(_column), 0);

    /// <inheritdoc/>
    public override string ToString() => $"dd.Scalar<{Plan.Describe()}>";
}
