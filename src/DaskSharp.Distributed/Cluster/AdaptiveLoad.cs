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
