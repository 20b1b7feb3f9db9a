namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// How many workers a load wants and which ones can go: distributed's <c>Scheduler.adaptive_target</c>
/// and <c>workers_to_close</c>, as pure functions so their arithmetic is tested exactly.
/// </summary>
public static class AdaptivePolicy
{
    /// <summary>How long the work in hand should take with the wanted workers (distributed's <c>adaptive.target-duration</c>).</summary>
    public static readonly TimeSpan DefaultTargetDuration = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <see cref="DesiredWorkers"/> kept within [<paramref name="minimum"/>, <paramref name="maximum"/>]
    /// (distributed's <c>safe_target</c>).
    /// </summary>
    /// <example><code>
    /// // one idle worker, 40 queued tasks of unknown duration: 20 s of work wants 4 workers, capped at 3
    /// int n = AdaptivePolicy.Target(1, 3, new AdaptiveLoad([new("0", 1, 0, 0, 0)], 40, 0, 0, 20));   // 3
    /// </code></example>
    public static int Target(int minimum, int maximum, AdaptiveLoad load, TimeSpan? targetDuration = null) =>
        Math.Clamp(DesiredWorkers(load, targetDuration ?? DefaultTargetDuration), minimum, Math.Max(minimum, maximum));

    /// <summary>
    /// The workers the load wants: enough that the expected seconds of work take
    /// <paramref name="targetDuration"/>, no more than there are tasks, in workers of the current
    /// average size; twice as many when over 60% of memory holds results; when fewer, only as many
    /// fewer as <see cref="WorkersToClose"/> allows.
    /// </summary>
    public static int DesiredWorkers(AdaptiveLoad load, TimeSpan targetDuration)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (targetDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(targetDuration), targetDuration, "The adaptive target duration must be positive.");
        }

        IReadOnlyList<AdaptiveWorker> workers = load.Workers;
        int waiting = load.Queued + load.NoWorker;
        long cpu = (long)Math.Ceiling((load.Occupancy + load.QueuedOccupancy) / targetDuration.TotalSeconds);

        // A few long tasks must not ask for many workers: never more than there are tasks.
        long tasks = waiting + workers.Sum(w => (long)w.Processing);
        cpu = Math.Min(cpu, tasks);

        if (workers.Count > 0)
        {
            long threads = workers.Sum(w => (long)w.Threads);
            cpu = (long)Math.Ceiling((double)cpu / threads * workers.Count);
        }
        else if (waiting > 0)
        {
            cpu = Math.Max(1, cpu);
        }

        long limit = workers.Sum(w => w.MemoryLimit);
        long used = workers.Sum(w => w.ManagedBytes);
        long memory = limit > 0 && used > 0.6 * limit ? 2L * workers.Count : 0;

        int target = (int)Math.Min(int.MaxValue, Math.Max(memory, cpu));
        return target >= workers.Count ? target : workers.Count - WorkersToClose(workers).Count;
    }

    /// <summary>
    /// Workers that can go at little cost (distributed's <c>workers_to_close</c>): idle ones, those
    /// holding the least data first. With a <paramref name="target"/>, as many as bring the count down
    /// to it; without, every idle one as long as those left have twice the memory their data needs.
    /// </summary>
    /// <returns>Their names, in the order they should go.</returns>
    public static IReadOnlyList<string> WorkersToClose(IReadOnlyList<AdaptiveWorker> workers, int? target = null)
    {
        ArgumentNullException.ThrowIfNull(workers);
        int? n = target is { } t ? Math.Max(0, workers.Count - t) : null;
        const double memoryRatio = 2;
        long limit = workers.Sum(w => w.MemoryLimit);
        long total = workers.Sum(w => w.ManagedBytes);

        // Idle before busy, then least data first, then the later of equals (distributed sorts the other way and pops from the end).
        AdaptiveWorker[] order = [.. workers.Select((w, i) => (w, i)).OrderBy(p => p.w.Processing > 0).ThenBy(p => p.w.ManagedBytes).ThenByDescending(p => p.i).Select(p => p.w)];
        var close = new List<string>();
        int remaining = workers.Count;
        foreach (AdaptiveWorker w in order)
        {
            if (n is null && w.Processing > 0)
            {
                break;
            }

            limit -= w.MemoryLimit;
            bool enough = n is { } count ? remaining - 1 >= workers.Count - count : limit >= memoryRatio * total;
            if (!enough)
            {
                break;
            }

            close.Add(w.Name);
            remaining--;
        }

        return close;
    }
}
