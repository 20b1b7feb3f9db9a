namespace DaskSharp.Distributed.Scheduling;

/// <summary>
/// How many tasks a worker may hold before more root tasks wait in the scheduler's queue.
/// Distributed's rule is <c>ceil(worker-saturation × threads)</c> (1.1): root tasks are then taken
/// only as fast as threads free up, so a graph of many roots cannot flood a worker's memory with
/// results that wait for their dependents. With tiny tasks that rule leaves a thread idle for most
/// of every scheduler round trip (a one-thread worker holds two tasks of 2 µs and waits ~400 µs for
/// the next), so for a prefix whose measured run time is far below a round trip and whose results
/// are small, a worker may hold enough of its tasks to cover one round trip — bounded by a small
/// share of its memory, so the guarantee the rule exists for still holds.
/// </summary>
public sealed record RootTaskSlots
{
    /// <summary>The round trip the tiny-task rule covers (a scheduler message and its answer between processes).</summary>
    public double RoundTripSeconds { get; init; } = 0.001;

    /// <summary>A prefix counts as tiny when its tasks run at least this many times faster than a round trip.</summary>
    public double FarBelow { get; init; } = 10;

    /// <summary>…and its results average at most this many bytes.</summary>
    public long SmallResultBytes { get; init; } = 64 * 1024;

    /// <summary>At most this many held tasks per thread, whatever the rule gives.</summary>
    public int MaxPerThread { get; init; } = 64;

    /// <summary>Results of held tiny tasks may fill at most this share of the worker's memory limit (16 MiB without one).</summary>
    public double MemoryShare { get; init; } = 0.01;

    /// <summary>The slots of <paramref name="worker"/> for a root task of <paramref name="prefix"/>.</summary>
    public int For(SchedulerWorker worker, TaskPrefix prefix)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(prefix);
        int slots = worker.Slots;
        if (slots == int.MaxValue || prefix.DurationAverage is not { } seconds || prefix.ResultBytesAverage is not { } bytes)
        {
            return slots; // queuing is off, or nothing is measured yet: distributed's rule
        }

        if (seconds * FarBelow > RoundTripSeconds || bytes > SmallResultBytes)
        {
            return slots;
        }

        double cover = Math.Ceiling(worker.Threads * RoundTripSeconds / Math.Max(seconds, 1e-7));
        double budget = worker.MemoryLimit > 0 ? worker.MemoryLimit * MemoryShare : 16 << 20;
        double byMemory = Math.Floor(budget / Math.Max(bytes, 1));
        double tiny = Math.Min(Math.Min(cover, (double)worker.Threads * MaxPerThread), byMemory);
        return Math.Max(slots, (int)tiny);
    }
}
