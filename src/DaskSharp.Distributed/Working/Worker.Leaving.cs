using System.Collections.Concurrent;
using System.Globalization;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

// Memory trouble told before it is too late: why the worker leaves, and results it dropped.
public sealed partial class Worker
{
    private const int DroppedKept = 1000;

    private readonly ConcurrentQueue<(Key Key, long NBytes, double Time)> _dropped = new();

    /// <summary>
    /// Tells the scheduler why this worker is about to exit (<c>worker-leaving</c>), after the
    /// outcomes not yet sent, and waits at most <paramref name="bound"/> for it to be written: the
    /// scheduler logs the reason and names it in the <see cref="KilledWorkerException"/> of a task
    /// that dies with this worker. Never throws: a scheduler that is gone simply does not hear it.
    /// </summary>
    /// <param name="reason">What happened, in words with figures, e.g. <see cref="TerminateReason"/>.</param>
    /// <param name="bound">How long the worker may wait for the message to leave.</param>
    /// <returns>True when the message was written within <paramref name="bound"/>.</returns>
    internal async Task<bool> ReportLeavingAsync(string reason, TimeSpan bound)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        try
        {
            Comm.PeerLink? link;
            lock (_gate)
            {
                link = _disposed == 0 ? _scheduler : null;
                if (link is not null)
                {
                    _outbox.Flush(link);
                }
            }

            if (link is null || !link.Send(MessageCodec.Encode(new WorkerLeavingMessage(reason))))
            {
                return false;
            }

            await link.WhenSentAsync().WaitAsync(bound, _time).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogDebug("Worker {Address} could not tell the scheduler why it leaves ({Reason}): {Error}", Address, reason, e.Message);
            return false;
        }
    }

    /// <summary>
    /// The reason a worker gives when its memory passed the terminate threshold, e.g. "it used
    /// 590 MiB, 98 % of its 600 MiB memory limit, above the terminate threshold (95 %)".
    /// </summary>
    internal static string TerminateReason(long usedBytes, long memoryLimit, double terminate) =>
        string.Create(CultureInfo.InvariantCulture, $"it used {ByteSize.Format(usedBytes)}, {Percent(usedBytes, memoryLimit)} % of its {ByteSize.Format(memoryLimit)} memory limit, above the terminate threshold ({Math.Round(terminate * 100)} %)");

    /// <summary>
    /// The reason a worker gives when it stayed paused for <paramref name="paused"/> with nothing
    /// left to spill, e.g. "it was paused for 60 s with 500 MiB in use, 83 % of its 600 MiB memory
    /// limit, and had nothing left to spill".
    /// </summary>
    internal static string PausedTooLongReason(long usedBytes, long memoryLimit, TimeSpan paused) =>
        string.Create(CultureInfo.InvariantCulture, $"it was paused for {Math.Round(paused.TotalSeconds)} s with {ByteSize.Format(usedBytes)} in use, {Percent(usedBytes, memoryLimit)} % of its {ByteSize.Format(memoryLimit)} memory limit, and had nothing left to spill");

    /// <summary>
    /// Records that the store dropped <paramref name="key"/> (<paramref name="nbytes"/> bytes) to be
    /// recomputed when needed: a <c>recompute-drop</c> bar in the dashboard's task stream, a line in
    /// the log and in <see cref="DroppedStory"/>. Safe from any thread and under the store's lock (it
    /// takes no lock of the worker's). The byte total travels in the heartbeat from
    /// <see cref="DataStore.DroppedBytes"/>, which the store keeps.
    /// </summary>
    internal void NoteDropped(Key key, long nbytes)
    {
        ArgumentNullException.ThrowIfNull(key);
        double now = WallClock.Now(_time);
        _outbox.Activity.Enqueue(new WorkerActivity(ActionKind.RecomputeDrop, now, now, nbytes, null, key));
        _dropped.Enqueue((key, nbytes, now));
        while (_dropped.Count > DroppedKept && _dropped.TryDequeue(out _))
        {
        }

        _logger.LogDebug("Worker {Address} dropped {Key} ({Bytes}) from memory; it will be recomputed when needed", Address, key, ByteSize.Format(nbytes));
    }

    /// <summary>The last results dropped for recompute (at most 1,000), oldest first, with their sizes and wall-clock times.</summary>
    internal IReadOnlyList<(Key Key, long NBytes, double Time)> DroppedStory => [.. _dropped];

    /// <summary>The worker's results and their spill counters (for tests and diagnostics).</summary>
    internal DataStore Results => _store;

    private static double Percent(long used, long limit) => limit > 0 ? Math.Round(100.0 * used / limit) : 0;
}
