using System.Diagnostics;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

// Memory: what results weigh, and distributed's monitor that pauses or ends the worker.
public sealed partial class Worker
{
    /// <summary>
    /// distributed's memory monitor: above <c>pause</c> (0.8 of the limit) no new task starts until
    /// memory falls; above <c>terminate</c> (0.95) a worker that owns its process exits and its nanny
    /// starts a fresh one. A worker that owns its process measures the process; an in-process worker
    /// measures the results it holds in memory, since the process is also the user's program.
    /// </summary>
    private async Task MonitorMemoryAsync()
    {
        if (_options.MemoryLimit <= 0)
        {
            return;
        }

        double pause = Threshold("distributed.worker.memory.pause", 0.8);
        double terminate = Threshold("distributed.worker.memory.terminate", 0.95);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                // A worker alone in its process measures the process; one sharing a process with the
                // client and other workers (processes: false) measures the results it holds.
                using var self = System.Diagnostics.Process.GetCurrentProcess();
                double used = (double)(_options.OwnsProcess ? self.WorkingSet64 : _store.MemoryBytes) / _options.MemoryLimit;
                if (used > terminate && _options.OwnsProcess)
                {
                    _logger.LogCritical("Worker {Address} uses {Percent:P0} of its memory limit; exiting so the nanny restarts it", Address, used);
                    Environment.Exit(1);
                }

                if (used > pause && !Paused)
                {
                    _logger.LogWarning("Worker {Address} is at {Percent:P0} of its memory limit; pausing (no new tasks start)", Address, used);
                    Process(new PauseEvent($"worker-pause-{Guid.NewGuid():N}"));
                }
                else if (used <= pause && Paused)
                {
                    _logger.LogWarning("Worker {Address} is at {Percent:P0} of its memory limit; resuming", Address, used);
                    Process(new UnpauseEvent($"worker-unpause-{Guid.NewGuid():N}"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A memory threshold as a fraction of the limit; <c>false</c> turns it off, as in Dask's configuration.</summary>
    private static double Threshold(string key, double fallback) =>
        DaskConfig.TryGet(key, out object? value) && value is false or "false" or "False" ? double.PositiveInfinity : DaskConfig.Get(key, fallback);

    /// <summary>Keeps a result (it may push older ones to disk) and returns its size in bytes.</summary>
    private long Store(Key key, object? value)
    {
        long nbytes = SizeOf.Of(value);
        _store.Set(key, value, nbytes);
        return nbytes;
    }
}
