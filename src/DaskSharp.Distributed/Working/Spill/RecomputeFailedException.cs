using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Working.Spill;

/// <summary>
/// The recipe of a result that the worker dropped from memory (instead of spilling it) threw when a
/// read asked for the result back; <see cref="Exception.InnerException"/> is what it threw.
/// </summary>
internal sealed class RecomputeFailedException : Exception
{
    /// <summary>For <paramref name="key"/>, whose recipe threw <paramref name="inner"/>.</summary>
    public RecomputeFailedException(Key key, Exception inner)
        : base($"The result of {key} was dropped from memory to be recomputed instead of spilled, and recomputing it failed: {inner.Message}", inner)
    {
        Key = key;
    }

    /// <summary>The result that could not be rebuilt.</summary>
    public Key Key { get; }
}
