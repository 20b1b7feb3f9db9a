using System.Collections.Concurrent;
using System.Diagnostics;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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

    /// <summary>Where results spill when memory runs short (a fresh temporary directory when null).</summary>
    public string? LocalDirectory { get; init; }

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
}

/// <summary>
/// The worker's I/O shell around <see cref="WorkerState"/>: one loop feeds it the scheduler's
/// messages and the outcomes of work, then carries out its instructions — tasks on
/// <see cref="WorkerOptions.Threads"/> dedicated threads, inputs fetched straight from peers,
/// results and errors batched back to the scheduler. Peers and clients read results through the
/// worker's own listener (<c>get-data</c>).
/// </summary>
public sealed class Worker : IAsyncDisposable, IValueLookup
{
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(1);

    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly WorkerState _state;
    private readonly DataStore _store;
    private readonly ConcurrentDictionary<Key, TaskError> _errors = new();
    private readonly ConcurrentDictionary<Key, TaskTiming> _timings = new();
    private readonly Dictionary<Key, object> _specs = [];
    private readonly object _gate = new();
    private readonly SchedulerOutbox _outbox = new();
    private readonly BlockingCollection<(Key Key, object Spec)> _toRun = [];
    private readonly CodeLoadContext _code;
    private readonly ConnectionPool _peers;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _retired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread[] _threads = [];
    private IListener? _listener;
    private PeerLink? _scheduler;
    private long _stimulus;
    private bool _flushScheduled;
    private (TimeSpan Cpu, long At) _lastCpu = (TimeSpan.Zero, Stopwatch.GetTimestamp());
    private int _disposed;
    private volatile bool _restartRequested;

    private Worker(WorkerOptions options)
    {
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _state = new WorkerState(options.Threads);
        _code = new CodeLoadContext($"worker-code-{Guid.NewGuid():N}");
        _peers = new ConnectionPool(options.Secret, options.Tls);
        LocalDirectory = options.LocalDirectory ?? Path.Combine(Path.GetTempPath(), "dask-scratch-space", $"worker-{Guid.NewGuid():N}");
        double target = DaskConfig.Get("distributed.worker.memory.target", 0.6);
        _store = new DataStore(Path.Combine(LocalDirectory, "storage"), options.MemoryLimit > 0 ? (long)(options.MemoryLimit * target) : 0, _logger)
        {
            DiskActivity = _outbox.Activity.Enqueue,
        };
    }

    /// <summary>Where results spill when memory runs short.</summary>
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
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.DeathTimeout is { } death)
        {
            deadline.CancelAfter(death);
        }

        try
        {
            await worker.StartCoreAsync(deadline.Token).ConfigureAwait(false);
            return worker;
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
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
        if (_disposed == 0 && _scheduler is not null && _scheduler.Send(new Message(("op", "retire"))))
        {
            await Task.WhenAny(_retired.Task, Task.Delay(timeout ?? TimeSpan.FromSeconds(30))).ConfigureAwait(false);
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
        _store.Dispose();
        if (_options.LocalDirectory is null && Directory.Exists(LocalDirectory))
        {
            Directory.Delete(LocalDirectory, recursive: true); // the temporary directory this worker made
        }

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
            new Message(
                ("op", "register-worker"),
                ("address", Address),
                ("name", Name),
                ("nthreads", _options.Threads),
                ("memory_limit", _options.MemoryLimit),
                ("pid", Environment.ProcessId)),
            cancellationToken).ConfigureAwait(false);
        Message reply = await comm.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"The scheduler at {_options.SchedulerAddress} closed the connection while {Address} registered.");
        if (reply.Op != "registered")
        {
            await comm.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"The scheduler refused worker {Address}: {reply.Header.GetValueOrDefault("message")}");
        }

        _scheduler = new PeerLink(comm, _logger);
        _threads = [.. Enumerable.Range(0, _options.Threads).Select(i => new Thread(() => RunTasks(i)) { IsBackground = true, Name = $"dask-worker-{i}" })];
        foreach (Thread t in _threads)
        {
            t.Start();
        }

        _ = Task.Run(() => ReceiveFromSchedulerAsync(comm));
        _ = Task.Run(HeartbeatAsync);
        _ = Task.Run(MonitorMemoryAsync);
        _logger.LogInformation("Worker {Address} registered with {Scheduler}", Address, _options.SchedulerAddress);
    }

    private async Task ReceiveFromSchedulerAsync(IComm comm)
    {
        try
        {
            while (await comm.ReceiveAsync(_stop.Token).ConfigureAwait(false) is { } message)
            {
                Process(message);
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
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
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
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
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
                    case Message m: HandleSchedulerMessage(m, _outbox); break;
                    case WorkerEvent e: Apply(_state.Handle(e), _outbox); break;
                }
            }
            catch (Exception e) when (e is InvalidCastException or IndexOutOfRangeException or KeyNotFoundException or NullReferenceException or ArgumentException)
            {
                _logger.LogError(e, "Worker {Address} could not handle {Item}", Address, item is Message bad ? bad.Op : item.GetType().Name);
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
            _ = Task.Delay(FlushDelay).ContinueWith(
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

    private void HandleSchedulerMessage(Message message, SchedulerOutbox outbox)
    {
        string stimulus = $"{message.Op}-{++_stimulus}";
        switch (message.Op)
        {
            case "compute-tasks":
                var events = new List<WorkerEvent>();
                foreach (TaskAssignment a in (TaskAssignment[])message.Values[0]!)
                {
                    _specs[a.Key] = a.Node;
                    var whoHas = new Dictionary<Key, string[]>(a.Dependencies.Length);
                    for (int i = 0; i < a.Dependencies.Length; i++)
                    {
                        whoHas[a.Dependencies[i]] = a.Holders[i];
                    }

                    events.Add(new ComputeTaskEvent(a.Key, (a.Generation, a.Order), whoHas, stimulus));
                }

                Apply(_state.Handle([.. events]), outbox);
                break;
            case "free-keys":
            {
                Key[] keys = (Key[])message.Values[0]!;
                Apply(_state.Handle(new FreeKeysEvent(keys, stimulus)), outbox);
                DropReleased(keys);
                break;
            }

            case "cancel-compute":
            {
                Key[] keys = (Key[])message.Values[0]!;
                Apply(_state.Handle([.. keys.Select(k => new CancelComputeEvent(k, stimulus))]), outbox);
                DropReleased(keys);
                break;
            }

            case "put-data":
            {
                Key[] keys = (Key[])message.Values[0]!;
                Dictionary<Key, long> sizes = StoreAll(message);
                Apply(_state.Handle(new PutDataEvent(sizes, stimulus)), outbox);
                _scheduler!.Send(new Message(
                    new Dictionary<string, object?> { ["op"] = "put-data-done", ["id"] = message.Header["id"] },
                    [keys, keys.Select(k => sizes[k]).ToArray()]));
                break;
            }

            case "run":
                _ = Task.Run(() => RunFunction(message));
                break;
            case "steal-request":
            {
                Key[] keys = (Key[])message.Values[0]!;
                Apply(_state.Handle([.. keys.Select(k => new StealRequestEvent(k, stimulus))]), outbox);
                DropReleased(keys);
                outbox.Flush(_scheduler!);
                break;
            }

            case "acquire":
                _ = Task.Run(() => AcquireAsync(message));
                break;
            case "retired":
                _retired.TrySetResult();
                break;
            case "restart":
                _logger.LogInformation("Worker {Address} restarting at the scheduler's request", Address);
                _restartRequested = true;
                _ = Task.Run(async () => await DisposeAsync().ConfigureAwait(false));
                break;
            case "upload-assemblies":
                foreach (byte[] bytes in message.Values.OfType<byte[]>())
                {
                    LoadShippedAssembly(bytes);
                }

                break;
            default:
                _logger.LogWarning("Worker {Address} ignored unknown operation {Op} from the scheduler", Address, message.Op);
                break;
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
                    _toRun.Add((x.Key, _specs[x.Key]));
                    break;
                case GatherDep g:
                    _ = Task.Run(() => FetchAsync(g.Worker, g.Keys, g.StimulusId));
                    break;
                case SendTaskFinished f:
                    outbox.Started();
                    _specs.Remove(f.Key);
                    outbox.Finished.Add((f.Key, f.NBytes, _timings.TryRemove(f.Key, out TaskTiming timing) ? timing : TaskTiming.Unknown));
                    break;
                case SendTaskErred x:
                    outbox.Started();
                    _specs.Remove(x.Key);
                    outbox.Erred.Add((
                        x.Key,
                        _errors.TryRemove(x.Key, out TaskError? error) ? error : new TaskError("System.Exception", x.Exception, x.Traceback),
                        _timings.TryRemove(x.Key, out TaskTiming erredTiming) ? erredTiming : TaskTiming.Unknown));
                    break;
                case SendMissingData m:
                    outbox.Started();
                    outbox.Missing.Add(m.Key);
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
                _specs.Remove(k);
            }
        }
    }

    /// <summary>Task thread number <paramref name="thread"/>: runs what the loop hands it and reports the outcome back to the loop.</summary>
    private void RunTasks(int thread)
    {
        foreach (var (key, spec) in _toRun.GetConsumingEnumerable())
        {
            Process(RunOne(key, spec, thread));

            // Run what was handed out meanwhile (often by this very thread) without sleeping in between.
            while (_toRun.TryTake(out var next))
            {
                Process(RunOne(next.Key, next.Spec, thread));
            }
        }
    }

    private WorkerEvent RunOne(Key key, object spec, int thread)
    {
        double start = WallClock.Now();
        try
        {
            GraphNode node = spec as GraphNode ?? Deserialize((SerializedTask)spec);
            object? result = node.Execute(this);
            _timings[key] = new TaskTiming(start, WallClock.Now(), thread);
            return new ExecuteSuccessEvent(key, Store(key, result), "task-finished");
        }
        catch (Exception e)
        {
            _timings[key] = new TaskTiming(start, WallClock.Now(), thread);
            TaskError error = TaskError.From(e);
            _errors[key] = error;
            return new ExecuteFailureEvent(key, error.ToString(), error.Traceback, "task-erred");
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

    private GraphNode Deserialize(SerializedTask task) => TaskSerializer.Deserialize(task, _code);

    /// <summary>
    /// Loads a client's assembly into the code context, unless this process has that exact build
    /// already (loaded or loadable, e.g. DaskSharp's own): two copies of one assembly would make two
    /// incompatible sets of its types.
    /// </summary>
    private void LoadShippedAssembly(byte[] bytes)
    {
        var (name, mvid) = AssemblyIdentity.Read(bytes);
        if (System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies.Any(a => a.ManifestModule.ModuleVersionId == mvid) || DefaultCanLoad(name, mvid))
        {
            return;
        }

        _code.LoadAssembly(bytes);
    }

    private static bool DefaultCanLoad(string name, Guid mvid)
    {
        try
        {
            return System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyName(new System.Reflection.AssemblyName(name)).ManifestModule.ModuleVersionId == mvid;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Fetches inputs from a peer (distributed's <c>gather_dep</c>) and reports the outcome to the loop.</summary>
    private async Task FetchAsync(string peer, IReadOnlyList<Key> keys, string stimulusId)
    {
        try
        {
            (Dictionary<Key, long> sizes, DataReply reply) = await FetchFromPeerAsync(peer, [.. keys]).ConfigureAwait(false);
            Process(new GatherDepSuccessEvent(peer, sizes, $"gather-dep-success-{stimulusId}"));
            if (reply.Refused.Length > 0)
            {
                Process(new GatherDepRefusedEvent(peer, [.. reply.Refused.Select((k, i) => (k, reply.Reasons[i]))], $"gather-dep-refused-{stimulusId}"));
            }

            Key[] missing = [.. keys.Where(k => !sizes.ContainsKey(k) && !reply.Refused.Contains(k))];
            if (missing.Length > 0)
            {
                Process(new GatherDepFailureEvent(peer, missing, $"gather-dep-missing-{stimulusId}"));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogInformation("Could not fetch {Count} keys from {Peer}: {Reason}", keys.Count, peer, e.Message);
            await _peers.ForgetAsync(peer).ConfigureAwait(false);
            Process(new GatherDepFailureEvent(peer, keys, $"gather-dep-failure-{stimulusId}"));
        }
    }

    /// <summary>Copies results from a retiring worker and tells the scheduler this worker holds them now.</summary>
    private async Task AcquireAsync(Message message)
    {
        string from = (string)message.Header["from"]!;
        Key[] keys = (Key[])message.Values[0]!;
        Dictionary<Key, long> data = [];
        try
        {
            (data, _) = await FetchFromPeerAsync(from, keys).ConfigureAwait(false);
            Process(new PutDataEvent(data, "acquire"));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ProtocolException or System.Net.Sockets.SocketException)
        {
            _logger.LogWarning("Could not copy {Count} results from retiring worker {From}: {Reason}", keys.Length, from, e.Message);
        }

        _scheduler?.Send(new Message(
            new Dictionary<string, object?> { ["op"] = "acquired", ["id"] = message.Header["id"] },
            [data.Keys.ToArray(), data.Values.ToArray()]));
    }

    /// <summary>Asks <paramref name="peer"/> for <paramref name="keys"/> (<c>get-data</c>) and keeps what it sent; the sizes of what came, and the reply.</summary>
    private async Task<(Dictionary<Key, long> Sizes, DataReply Reply)> FetchFromPeerAsync(string peer, Key[] keys)
    {
        double start = WallClock.Now();
        DataReply reply = DataReply.From(await _peers.RequestAsync(peer, new Message("get-data", [keys]), _stop.Token).ConfigureAwait(false));
        var sizes = new Dictionary<Key, long>(reply.Found.Length);
        for (int i = 0; i < reply.Found.Length; i++)
        {
            sizes[reply.Found[i]] = Store(reply.Found[i], reply.Values[i]);
        }

        _outbox.Activity.Enqueue(new WorkerActivity(ActionKind.Transfer, start, WallClock.Now(), sizes.Values.Sum(), peer));
        return (sizes, reply);
    }

    /// <summary>Keeps the values of a <c>[keys, value, value, …]</c> message (a <c>get-data</c> reply, a <c>put-data</c>); their sizes by key.</summary>
    private Dictionary<Key, long> StoreAll(Message message)
    {
        Key[] keys = (Key[])message.Values[0]!;
        var sizes = new Dictionary<Key, long>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            sizes[keys[i]] = Store(keys[i], message.Values[i + 1]);
        }

        return sizes;
    }

    /// <summary>Serves <c>get-data</c> to peers and clients on one accepted comm.</summary>
    private async Task ServePeerAsync(IComm comm, CancellationToken cancellationToken)
    {
        await using (comm.ConfigureAwait(false))
        {
            while (await comm.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } request)
            {
                if (request.Op != "get-data" || request.Values.Count != 1 || request.Values[0] is not Key[] keys)
                {
                    throw new ProtocolException($"Worker {Address} serves only get-data with a key list; {comm.Peer} sent '{request.Op}'.");
                }

                await comm.SendAsync(Collect(keys, copies: comm is not InprocComm).ToMessage(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The values held of <paramref name="keys"/>. Values that leave the process are serialized here,
    /// one by one, so a value no codec handles is refused with its reason instead of breaking the
    /// connection halfway through the reply.
    /// </summary>
    private DataReply Collect(Key[] keys, bool copies)
    {
        var found = new List<Key>(keys.Length);
        var values = new List<object?>(keys.Length);
        var refused = new List<Key>();
        var reasons = new List<string>();
        foreach (Key k in keys)
        {
            if (!_store.TryGet(k, out object? v))
            {
                continue;
            }

            if (copies)
            {
                try
                {
                    v = ValueSerializer.Serialize(v);
                }
                catch (NotSupportedException e)
                {
                    refused.Add(k);
                    reasons.Add($"The result of {k} ({v?.GetType().FullName}) cannot leave worker {Address}: {e.Message}");
                    continue;
                }
            }

            found.Add(k);
            values.Add(v);
        }

        return new DataReply([.. found], values, [.. refused], [.. reasons]);
    }

    private void RunFunction(Message message)
    {
        var header = new Dictionary<string, object?> { ["op"] = "run-result", ["id"] = message.Header["id"], ["worker"] = Address };
        object? result = null;
        try
        {
            GraphNode node = message.Values[0] as GraphNode ?? Deserialize((SerializedTask)message.Values[0]!);
            result = node.Execute(this);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            TaskError error = TaskError.From(e);
            header["error"] = error.ToString();
            header["traceback"] = error.Traceback;
        }

        _scheduler!.Send(new Message(header, [result]));
    }

    private void SendHeartbeat()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        long now = Stopwatch.GetTimestamp();
        double cpuPercent = 100 * (cpu - _lastCpu.Cpu).TotalSeconds / Math.Max(1e-3, Stopwatch.GetElapsedTime(_lastCpu.At, now).TotalSeconds);
        _lastCpu = (cpu, now);
        _scheduler!.Send(new Message(
            ("op", "heartbeat"),
            ("executing", _state.Executing),
            ("ready", _state.ReadyCount),
            ("in_memory", _state.InMemory),
            ("managed_bytes", _state.NBytes),
            ("spilled_bytes", _store.SpilledBytes),
            ("paused", Paused),
            ("process_bytes", process.WorkingSet64),
            ("cpu", Math.Round(cpuPercent, 1))));
    }

    /// <summary>Outcomes gathered during one loop pass, sent as one message per kind.</summary>
    private sealed class SchedulerOutbox
    {
        public List<(Key Key, long NBytes, TaskTiming Timing)> Finished { get; } = [];

        public List<(Key Key, TaskError Error, TaskTiming Timing)> Erred { get; } = [];

        /// <summary>Transfers and spills, from any thread; they travel with the next batch or heartbeat.</summary>
        public ConcurrentQueue<WorkerActivity> Activity { get; } = new();

        public List<Key> Missing { get; } = [];

        public List<(Key Key, bool Released)> Stolen { get; } = [];

        private long _firstAt;

        public int Count => Finished.Count + Erred.Count + Missing.Count + Stolen.Count;

        /// <summary>How long the oldest unsent outcome has waited.</summary>
        public TimeSpan Age => Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_firstAt);

        /// <summary>Notes the time of the first outcome of a batch.</summary>
        public void Started()
        {
            if (Count == 0)
            {
                _firstAt = Stopwatch.GetTimestamp();
            }
        }

        public void Flush(PeerLink scheduler)
        {
            if (Finished.Count > 0)
            {
                scheduler.Send(new Message(
                    "task-finished",
                    [Finished.Select(f => f.Key).ToArray(), Finished.Select(f => f.NBytes).ToArray(), .. TaskTiming.Columns(Finished, f => f.Timing)]));
                Finished.Clear();
            }

            if (Erred.Count > 0)
            {
                scheduler.Send(new Message("task-erred", [Erred.Select(f => f.Key).ToArray(), Erred.Select(f => f.Error).ToArray(), .. TaskTiming.Columns(Erred, f => f.Timing)]));
                Erred.Clear();
            }

            if (!Activity.IsEmpty)
            {
                var drained = new List<WorkerActivity>();
                while (Activity.TryDequeue(out WorkerActivity a))
                {
                    drained.Add(a);
                }

                scheduler.Send(new Message("activity", [
                    drained.Select(a => WorkerActivity.Name(a.Kind)).ToArray(),
                    drained.Select(a => a.Start).ToArray(),
                    drained.Select(a => a.Stop).ToArray(),
                    drained.Select(a => a.NBytes).ToArray(),
                    drained.Select(a => a.Peer ?? string.Empty).ToArray()]));
            }

            if (Stolen.Count > 0)
            {
                scheduler.Send(new Message("steal-response", [Stolen.Select(s => s.Key).ToArray(), Stolen.Select(s => s.Released).ToArray()]));
                Stolen.Clear();
            }

            if (Missing.Count > 0)
            {
                scheduler.Send(new Message("missing-data", [Missing.ToArray()]));
                Missing.Clear();
            }
        }
    }
}
