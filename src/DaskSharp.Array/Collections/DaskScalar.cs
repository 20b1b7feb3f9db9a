using DaskSharp.Graphs;

namespace DaskSharp;

/// <summary>
/// A lazy single value: the result of reducing a whole array (<c>x.Sum()</c>, <c>x.Mean()</c>).
/// It is a 0-d <see cref="DaskArray{TValue}"/> whose <see cref="Compute"/> returns the value itself,
/// so <c>double total = y.Sum().Compute();</c> reads as in Dask; it converts to the 0-d array for
/// further arithmetic.
/// </summary>
public sealed class DaskScalar<TValue> : IDaskCollection
    where TValue : unmanaged
{
    internal DaskScalar(DaskArray<TValue> array)
    {
        if (array.Rank != 0)
        {
            throw new ArgumentException($"A scalar is a 0-d array, not {array.Rank}-d.", nameof(array));
        }

        Array = array;
    }

    /// <summary>The 0-d array.</summary>
    public DaskArray<TValue> Array { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Key> OutputKeys => Array.OutputKeys;

    /// <summary>The 0-d array, for arithmetic with other arrays.</summary>
    public static implicit operator DaskArray<TValue>(DaskScalar<TValue> scalar) => (scalar ?? throw new ArgumentNullException(nameof(scalar))).Array;

    /// <inheritdoc/>
    public void AddGraph(GraphBuilder builder) => Array.AddGraph(builder);

    /// <inheritdoc/>
    public object? Finalize(ReadOnlySpan<object?> values) => ((NDArray<TValue>)values[0]!).Item();

    /// <summary>Computes the value.</summary>
    /// <exception cref="TaskFailedException">a task threw; the inner exception is the original.</exception>
    public TValue Compute(string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        (TValue)Dask.ComputeCollections([this], scheduler, optimizeGraph, cancellationToken)[0]!;

    /// <summary>The asynchronous twin of <see cref="Compute"/>.</summary>
    public async Task<TValue> ComputeAsync(string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        (TValue)(await Dask.ComputeCollectionsAsync([this], scheduler, optimizeGraph, cancellationToken).ConfigureAwait(false))[0]!;

    /// <inheritdoc/>
    public override string ToString() => Array.ToString();
}
