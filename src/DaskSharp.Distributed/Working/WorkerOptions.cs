using DaskSharp.Distributed.Comm;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

/// <summary>How to start a <see cref="Worker"/> (checked by <see cref="Validate"/>, in WorkerOptions.Validation.cs).</summary>
public sealed partial record WorkerOptions
{
    /// <summary>The scheduler to join.</summary>
    public required string SchedulerAddress { get; init; }

    /// <summary>The cluster's secret (TCP).</summary>
    public string? Secret { get; init; }

    /// <summary>Where peers and clients fetch data from this worker; port 0 picks a free one.</summary>
    public string ListenAddress { get; init; } = "tcp://127.0.0.1:0";

    /// <summary>Tasks run at once.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory limit in bytes (0: none), reported to the scheduler.</summary>
    public long MemoryLimit { get; init; }

    /// <summary>A name for logs and the dashboard; the address when null.</summary>
    public string? Name { get; init; }

    /// <summary>Mutual TLS (needed when the scheduler's address is <c>tls://</c>; the worker then listens on TLS too).</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>
    /// distributed's <c>local_directory</c>: the worker makes its own directory under
    /// <c>&lt;this&gt;/dask-scratch-space</c> (the system's temporary directory when null) and removes
    /// it when it stops; the directories of dead workers there are removed as well.
    /// </summary>
    public string? LocalDirectory { get; init; }

    /// <summary>The memory thresholds (target, spill, pause, terminate, pause timeout); from the configuration (<c>distributed.worker.memory.*</c>, <c>DASK_DISTRIBUTED__WORKER__MEMORY__*</c>) when null.</summary>
    public MemoryThresholds? Memory { get; init; }

    /// <summary>
    /// True when the worker is the only thing in its process (a <c>dask worker</c>): past the
    /// terminate threshold it exits so its nanny restarts it. In-process workers never exit the process.
    /// </summary>
    public bool OwnsProcess { get; init; }

    /// <summary>How often the worker reports to the scheduler.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// distributed's <c>death_timeout</c>: how long to keep trying to join the scheduler before
    /// giving up with a <see cref="TimeoutException"/>; null (Dask's default) keeps trying.
    /// </summary>
    public TimeSpan? DeathTimeout { get; init; }

    /// <summary>Where to log.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// The clock behind every timer, delay, timeout and time stamp of the worker's shell (heartbeat,
    /// memory monitor, result flush, death timeout, connect back-off, task and transfer timings); a
    /// test passes a fake one to drive them. The state machine never reads time.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
