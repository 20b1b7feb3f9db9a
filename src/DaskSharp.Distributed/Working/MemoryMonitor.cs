namespace DaskSharp.Distributed.Working;

/// <summary>One reading of a worker's memory, taken every 100 ms.</summary>
/// <param name="ProcessBytes">The process's resident memory (meaningful only for a worker alone in its process).</param>
/// <param name="ManagedBytes">Bytes of the results held in memory, by the registry's <c>SizeOf</c>.</param>
/// <param name="HasSpillable">Whether any result in memory could still be written or dropped.</param>
/// <param name="WritesPending">Whether spill writes are queued or in flight.</param>
internal readonly record struct MemoryReading(long ProcessBytes, long ManagedBytes, bool HasSpillable, bool WritesPending);

/// <summary>What the memory monitor asks its worker to do.</summary>
internal abstract record MemoryAction;

/// <summary>Move at least <paramref name="Bytes"/> of results out of memory (process memory is above the spill threshold).</summary>
internal sealed record EvictResults(long Bytes) : MemoryAction;

/// <summary>Collect garbage so freed memory goes back to the OS; <paramref name="Aggressive"/> (above the pause threshold) also compacts the heaps and decommits all it can.</summary>
internal sealed record CollectGarbage(bool Aggressive) : MemoryAction;

/// <summary>Stop starting tasks: <paramref name="UsedBytes"/> is above the pause threshold.</summary>
internal sealed record PauseWorker(long UsedBytes) : MemoryAction;

/// <summary>Start tasks again: <paramref name="UsedBytes"/> fell back under the pause threshold.</summary>
internal sealed record ResumeWorker(long UsedBytes) : MemoryAction;

/// <summary>End the worker process: <paramref name="UsedBytes"/> is above the terminate threshold.</summary>
internal sealed record TerminateWorker(long UsedBytes) : MemoryAction;

/// <summary>Restart the worker: it has been paused for <paramref name="Paused"/> with nothing left to spill.</summary>
internal sealed record RestartPausedWorker(long UsedBytes, TimeSpan Paused) : MemoryAction;

/// <summary>
/// distributed's worker memory manager as a state machine free of I/O: fed a <see cref="MemoryReading"/>
/// and the time, it answers with the actions to take. A worker alone in its process measures the
/// process: above <c>spill</c> it evicts results until the process would be back at <c>target</c>
/// (the target alone does not bring it back when the newest result is the big one) and collects garbage (at most once a second, so a heap that cannot shrink is not collected in a
/// loop); above <c>pause</c> it pauses; above <c>terminate</c> it ends. A worker sharing its process
/// (with the client and other workers) measures only the results it holds, since the process is
/// not its own, and never ends the process. Either kind, paused for the pause timeout with nothing
/// left to spill and no writes pending, is restarted rather than left paused forever.
/// </summary>
internal sealed class MemoryMonitor
{
    /// <summary>Garbage is collected at most this often while process memory stays above the spill threshold.</summary>
    public static readonly TimeSpan CollectInterval = TimeSpan.FromSeconds(1);

    private readonly long _limit;
    private readonly MemoryThresholds _thresholds;
    private readonly bool _ownsProcess;
    private TimeSpan? _pausedSince;
    private TimeSpan? _lastCollect;

    /// <summary>A monitor for a worker with <paramref name="limit"/> bytes (0: no limit, nothing to do).</summary>
    public MemoryMonitor(long limit, MemoryThresholds thresholds, bool ownsProcess)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentNullException.ThrowIfNull(thresholds);
        _limit = limit;
        _thresholds = thresholds;
        _ownsProcess = ownsProcess;
    }

    /// <summary>True while the monitor has the worker paused.</summary>
    public bool Paused => _pausedSince is not null;

    /// <summary>The actions for <paramref name="reading"/>, taken <paramref name="now"/> (any monotonic clock).</summary>
    public IReadOnlyList<MemoryAction> Observe(MemoryReading reading, TimeSpan now)
    {
        if (_limit <= 0)
        {
            return [];
        }

        long used = _ownsProcess ? reading.ProcessBytes : reading.ManagedBytes;
        if (_ownsProcess && used > Bytes(_thresholds.Terminate))
        {
            return [new TerminateWorker(used)];
        }

        List<MemoryAction> actions = [];
        if (used > Bytes(_thresholds.Spill))
        {
            if (reading.HasSpillable)
            {
                actions.Add(new EvictResults(used - Bytes(_thresholds.Target)));
            }

            // Collecting is for a process of the worker's own: in a shared one it would stall the user's program.
            if (_ownsProcess && (_lastCollect is not { } last || now - last >= CollectInterval))
            {
                _lastCollect = now;
                actions.Add(new CollectGarbage(Aggressive: used > Bytes(_thresholds.Pause)));
            }
        }

        if (used > Bytes(_thresholds.Pause))
        {
            if (_pausedSince is not { } since)
            {
                _pausedSince = now;
                actions.Add(new PauseWorker(used));
            }
            else if (!reading.HasSpillable && !reading.WritesPending && now - since >= _thresholds.PauseTimeoutOrDefault)
            {
                actions.Add(new RestartPausedWorker(used, now - since));
            }
        }
        else if (_pausedSince is not null)
        {
            _pausedSince = null;
            actions.Add(new ResumeWorker(used));
        }

        return actions;
    }

    private long Bytes(double fraction) => double.IsPositiveInfinity(fraction) ? long.MaxValue : (long)(_limit * fraction);
}
