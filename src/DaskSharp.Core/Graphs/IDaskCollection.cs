namespace DaskSharp.Graphs;

/// <summary>
/// A lazy collection (Delayed, arrays, dataframes): a graph, the keys its result is made from, and
/// how to build the result from their values (Dask's <c>__dask_graph__</c>, <c>__dask_keys__</c>,
/// <c>__dask_postcompute__</c>).
/// </summary>
public interface IDaskCollection
{
    /// <summary>The keys whose values make the result, in the order <see cref="Finalize"/> expects.</summary>
    IReadOnlyList<Key> OutputKeys { get; }

    /// <summary>Adds this collection's graph to <paramref name="builder"/> (skipping what is already there).</summary>
    void AddGraph(GraphBuilder builder);

    /// <summary>Builds the user-facing result from the output keys' values.</summary>
    object? Finalize(ReadOnlySpan<object?> values);
}
