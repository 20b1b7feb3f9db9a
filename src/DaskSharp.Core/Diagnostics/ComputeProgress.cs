namespace DaskSharp.Diagnostics;

/// <summary>
/// A live view of one computation, passed to <see cref="Callback"/>s: how many tasks there are,
/// how many have finished, and how many results are held in memory right now.
/// </summary>
public sealed class ComputeProgress
{
    private int _completed;
    private int _held;
    private int _maxHeld;

    internal ComputeProgress(int totalTasks, string scheduler, int workers)
    {
        TotalTasks = totalTasks;
        Scheduler = scheduler;
        Workers = workers;
    }

    /// <summary>Tasks in the optimised graph.</summary>
    public int TotalTasks { get; }

    /// <summary>The scheduler running it (<c>threads</c>, <c>sync</c>, …).</summary>
    public string Scheduler { get; }

    /// <summary>How many threads run tasks.</summary>
    public int Workers { get; }

    /// <summary>Tasks finished so far.</summary>
    public int CompletedTasks => Volatile.Read(ref _completed);

    /// <summary>Results held in memory now (outputs plus intermediates not yet released).</summary>
    public int HeldResults => Volatile.Read(ref _held);

    /// <summary>The most results held at once so far.</summary>
    public int MaxHeldResults => Volatile.Read(ref _maxHeld);

    /// <summary>Wall time since the computation started.</summary>
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(StartTimestamp);

    internal long StartTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    // Called under the scheduler's lock, so plain writes are ordered; reads from other threads
    // (a progress bar's timer) use Volatile.Read.
    internal void Completed(int released)
    {
        Volatile.Write(ref _completed, _completed + 1);
        int held = _held + 1 - released;
        Volatile.Write(ref _held, held);
        if (held > _maxHeld)
        {
            Volatile.Write(ref _maxHeld, held);
        }
    }
}
