using DaskSharp.Distributed.Scheduling;

namespace DaskSharp.Distributed.Cluster;

/// <summary>One worker as the adaptive policy weighs it.</summary>
/// <param name="Name">Its name (what the cluster starts and stops it by).</param>
/// <param name="Threads">Task threads.</param>
/// <param name="Processing">Tasks the scheduler assigned to it.</param>
/// <param name="MemoryLimit">Bytes (0: none).</param>
/// <param name="ManagedBytes">Bytes of results it holds.</param>
public readonly record struct AdaptiveWorker(string Name, int Threads, int Processing, long MemoryLimit, long ManagedBytes);

/// <summary>The scheduler's load, in the numbers distributed's <c>adaptive_target</c> reads.</summary>
/// <param name="Workers">The workers, in the scheduler's order.</param>
/// <param name="Queued">Ready root tasks held back until a worker has room.</param>
/// <param name="NoWorker">Ready tasks no worker can run (distributed's <c>unrunnable</c>).</param>
/// <param name="Occupancy">Expected seconds of the tasks assigned to workers (<c>total_occupancy</c>).</param>
/// <param name="QueuedOccupancy">Expected seconds of the queued and no-worker tasks.</param>
public sealed record AdaptiveLoad(IReadOnlyList<AdaptiveWorker> Workers, int Queued, int NoWorker, double Occupancy, double QueuedOccupancy)
{
    /// <summary>Seconds a task of a prefix that never finished is expected to take (distributed's <c>unknown-task-duration</c>).</summary>
    public const double UnknownTaskDuration = 0.5;

    /// <summary>The load in a scheduler snapshot: occupancy is each prefix's tasks times its measured duration.</summary>
    /// <remarks>
    /// distributed samples 100 queued tasks and scales their durations up to the queue's length; the
    /// snapshot counts tasks per prefix, so this sums exactly what that sample estimates.
    /// </remarks>
    public static AdaptiveLoad From(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int queued = 0;
        int noWorker = 0;
        double occupancy = 0;
        double queuedOccupancy = 0;
        foreach (PrefixSnapshot prefix in snapshot.Prefixes)
        {
            double duration = prefix.DurationAverage ?? UnknownTaskDuration;
            queued += prefix[TaskState.Queued];
            noWorker += prefix[TaskState.NoWorker];
            occupancy += prefix[TaskState.Processing] * duration;
            queuedOccupancy += (prefix[TaskState.Queued] + prefix[TaskState.NoWorker]) * duration;
        }

        AdaptiveWorker[] workers = [.. snapshot.Workers.Select(w => new AdaptiveWorker(w.Name, w.Threads, w.Processing, w.MemoryLimit, w.ManagedBytes))];
        return new AdaptiveLoad(workers, queued, noWorker, occupancy, queuedOccupancy);
    }
}

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
