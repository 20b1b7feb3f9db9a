using DaskSharp.Graphs;

namespace DaskSharp.Execution;

/// <summary>
/// Something that runs a task graph: the local <c>threads</c> and <c>sync</c> schedulers here, and
/// the distributed client when one registers itself. Collections pick one at <c>Compute()</c> time
/// through <see cref="SchedulerRegistry"/>, so they never reference the distributed layer.
/// </summary>
public interface IScheduler
{
    /// <summary>The name it is registered under.</summary>
    string Name { get; }

    /// <summary>
    /// True when tasks run in this process and may write into its objects (the local schedulers, a client
    /// of in-process workers); false when they run in other processes, which see only copies.
    /// </summary>
    bool RunsTasksInThisProcess => true;

    /// <summary>Computes <paramref name="outputs"/> of an optimised graph; returns their values in order.</summary>
    object?[] Get(TaskGraph graph, IReadOnlyList<Key> outputs, CancellationToken cancellationToken = default);

    /// <summary>The asynchronous twin of <see cref="Get"/>.</summary>
    Task<object?[]> GetAsync(TaskGraph graph, IReadOnlyList<Key> outputs, CancellationToken cancellationToken = default);
}
