using DaskSharp.Graphs;
using DaskSharp.Optimization;

namespace DaskSharp.Execution;

/// <summary>
/// The local schedulers: <see cref="Threads"/> (the default; a pool of one thread per core, or
/// <c>num-workers</c> from the configuration) and <see cref="Sync"/> (everything on the calling
/// thread, in priority order, for debugging and profiling).
/// </summary>
public sealed class LocalScheduler : IScheduler
{
    private readonly int? _workers;

    private LocalScheduler(string name, int? workers)
    {
        Name = name;
        _workers = workers;
    }

    /// <summary>The threaded scheduler with the configured number of threads.</summary>
    public static LocalScheduler Threads { get; } = new("threads", null);

    /// <summary>The single-threaded scheduler.</summary>
    public static LocalScheduler Sync { get; } = new("sync", 1);

    /// <summary>A threaded scheduler with exactly <paramref name="workers"/> threads.</summary>
    public static LocalScheduler WithThreads(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        return new LocalScheduler("threads", workers);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The number of threads this scheduler runs tasks on.</summary>
    public int Workers => _workers ?? DaskConfig.Get("num-workers", Environment.ProcessorCount);

    /// <inheritdoc/>
    public object?[] Get(TaskGraph graph, IReadOnlyList<Key> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(outputs);
        ExecutionPlan plan = graph.CompilePlan(outputs);
        int[] priority = GraphOrder.Compute(plan);
        return LocalExecutor.Run(plan, priority, Workers, Name, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<object?[]> GetAsync(TaskGraph graph, IReadOnlyList<Key> outputs, CancellationToken cancellationToken = default) =>
        // The local schedulers block the thread that calls them (it runs tasks too), so the async
        // twin gives them a thread of their own rather than a thread-pool thread.
        Task.Factory.StartNew(
            () => Get(graph, outputs, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default);

    /// <inheritdoc/>
    public override string ToString() => $"LocalScheduler({Name}, {Workers} thread{(Workers == 1 ? "" : "s")})";
}
