using System.Collections.Concurrent;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Working;

/// <summary>
/// The worker's I/O shell around <see cref="WorkerState"/>: one loop feeds it the scheduler's
/// messages and the outcomes of work, then carries out its instructions — tasks on
/// <see cref="WorkerOptions.Threads"/> dedicated threads, inputs fetched straight from peers,
/// results and errors batched back to the scheduler. Peers and clients read results through the
/// worker's own listener (<c>get-data</c>).
/// </summary>
public sealed partial class Worker : IAsyncDisposable, IValueLookup
{
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(1);

    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly WorkerState _state;
    private readonly DataStore _store;
    private readonly object _gate = new();
    private readonly SchedulerOutbox _outbox;
    private readonly BlockingCollection<(Key Key, object Spec)> _toRun = [];
    private readonly CodeLoadContext _code;
    private readonly WorkerDirectory _directory;
    private readonly ConnectionPool _peers;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _retired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread[] _threads = [];
    private IListener? _listener;
    private PeerLink? _scheduler;
    private long _stimulus;
    private bool _flushScheduled;
    private (TimeSpan Cpu, long At) _lastCpu;
    private int _disposed;
    private volatile bool _restartRequested;

    private Worker(WorkerOptions options)
    {
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _time = options.TimeProvider ?? TimeProvider.System;
        _outbox = new SchedulerOutbox(_time);
        _lastCpu = (TimeSpan.Zero, _time.GetTimestamp());
        _state = new WorkerState(options.Threads);
        _code = new CodeLoadContext($"worker-code-{Guid.NewGuid():N}");
        _peers = new ConnectionPool(options.Secret, options.Tls);
        _thresholds = options.Memory ?? MemoryThresholds.FromConfig();
        _directory = WorkerDirectory.Create(options.LocalDirectory, _logger);
        LocalDirectory = _directory.Path;
        _shuffleService = NewShuffleService();
        _store = new DataStore(Path.Combine(LocalDirectory, "storage"), options.MemoryLimit > 0 ? (long)(options.MemoryLimit * _thresholds.Target) : 0, _logger, _time)
        {
            DiskActivity = _outbox.Activity.Enqueue,
            Dropped = NoteDropped,
        };
        long physical = SystemMemory.Total;
        if (options.MemoryLimit > physical)
        {
            _logger.LogWarning("Worker {Name}'s memory limit of {Limit} is more than this machine's {Physical}: it will not pause or spill before the machine runs out", options.Name ?? "(unnamed)", ByteSize.Format(options.MemoryLimit), ByteSize.Format(physical));
        }
    }

    /// <summary>Where results spill when memory runs short: this worker's own directory under the local directory's <c>dask-scratch-space</c>, removed when it stops.</summary>
    public string LocalDirectory { get; }

    /// <summary>Results on disk now (spilled under memory pressure).</summary>
    public int SpilledCount => _store.SpilledCount;

    /// <summary>True while paused: process memory is above the pause threshold, so no new task starts.</summary>
    public bool Paused => _state.Paused;

    /// <summary>The address peers and clients fetch data from.</summary>
    public string Address => _listener?.Address ?? string.Empty;

    /// <summary>The worker's name.</summary>
    public string Name => _options.Name ?? Address;

    /// <summary>Threads running tasks.</summary>
    public int Threads => _options.Threads;

    /// <summary>Keys whose results are held here (a snapshot).</summary>
    public IReadOnlyCollection<Key> Keys => _store.Keys;

    /// <summary>Completes when the worker has stopped (closed, or the scheduler went away).</summary>
    public Task Finished => _finished.Task;

    /// <summary>True when the worker stopped because the scheduler ended the link without being asked (it closed or died).</summary>
    public bool SchedulerLost { get; private set; }

    /// <summary>Starts a worker and registers it with the scheduler.</summary>
    /// <exception cref="IOException">when the scheduler refuses the worker.</exception>
    /// <exception cref="TimeoutException">when it cannot be joined within <see cref="WorkerOptions.DeathTimeout"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">for options no worker can run with (<see cref="WorkerOptions.Validate"/>).</exception>
    public static async Task<Worker> StartAsync(WorkerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var worker = new Worker(options);

        // As distributed's Server.start: the death timeout bounds the whole start (connecting, retried with back-off, and registering).
        using var death = options.DeathTimeout is { } timeout
            ? new CancellationTokenSource(timeout, options.TimeProvider ?? TimeProvider.System)
            : new CancellationTokenSource();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, death.Token);

        try
        {
            await worker.StartCoreAsync(deadline.Token).ConfigureAwait(false);
            return worker;
        }
        catch (OperationCanceledException e) when (death.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException(options.DeathTimeoutMessage(), e);
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    object? IValueLookup.Get(Key key) => _store.TryGet(key, out object? value)
        ? value
        : throw new KeyNotFoundException($"Input {key} is not on worker {Address}.");

    /// <summary>
    /// Closes gracefully (distributed's <c>retire_workers</c>): the scheduler stops giving this
    /// worker tasks, lets the running ones finish, has other workers copy the results only this one
    /// holds, and then lets it go — nothing has to be recomputed. Falls back to a plain close after
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task CloseGracefullyAsync(TimeSpan? timeout = null)
    {
        if (_disposed == 0 && _scheduler is not null && SendToScheduler(new RetireMessage()))
        {
            await Task.WhenAny(_retired.Task, Task.Delay(timeout ?? TimeSpan.FromSeconds(30), _time)).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the worker: closes the link to the scheduler (which reschedules its work) and the listener.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            await Finished.ConfigureAwait(false);
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);

        _toRun.CompleteAdding();
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync().ConfigureAwait(false);
        }

        foreach (Thread t in _threads.Where(t => t != Thread.CurrentThread))
        {
            t.Join(TimeSpan.FromSeconds(5));
        }

        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        await _peers.DisposeAsync().ConfigureAwait(false);
        _shuffleService?.Dispose();
        _store.Dispose();
        _directory.Dispose();

        _code.Dispose();
        _finished.TrySetResult();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        string listen = _options.Tls is not null && _options.ListenAddress.StartsWith("tcp://", StringComparison.Ordinal)
            ? "tls://" + _options.ListenAddress["tcp://".Length..]
            : _options.ListenAddress;
        _listener = Comms.Listen(listen, _options.Secret, ServePeerAsync, _logger, tls: _options.Tls);
        IComm comm = await SchedulerConnector.ConnectAsync(_options, _logger, cancellationToken).ConfigureAwait(false);
        await comm.SendAsync(
            MessageCodec.Encode(new RegisterWorkerMessage(Address, Name, _options.Threads, _options.MemoryLimit, Environment.ProcessId)),
            cancellationToken).ConfigureAwait(false);
        Message reply = await comm.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"The scheduler at {_options.SchedulerAddress} closed the connection while {Address} registered.");
        string? refusal;
        try
        {
            refusal = MessageCodec.Decode(reply) switch
            {
                RegisteredReply => null,
                ErrorReply error => error.Message,
                var other => $"it answered '{other.Op}'",
            };
        }
        catch (ProtocolException e)
        {
            refusal = e.Message;
        }

        if (refusal is not null)
        {
            await comm.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"The scheduler refused worker {Address}: {refusal}");
        }

        _scheduler = new PeerLink(comm, _logger);
        _threads = [.. Enumerable.Range(0, _options.Threads).Select(i => new Thread(() => RunTasks(i)) { IsBackground = true, Name = $"dask-worker-{i}" })];
        foreach (Thread t in _threads)
        {
            t.Start();
        }

        _ = Task.Run(() => OrLeaveForMemoryAsync(() => ReceiveFromSchedulerAsync(comm), () => "reading the scheduler's messages"));
        _ = Task.Run(() => OrLeaveForMemoryAsync(HeartbeatAsync, () => "sending heartbeats"));
        _ = Task.Run(() => OrLeaveForMemoryAsync(MonitorMemoryAsync, () => "watching memory"));
        _logger.LogInformation("Worker {Address} registered with {Scheduler}", Address, _options.SchedulerAddress);
    }

    private async Task ReceiveFromSchedulerAsync(IComm comm)
    {
        try
        {
            while (await comm.ReceiveAsync(_stop.Token).ConfigureAwait(false) is { } message)
            {
                ProtocolMessage decoded;
                try
                {
                    decoded = MessageCodec.Decode(message);
                }
                catch (ProtocolException e)
                {
                    // The scheduler is this worker's only source of work: skip what does not decode, keep the link.
                    _logger.LogError("Worker {Address} ignored a malformed message from the scheduler: {Reason}", Address, e.Message);
                    continue;
                }

                Process(decoded);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ProtocolException or ObjectDisposedException)
        {
            _logger.LogDebug("Link to the scheduler ended: {Reason}", e.Message);
        }

        // Not closed by us nor asked to restart: the scheduler closed or died, and a nanny must not restart this worker.
        SchedulerLost = !_stop.IsCancellationRequested && !_restartRequested;

        // The scheduler is gone: nothing more will come for this worker.
        _ = Task.Run(async () => await DisposeAsync().ConfigureAwait(false));
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    _outbox.Flush(_scheduler!);
                    SendHeartbeat();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Feeds one message or event to the state machine under the worker's lock, on the thread that
    /// has it (the scheduler link's reader, a task thread, a fetch), and carries out the
    /// instructions. Results go to the scheduler in batches: at once when nothing else is ready to
    /// run here, else every 64 results or after a millisecond.
    /// </summary>
    private void Process(object item)
    {
        lock (_gate)
        {
            if (_disposed == 1)
            {
                return;
            }

            try
            {
                switch (item)
                {
                    case ProtocolMessage m: HandleSchedulerMessage(m, _outbox); break;
                    case WorkerEvent e: Apply(_state.Handle(e), _outbox); break;
                }
            }
            catch (ProtocolException e)
            {
                _logger.LogError("Worker {Address} ignored a message from the scheduler: {Reason}", Address, e.Message);
            }

            FlushOrDefer();
        }
    }

    /// <summary>
    /// Sends outcomes when a thread is about to go idle (the scheduler must refill it), when 64
    /// have gathered, or when the oldest has waited <see cref="FlushDelay"/>; otherwise a timer
    /// sends them then. Tiny tasks thus report in pairs or more, halving messages per task, and a
    /// long task never holds back the report of a short one for more than a millisecond.
    /// </summary>
    private void FlushOrDefer()
    {
        if (_outbox.Count == 0)
        {
            return;
        }

        if ((_state.Executing == 0 && _state.ReadyCount == 0) || _outbox.Count >= 64 || _outbox.Age >= FlushDelay)
        {
            _outbox.Flush(_scheduler!);
        }
        else if (!_flushScheduled)
        {
            _flushScheduled = true;
            _ = Task.Delay(FlushDelay, _time).ContinueWith(
                _ =>
                {
                    lock (_gate)
                    {
                        _flushScheduled = false;
                        if (_disposed == 0)
                        {
                            _outbox.Flush(_scheduler!);
                        }
                    }
                },
                TaskScheduler.Default);
        }
    }

    /// <summary>Carries out the state machine's instructions.</summary>
    private void Apply(List<WorkerInstruction> instructions, SchedulerOutbox outbox)
    {
        foreach (WorkerInstruction instruction in instructions)
        {
            switch (instruction)
            {
                case Execute x:
                    _toRun.Add((x.Key, x.RunSpec ?? throw new InvalidOperationException($"The worker's state machine started {x.Key} without what to run.")));
                    break;
                case GatherDep g:
                    _ = Task.Run(() => OrLeaveForMemoryAsync(() => FetchAsync(g.Worker, g.Keys, g.StimulusId), () => $"fetching {g.Keys.Count} keys from {g.Worker}"));
                    break;
                case SendTaskFinished f:
                    outbox.Started();
                    outbox.Finished.Add((f.Key, f.NBytes, f.Timing));
                    break;
                case SendTaskErred x:
                    outbox.Started();
                    outbox.Erred.Add((x.Key, x.Error as TaskError ?? new TaskError("System.Exception", x.Exception, x.Traceback), x.Timing));
                    break;
                case SendMissingData m:
                    outbox.Started();
                    outbox.Missing.Add((m.Key, m.Errant));
                    break;
                case ReleaseData r:
                    _store.Remove(r.Key);
                    break;
                case SendStealResponse s:
                    outbox.Stolen.Add((s.Key, s.Released));
                    break;
            }
        }
    }

    private void DropReleased(Key[] keys)
    {
        foreach (Key k in keys)
        {
            if (_state.StateOf(k) == WorkerTaskState.Released)
            {
                _store.Remove(k);
            }
        }
    }

    private void SendHeartbeat()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        long now = _time.GetTimestamp();
        double cpuPercent = 100 * (cpu - _lastCpu.Cpu).TotalSeconds / Math.Max(1e-3, _time.GetElapsedTime(_lastCpu.At, now).TotalSeconds);
        _lastCpu = (cpu, now);
        SendToScheduler(new HeartbeatMessage(
            _state.Executing, _state.ReadyCount, _state.InMemory, _store.MemoryBytes + _store.SpilledBytes, _store.SpilledBytes, Paused, process.WorkingSet64, Math.Round(cpuPercent, 1),
            _store.DiskBytesWritten, _store.DiskBytesRead, _store.DroppedBytes) { ShuffleDiskBytes = ShuffleService.Store.DiskBytesWritten });
    }
}
