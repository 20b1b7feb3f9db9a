using System.Runtime;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

// Memory: what results weigh, the monitor's shell that spills, collects, pauses, restarts or ends
// the worker, and the recipes that let cheap results be dropped instead of written.
public sealed partial class Worker
{
    /// <summary>How long a worker leaving for memory waits for its reason to reach the scheduler.</summary>
    private static readonly TimeSpan s_leavingBound = TimeSpan.FromSeconds(2);

    private readonly MemoryThresholds _thresholds;

    /// <summary>
    /// Polls memory every 100 ms and carries out what the <see cref="MemoryMonitor"/> decides
    /// (the decisions, and why, are there). A worker alone in its process measures the process's
    /// resident memory; one sharing its process measures the results it holds.
    /// </summary>
    private async Task MonitorMemoryAsync()
    {
        if (_options.MemoryLimit <= 0)
        {
            return;
        }

        var monitor = new MemoryMonitor(_options.MemoryLimit, _thresholds, _options.OwnsProcess);
        long started = _time.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                var reading = new MemoryReading(
                    _options.OwnsProcess ? Environment.WorkingSet : 0, _store.MemoryBytes, _store.HasSpillable, _store.WritesPending);
                foreach (MemoryAction action in monitor.Observe(reading, _time.GetElapsedTime(started)))
                {
                    if (!await ActAsync(action).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Carries out one decision of the monitor; false once the worker is leaving.</summary>
    private async Task<bool> ActAsync(MemoryAction action)
    {
        long limit = _options.MemoryLimit;
        switch (action)
        {
            case EvictResults evict:
                _store.Evict(evict.Bytes);
                return true;
            case CollectGarbage collect:
                // Results written since the last collection are garbage now (those still in flight
                // are collected next time: waiting for them here would stall the monitor).
                if (collect.Aggressive)
                {
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }
                else
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                }

                return true;
            case PauseWorker pause:
                _logger.LogWarning("Worker {Address} is at {Used} of its {Limit} memory limit; pausing (no new tasks start until it spills or frees memory)", Address, ByteSize.Format(pause.UsedBytes), ByteSize.Format(limit));
                Process(new PauseEvent(NextStimulus("worker-pause")));
                return true;
            case ResumeWorker resume:
                _logger.LogWarning("Worker {Address} is at {Used} of its {Limit} memory limit; resuming", Address, ByteSize.Format(resume.UsedBytes), ByteSize.Format(limit));
                Process(new UnpauseEvent(NextStimulus("worker-unpause")));
                return true;
            case TerminateWorker end:
                await LeaveForMemoryAsync(TerminateReason(end.UsedBytes, limit, _thresholds.Terminate)).ConfigureAwait(false);
                return false;
            case RestartPausedWorker restart:
                await LeaveForMemoryAsync(PausedTooLongReason(restart.UsedBytes, limit, restart.Paused)).ConfigureAwait(false);
                return false;
            default:
                throw new InvalidOperationException($"The memory monitor asked for {action}, which the worker does not know.");
        }
    }

    /// <summary>
    /// Tells the scheduler why the worker goes (its tasks' <c>KilledWorker</c> errors quote it),
    /// then ends: a worker alone in its process exits with <see cref="WorkerHost.MemoryExitCode"/>
    /// so its nanny starts a fresh one; an in-process worker closes, and its cluster starts another.
    /// </summary>
    private async Task LeaveForMemoryAsync(string reason)
    {
        try
        {
            _logger.LogCritical("Worker {Address} is leaving: {Reason}", Address, reason);
            await ReportLeavingAsync(reason, s_leavingBound).ConfigureAwait(false);
        }
        catch (OutOfMemoryException)
        {
            // Still no room to say why: the scheduler sees the worker go without a reason.
        }

        if (_options.OwnsProcess)
        {
            Environment.Exit(WorkerHost.MemoryExitCode);
        }

        _ = Task.Run(() => DisposeAsync().AsTask());
    }

    /// <summary>
    /// Runs one of the worker's background loops or requests (the scheduler link's reader, the
    /// heartbeats, the memory monitor, a fetch from a peer) so that running out of memory in it ends
    /// the worker for memory, as in a task. On the thread pool the exception would end only that
    /// loop, silently, and leave a worker that looks alive: one that no longer reads the scheduler's
    /// messages, reports its memory, resumes from a pause, or finishes a fetch, so tasks wait on it
    /// forever.
    /// </summary>
    /// <param name="run">The loop or request.</param>
    /// <param name="what">What it does, for the reason the worker gives ("fetching 2 keys from tcp://…").</param>
    private async Task OrLeaveForMemoryAsync(Func<Task> run, Func<string> what)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (OutOfMemoryException)
        {
            string where = _options.OwnsProcess ? $" at the heap's hard limit ({ByteSize.Format(_options.MemoryLimit)}, the worker's memory limit)" : string.Empty;
            await LeaveForMemoryAsync($"{what()} ran out of memory{where}").ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a result (older ones may then leave memory) and returns its size in bytes.</summary>
    /// <param name="key">The task's key.</param>
    /// <param name="value">Its result.</param>
    /// <param name="rootSpec">The task as it came from the scheduler when it has no inputs, else null.</param>
    /// <param name="seconds">How long it ran.</param>
    private long Store(Key key, object? value, object? rootSpec, double seconds)
    {
        long nbytes = SizeOf.Of(value);
        _store.RecordCompute(key.Prefix, seconds, nbytes);
        _store.Set(key, value, nbytes, rootSpec is null ? null : RecipeFor(rootSpec, nbytes));
        return nbytes;
    }

    /// <summary>Keeps a result fetched from a peer (never rebuilt here: the task ran elsewhere).</summary>
    private long Store(Key key, object? value)
    {
        long nbytes = SizeOf.Of(value);
        _store.Set(key, value, nbytes);
        return nbytes;
    }

    /// <summary>
    /// How to rebuild a result instead of writing it to disk: only for a task with no inputs (a
    /// seeded random block, <c>Ones</c>), whose rebuilding needs nothing else that might be gone,
    /// and only from its serialised form when that is small beside the result — a task that
    /// carries its data (a scattered array) would keep the bytes it pretends to free.
    /// </summary>
    private Func<object?>? RecipeFor(object spec, long nbytes)
    {
        if (!_thresholds.Recompute || spec is not SerializedTask task || nbytes < 1 << 16 || SerializedBytes(task) * 16 > nbytes)
        {
            return null;
        }

        return () => Deserialize(task).Execute(this);
    }

    private static long SerializedBytes(SerializedTask task)
    {
        long bytes = task.Header.Length;
        foreach (ReadOnlyMemory<byte> frame in task.Frames)
        {
            bytes += frame.Length;
        }

        foreach (byte[] function in task.Functions)
        {
            bytes += function.Length;
        }

        return bytes;
    }
}
