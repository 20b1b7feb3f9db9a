namespace DaskSharp.Execution;

/// <summary>
/// The shuffle service of the executor running the current thread's task: each executor thread
/// (the local schedulers' threads, a worker's task threads) enters its executor's service before
/// it runs tasks, and leaves it after, so a nested compute inside a task gets its own.
/// </summary>
public static class ShuffleServices
{
    [ThreadStatic]
    private static IShuffleService? t_current;

    /// <summary>The service of the executor running this task.</summary>
    /// <exception cref="InvalidOperationException">outside a task of an executor that has one.</exception>
    public static IShuffleService Current => t_current
        ?? throw new InvalidOperationException("A peer-to-peer shuffle task ran outside an executor with a shuffle service (the local schedulers and distributed workers have one); run the graph with Compute or a Client.");

    /// <summary>Makes <paramref name="service"/> this thread's until the returned scope is disposed (which restores the one before).</summary>
    public static Scope Enter(IShuffleService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        IShuffleService? previous = t_current;
        t_current = service;
        return new Scope(previous);
    }

    /// <summary>Restores the thread's previous service.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly IShuffleService? _previous;

        internal Scope(IShuffleService? previous) => _previous = previous;

        /// <inheritdoc/>
        public void Dispose() => t_current = _previous;
    }
}
