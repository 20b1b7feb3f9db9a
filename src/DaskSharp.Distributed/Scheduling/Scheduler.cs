using System.Text.Json;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Dashboard;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>How to start a <see cref="Scheduler"/>.</summary>
public sealed record SchedulerOptions
{
    /// <summary>Where to listen: <c>tcp://host:port</c> (port 0 picks one) or <c>inproc://name</c>.</summary>
    public string Address { get; init; } = "tcp://127.0.0.1:0";

    /// <summary>The secret every worker and client must prove; a fresh one when null.</summary>
    public string? Secret { get; init; }

    /// <summary>Allow a non-loopback listener without a secret.</summary>
    public bool Insecure { get; init; }

    /// <summary>Write a scheduler file here (removed on close).</summary>
    public string? SchedulerFile { get; init; }

    /// <summary>
    /// When <see cref="SchedulerFile"/> is null, write one in this directory all the same, named by
    /// the port (<see cref="Cluster.SchedulerFile.DefaultPath"/>): <c>dask scheduler</c> does, so
    /// workers learn the secret from a file only its owner can read instead of from a printed line.
    /// </summary>
    public string? SchedulerFileDirectory { get; init; }

    /// <summary>
    /// Where to serve the dashboard, as Dask's <c>dashboard_address</c>: <c>":8787"</c> (the
    /// scheduler's host), <c>"host:port"</c>, port 0 for any free one; null for no dashboard.
    /// </summary>
    public string? DashboardAddress { get; init; }

    /// <summary>
    /// The host a <see cref="DashboardAddress"/> without one listens on; null: the scheduler's own
    /// (127.0.0.1 for inproc). The deployment layer sets it, e.g. to every interface inside a batch
    /// job (<see cref="Cluster.BatchEnvironment.DashboardBindHost"/>).
    /// </summary>
    public string? DashboardBindHost { get; init; }

    /// <summary>
    /// The token the dashboard requires, even on loopback; null: <c>distributed.dashboard.token</c>,
    /// else a random one when the dashboard listens beyond loopback and none on it.
    /// </summary>
    public string? DashboardToken { get; init; }

    /// <summary>A worker silent for this long is removed (distributed's <c>worker-ttl</c>).</summary>
    public TimeSpan WorkerTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Mutual TLS for a <c>tls://</c> address.</summary>
    public TlsOptions? Tls { get; init; }

    /// <summary>Messages larger than this close the connection that sent them.</summary>
    public long MaxMessageSize { get; init; } = TcpServer.DefaultMaxMessageSize;

    /// <summary>Where to log.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// The clock behind every timer, delay and time stamp of the shell (the balance and worker-ttl
    /// watch, the report flush, restart timeouts, last-seen times); a test passes a fake one to
    /// drive them. The state machine never reads time.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// The scheduler's I/O shell around <see cref="SchedulerState"/>: it accepts workers and clients,
/// feeds their messages to the state machine from one loop, and turns its instructions into
/// batched messages (one <c>compute-tasks</c> per worker per pass, not one per task). It never
/// runs user code: tasks arrive and leave as bytes when they cross processes.
/// </summary>
public sealed partial class Scheduler : IAsyncDisposable
{
    private readonly SchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private SchedulerState _state = NewState();
    private readonly object _gate = new();
    private readonly List<SchedulerInstruction> _output = [];
    private readonly Dictionary<string, Peer> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Peer> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Key[]> _datasets = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, byte[]> _assemblies = [];
    private readonly Dictionary<long, PendingRequest> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IListener? _listener;
    private Outbox _outbox = null!;
    private long _stimulus;
    private long _requestIds;
    private int _disposed;
    private int _refused;

    private Scheduler(SchedulerOptions options)
    {
        _options = options;
        _logger = options.Logger ?? NullLogger.Instance;
        _time = options.TimeProvider ?? TimeProvider.System;
        Secret = options.Secret ?? Handshake.NewSecret();
        Id = $"Scheduler-{Guid.NewGuid()}";
    }

    /// <summary>The address workers and clients connect to.</summary>
    public string Address => _listener?.Address ?? string.Empty;

    /// <summary>The scheduler's id, as in the scheduler file.</summary>
    public string Id { get; }

    /// <summary>The secret connections must prove.</summary>
    public string Secret { get; }

    /// <summary>Connections closed for breaking the protocol: wrong secrets, garbage, oversized or malformed messages, unknown operations.</summary>
    public int RefusedConnections => (_listener?.Refused ?? 0) + Volatile.Read(ref _refused);

    /// <summary>The dashboard's <c>/status</c> URL (with its <c>?token=</c> when it needs one), or null when there is no dashboard.</summary>
    public string? DashboardLink => Dashboard is { } d ? DashboardAddress.StatusLink(d.Host, d.Port, d.Token) : null;

    /// <summary>The scheduler file it keeps up to date (and removes on close), or null.</summary>
    public string? SchedulerFilePath { get; private set; }

    /// <summary>The dashboard's web server, or null.</summary>
    public DashboardServer? Dashboard { get; private set; }

    /// <summary>
    /// Completes once the scheduler has closed (distributed's <c>Scheduler.finished()</c>): disposed
    /// by its owner, or terminated by a client's <c>Shutdown</c>. A process that only serves a
    /// scheduler (a <c>dask mpi</c> rank 0) exits when it does.
    /// </summary>
    public Task Closed => _closed.Task;

    /// <summary>What workers did, newest last: task runs, transfers and spills (the dashboard's task stream).</summary>
    public TaskStream TaskStream { get; } = new();

    /// <summary>Starts listening.</summary>
    public static async Task<Scheduler> StartAsync(SchedulerOptions? options = null)
    {
        var scheduler = new Scheduler(options ?? new SchedulerOptions());
        scheduler._listener = Comms.Listen(scheduler._options.Address, scheduler.Secret, scheduler.ServeAsync, scheduler._logger, scheduler._options.Insecure, scheduler._options.MaxMessageSize, scheduler._options.Tls);
        scheduler._outbox = new Outbox(scheduler);
        scheduler.WarnIfInsecure();
        if (scheduler._options.DashboardAddress is { } dashboard)
        {
            try
            {
                scheduler.Dashboard = await DashboardServer.StartAsync(scheduler, scheduler.ResolveDashboardAddress(dashboard), scheduler._options.Logger, scheduler._options.DashboardToken).ConfigureAwait(false);
            }
            catch
            {
                await scheduler.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        try
        {
            scheduler.SchedulerFilePath = scheduler._options.SchedulerFile
                ?? (scheduler._options.SchedulerFileDirectory is { } directory ? Cluster.SchedulerFile.DefaultPath(directory, Comm.Address.Parse(scheduler.Address).Port) : null);
            scheduler.WriteSchedulerFile();
        }
        catch
        {
            scheduler.SchedulerFilePath = null; // not ours to delete: the file there may be someone else's
            await scheduler.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _ = Task.Run(scheduler.WatchWorkersAsync);
        scheduler._logger.LogInformation("Scheduler at {Address}", scheduler.Address);
        return scheduler;
    }

    /// <summary>
    /// A listener without a secret or TLS lets anyone who reaches it run code as this user: say so
    /// loudly at start, and louder when that is anyone on the network.
    /// </summary>
    private void WarnIfInsecure()
    {
        if (!string.IsNullOrEmpty(Secret) || _options.Tls is not null || Comm.Address.Parse(Address) is not { Scheme: "tcp" } listening)
        {
            return;
        }

        bool loopback = listening.Host is "localhost" || (System.Net.IPAddress.TryParse(listening.Host, out System.Net.IPAddress? ip) && System.Net.IPAddress.IsLoopback(ip));
        if (loopback)
        {
            _logger.LogWarning("INSECURE: the scheduler at {Address} accepts connections without a secret; anyone on this machine can connect and run code as this user", Address);
        }
        else
        {
            _logger.LogWarning("INSECURE: the scheduler at {Address} accepts connections without a secret or TLS on a network address; ANYONE WHO CAN REACH IT OVER THE NETWORK CAN RUN CODE AS THIS USER. Use a secret (the default) or TLS unless the network is yours alone", Address);
        }
    }

    /// <summary>
    /// A dashboard address without a host takes <see cref="SchedulerOptions.DashboardBindHost"/>, else
    /// the scheduler's (127.0.0.1 for inproc).
    /// </summary>
    private DashboardAddress ResolveDashboardAddress(string text)
    {
        DashboardAddress parsed = DashboardAddress.Parse(text, defaultHost: string.Empty);
        if (parsed.Host.Length > 0)
        {
            return parsed;
        }

        string host = Comm.Address.Parse(Address) is { Scheme: "tcp" or "tls" } listening ? listening.Host : "127.0.0.1";
        return parsed with { Host = _options.DashboardBindHost ?? host };
    }

    /// <summary>Runs <paramref name="query"/> with the state machine to itself (for tests and diagnostics: the state is only touched under the scheduler's lock).</summary>
    public Task<T> InvokeAsync<T>(Func<SchedulerState, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return Task.FromResult(query(_state));
        }
    }

    /// <summary>Stops listening and closes every worker and client connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        List<Peer> peers;
        lock (_gate)
        {
            peers = [.. _workers.Values, .. _clients.Values];
        }

        foreach (Peer peer in peers)
        {
            await peer.Link.DisposeAsync().ConfigureAwait(false);
        }

        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync().ConfigureAwait(false);
        }

        if (SchedulerFilePath is { } path)
        {
            File.Delete(path);
        }

        _closed.TrySetResult();
    }

    /// <summary>One accepted comm: the first message says who it is; everything after goes to the loop.</summary>
    private async Task ServeAsync(IComm comm, CancellationToken cancellationToken)
    {
        Peer? peer = null;
        try
        {
            Message? first = await comm.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (first is null)
            {
                return;
            }

            peer = MessageCodec.Decode(first) switch
            {
                RegisterWorkerMessage w => new Peer(PeerKind.Worker, w.Address, new PeerLink(comm, _logger))
                {
                    Name = w.WorkerName,
                    Threads = w.Threads,
                    MemoryLimit = w.MemoryLimit,
                    Pid = w.Pid,
                },
                RegisterClientMessage c => new Peer(PeerKind.Client, c.Client, new PeerLink(comm, _logger)),
                var other => throw new ProtocolException($"The first message must register a worker or a client; {comm.Peer} sent '{other.Op}'."),
            };
            Process(new Arrival(peer));
            while (await comm.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                // Decoded here, off the scheduler's lock; a malformed message ends this connection only.
                Process(new Incoming(peer, MessageCodec.Decode(message)));
            }
        }
        catch (ProtocolException e)
        {
            Interlocked.Increment(ref _refused);
            _logger.LogWarning("Closed connection from {Peer}: {Reason}", comm.Peer, LogText.Truncate(e.Message, LogText.ReasonMax));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _logger.LogDebug("Connection from {Peer} ended: {Reason}", comm.Peer, LogText.Truncate(e.Message, LogText.ReasonMax));
        }
        finally
        {
            if (peer is not null)
            {
                Process(new Departure(peer));
            }
            else
            {
                await comm.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Handles one message or event on the thread that received it, under the scheduler's lock: the
    /// state machine sees one event at a time, and no hop through a queue adds latency to a round
    /// trip. Its instructions leave as one message per peer and kind.
    /// </summary>
    private void Process(object item)
    {
        lock (_gate)
        {
            if (_disposed == 1 && item is not Departure)
            {
                return;
            }

            try
            {
                Handle(item, _output);
            }
            catch (ProtocolException e) when (item is Incoming { Peer: var bad } incoming)
            {
                // Well formed but not something this peer may send (a client's task report, a graph
                // wanting keys nobody defines): drop that peer, serve the rest.
                Interlocked.Increment(ref _refused);
                _logger.LogWarning("Closing {Peer}: bad '{Op}' message ({Reason})", LogText.Truncate(bad.Id), LogText.Truncate(incoming.Message.Op), LogText.Truncate(e.Message, LogText.ReasonMax));
                _ = bad.Link.DisposeAsync().AsTask();
            }

            SweepShuffles();
            _outbox.Add(_output);
            _output.Clear();
            foreach (SchedulerWorker retiring in _state.Retiring.Count == 0 ? [] : _state.Retiring.ToList())
            {
                if (_workers.TryGetValue(retiring.Address, out Peer? peer) && !peer.Copying)
                {
                    HandOver(peer); // sends its own messages; adds no instructions
                }
            }

            _outbox.Flush();
        }
    }

    private void Handle(object item, List<SchedulerInstruction> output)
    {
        switch (item)
        {
            case Arrival a: Arrive(a.Peer, output); break;
            case Departure d: Depart(d.Peer, output); break;
            case Incoming { Peer.Kind: PeerKind.Worker } m: HandleWorkerMessage(m.Peer, m.Message, output); break;
            case Incoming m: HandleClientMessage(m.Peer, m.Message, output); break;
            case Invocation i: i.Run(_state); break;
        }
    }

    private void Arrive(Peer peer, List<SchedulerInstruction> output)
    {
        Dictionary<string, Peer> registry = peer.Kind == PeerKind.Worker ? _workers : _clients;
        if (registry.ContainsKey(peer.Id))
        {
            peer.Send(new ErrorReply($"{peer.Id} is already registered."));
            _ = peer.Link.DisposeAsync().AsTask();
            return;
        }

        registry[peer.Id] = peer;
        peer.LastSeen = UtcNow;
        peer.Send(new RegisteredReply(Id, Address, Dashboard?.Port ?? 0));
        if (peer.Kind == PeerKind.Worker)
        {
            if (_assemblies.Count > 0)
            {
                peer.Send(new UploadAssembliesMessage([.. _assemblies.Values]));
            }

            output.AddRange(_state.Handle(new AddWorkerEvent(peer.Id, peer.Threads, peer.MemoryLimit, NextStimulus("add-worker"))));
            foreach (PendingRequest pending in _pending.Values.ToList())
            {
                pending.WorkerArrived(this); // restarts and wait-for-workers count arrivals
            }

            _logger.LogInformation("Register worker {Address} ({Threads} threads)", LogText.Truncate(peer.Id), peer.Threads);
            WriteSchedulerFile();
        }
    }

    private void Depart(Peer peer, List<SchedulerInstruction> output)
    {
        Dictionary<string, Peer> registry = peer.Kind == PeerKind.Worker ? _workers : _clients;
        if (!registry.TryGetValue(peer.Id, out Peer? registered) || registered != peer)
        {
            _ = peer.Link.DisposeAsync().AsTask(); // e.g. a worker that left in a restart
            return;
        }

        registry.Remove(peer.Id);
        _ = peer.Link.DisposeAsync().AsTask();
        string stimulus = NextStimulus(peer.Kind == PeerKind.Worker ? "remove-worker" : "remove-client");
        if (peer.Kind == PeerKind.Worker)
        {
            if (_state.Workers.TryGetValue(peer.Id, out SchedulerWorker? leaving) && leaving.LeavingReason is { } reason)
            {
                _logger.LogWarning("Remove worker {Address}: {Reason}", LogText.Truncate(peer.Id), LogText.Truncate(reason, LogText.ReasonMax));
            }
            else
            {
                _logger.LogInformation("Remove worker {Address}", LogText.Truncate(peer.Id));
            }

            output.AddRange(_state.Handle(new RemoveWorkerEvent(peer.Id, stimulus)));
            ShuffleWorkerRemoved(peer.Id, stimulus, output);
            foreach (PendingRequest pending in _pending.Values.ToList())
            {
                pending.WorkerGone(this, peer.Id);
            }

            WriteSchedulerFile();
        }
        else
        {
            // A client that leaves no longer wants anything.
            Key[] wanted = [.. _state.Tasks.Values.Where(t => t.WhoWants.Contains(peer.Id)).Select(t => t.Key)];
            output.AddRange(_state.Handle(new ReleaseKeysEvent(peer.Id, wanted, stimulus)));
        }
    }

    private void HandleWorkerMessage(Peer worker, ProtocolMessage message, List<SchedulerInstruction> output)
    {
        worker.LastSeen = UtcNow;
        string stimulus = NextStimulus(message.Op);
        switch (message)
        {
            case TaskFinishedMessage m:
            {
                var events = new SchedulerEvent[m.Keys.Length];
                for (int i = 0; i < m.Keys.Length; i++)
                {
                    Key key = m.Keys[i];
                    TaskTiming timing = m.Timings[i];
                    TaskStream.AddTask(worker.Id, PrefixOf(key), key, timing, erred: false);
                    events[i] = new TaskFinishedEvent(key, worker.Id, m.NBytes[i], stimulus) { Duration = timing.Seconds };
                }

                output.AddRange(_state.Handle(events));
                break;
            }

            case TaskErredMessage m:
            {
                var events = new SchedulerEvent[m.Keys.Length];
                for (int i = 0; i < m.Keys.Length; i++)
                {
                    Key key = m.Keys[i];
                    TaskError error = m.Errors[i];
                    TaskStream.AddTask(worker.Id, PrefixOf(key), key, m.Timings[i], erred: true);
                    events[i] = new TaskErredEvent(key, worker.Id, error.ToString(), error.Traceback, stimulus) { Details = error };
                }

                output.AddRange(_state.Handle(events));
                break;
            }

            case ActivityMessage m:
                foreach (WorkerActivity a in m.Activities)
                {
                    TaskStream.AddActivity(worker.Id, a.Kind, a.Start, a.Stop, a.NBytes, a.Peer, a.Key);
                }

                break;
            case StealResponseMessage m:
            {
                var events = new SchedulerEvent[m.Keys.Length];
                for (int i = 0; i < m.Keys.Length; i++)
                {
                    events[i] = new StealResponseEvent(m.Keys[i], worker.Id, m.Released[i], stimulus);
                }

                output.AddRange(_state.Handle(events));
                break;
            }

            case RetireMessage:
                output.AddRange(_state.Handle(new RetireWorkerEvent(worker.Id, stimulus)));
                _logger.LogInformation("Retiring worker {Address}", LogText.Truncate(worker.Id));
                break;
            case MissingDataMessage m:
                _logger.LogInformation("{Worker} could fetch {Keys} from none of their holders; recomputing what nobody holds", LogText.Truncate(worker.Id), LogText.Join(m.Keys));
                output.AddRange(_state.Handle([.. m.Keys.Select((k, i) => (SchedulerEvent)new MissingDataEvent(k, worker.Id, m.Errant[i], stimulus))]));
                break;
            case HeartbeatMessage m:
                worker.Heartbeat = m;

                // Heartbeats carry the memory the state machine needs to see a cluster that is all paused.
                output.AddRange(_state.Handle(new WorkerMemoryEvent(worker.Id, m.Paused, m.ProcessBytes, Math.Max(0, m.ManagedBytes - m.SpilledBytes), stimulus)));
                break;
            case WorkerLeavingMessage m:
                _logger.LogWarning("Worker {Address} is leaving: {Reason}", LogText.Truncate(worker.Id), LogText.Truncate(m.Reason, LogText.ReasonMax));
                output.AddRange(_state.Handle(new WorkerLeavingEvent(worker.Id, m.Reason, stimulus)));
                break;
            case ShuffleGetMessage or ShuffleBarrierMessage or ShuffleRescheduleMessage:
                HandleShuffleMessage(worker, message, stimulus, output);
                break;
            case PutDataDoneMessage or RunResultMessage or AcquiredMessage:
                if (message.RequestId is long id && _pending.TryGetValue(id, out PendingRequest? pending))
                {
                    output.AddRange(pending.Reply(this, worker.Id, message, stimulus));
                }

                break;
            default:
                throw new ProtocolException($"'{message.Op}' is not an operation a worker sends; worker {worker.Id} sent it.");
        }
    }

    private TaskPrefix? PrefixOf(Key key) =>
        _state.Tasks.TryGetValue(key, out SchedulerTask? task) ? task.Prefix : _state.Prefixes.GetValueOrDefault(key.Prefix);

    /// <summary><c>distributed.scheduler.worker-saturation</c>: a number, or "inf" as in Dask's YAML.</summary>
    private static double ConfiguredSaturation()
    {
        string text = DaskConfig.Get("distributed.scheduler.worker-saturation", SchedulerState.DefaultWorkerSaturation.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return text.Trim().ToLowerInvariant() is "inf" or ".inf" or "infinity"
            ? double.PositiveInfinity
            : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) && value > 0
                ? value
                : throw new ArgumentException($"distributed.scheduler.worker-saturation must be a positive number or \"inf\"; got '{text}'.");
    }

    private void FlushReports() => Locked(_outbox.FlushReports);

    private void Locked(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }

    private static SchedulerState NewState() => new() { WorkerSaturation = ConfiguredSaturation() };

    /// <summary>
    /// A retiring worker that has finished its tasks hands over the results no one else holds
    /// (other workers fetch them from it, as <see cref="SchedulerState.HandOverPlan"/> decides), then
    /// is told it may go: nothing has to be recomputed.
    /// </summary>
    private void HandOver(Peer retiring)
    {
        if (!_state.Workers.TryGetValue(retiring.Id, out SchedulerWorker? state) || state.Processing.Count > 0)
        {
            return;
        }

        IReadOnlyList<(string Target, IReadOnlyList<Key> Keys)> plan = _state.HandOverPlan(retiring.Id);
        if (plan.Count == 0)
        {
            retiring.Send(new RetiredMessage());
            return;
        }

        retiring.Copying = true;
        long id = NextRequestId();
        _pending[id] = new HandOverRequest(retiring, plan.Count);
        foreach (var (target, keys) in plan)
        {
            _workers[target].Send(new AcquireMessage(retiring.Id, [.. keys]) { RequestId = id });
        }
    }

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    private string NextStimulus(string what) => $"{what}-{++_stimulus}";

    private long NextRequestId() => ++_requestIds;

    private void WriteSchedulerFile()
    {
        if (SchedulerFilePath is not { } path)
        {
            return;
        }

        var services = Dashboard is { } dashboard ? new Dictionary<string, int> { ["dashboard"] = dashboard.Port } : new Dictionary<string, int>();
        var workers = _workers.Values.ToDictionary(w => w.Id, w => (object)new Dictionary<string, object?> { ["name"] = w.Name ?? w.Id, ["nthreads"] = w.Threads, ["memory_limit"] = w.MemoryLimit });
        new SchedulerFile("Scheduler", Id, Address, services, workers, Secret).Write(path);
    }

    /// <summary>How often the shell asks the state machine to balance (steal) and looks for silent workers.</summary>
    internal static readonly TimeSpan BalanceInterval = TimeSpan.FromMilliseconds(100);

    private async Task WatchWorkersAsync()
    {
        using var timer = new PeriodicTimer(BalanceInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Process(new Invocation(state =>
                {
                    _output.AddRange(state.Handle(new BalanceEvent(NextStimulus("balance"))));
                    DateTime deadline = UtcNow - _options.WorkerTtl;
                    foreach (Peer silent in _workers.Values.Where(w => w.LastSeen < deadline).ToList())
                    {
                        _logger.LogWarning("Worker {Address} sent nothing for {Ttl}; removing it", LogText.Truncate(silent.Id), _options.WorkerTtl);
                        _ = silent.Link.DisposeAsync().AsTask();
                    }
                }));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private enum PeerKind
    {
        Worker,
        Client,
    }

    /// <summary>A registered worker or client.</summary>
    private sealed class Peer(PeerKind kind, string id, PeerLink link)
    {
        public PeerKind Kind { get; } = kind;

        public string Id { get; } = id;

        public PeerLink Link { get; } = link;

        public string? Name { get; init; }

        public int Threads { get; init; } = 1;

        public long MemoryLimit { get; init; }

        public long Pid { get; init; }

        public DateTime LastSeen { get; set; }

        /// <summary>Its data is being copied to other workers.</summary>
        public bool Copying { get; set; }

        /// <summary>Its last heartbeat (executing, ready, bytes, CPU…), or null before the first.</summary>
        public HeartbeatMessage? Heartbeat { get; set; }

        /// <summary>Queues <paramref name="message"/> for this peer; false when the link has closed.</summary>
        public bool Send(ProtocolMessage message) => Link.Send(MessageCodec.Encode(message));
    }

    private sealed record Arrival(Peer Peer);

    private sealed record Departure(Peer Peer);

    private sealed record Incoming(Peer Peer, ProtocolMessage Message);

    private sealed record Invocation(Action<SchedulerState> Run);
}
