using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Dashboard;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using DaskSharp.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed;

/// <summary>
/// The user's handle on a cluster (distributed's <c>Client</c>): submit functions and graphs, get
/// futures back, gather results. While it lives it is the default scheduler, so
/// <c>Compute()</c> of arrays and delayed values runs on the cluster.
/// </summary>
/// <remarks>
/// When the connection to the scheduler is lost — its process died, it closed, or it stayed silent
/// for <see cref="SchedulerTimeout"/> — every future becomes cancelled with a
/// <see cref="SchedulerConnectionLostException"/> naming the scheduler's address, everything waiting
/// on them throws it, and new work is refused with it (<see cref="ConnectionLost"/>). The client does
/// not reconnect: make a new one. Registering is bounded by <see cref="ConnectTimeoutSetting"/>.
/// </remarks>
/// <example><code>
/// using var client = new Client(processes: false, threadsPerWorker: 4, nWorkers: 1, memoryLimit: "2GB");
/// Future&lt;int&gt; f = client.Submit(Inc, 10);
/// int v = await f;
/// </code></example>
public sealed partial class Client : IDisposable, IAsyncDisposable, IScheduler
{
    /// <summary>How long <see cref="WaitForWorkers"/> waits when not told.</summary>
    public static readonly TimeSpan DefaultWaitForWorkersTimeout = TimeSpan.FromSeconds(60);

    private static readonly List<Client> s_live = [];

    // The scheduler answers wait-for-workers at its timeout; this much more covers the trip back.
    private static readonly TimeSpan s_waitForWorkersGrace = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly Dictionary<Key, FutureState> _futures = [];
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ProtocolMessage>> _replies = new();
    private readonly HashSet<string> _uploaded = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LocalCluster? _ownedCluster;
    private readonly TlsOptions? _tls;
    private IComm _comm = null!;
    private PeerLink _link = null!;
    private ConnectionPool _workers = null!;
    private Task _receiver = Task.CompletedTask;
    private long _requestIds;
    private int _closed;
    private bool _setAsDefault = true;

    /// <summary>
    /// Connects to a scheduler by <paramref name="address"/> or <paramref name="schedulerFile"/>, or, with
    /// neither, starts a <see cref="LocalCluster"/> with the remaining arguments (Dask's defaults).
    /// </summary>
    /// <param name="address">A scheduler address such as <c>tcp://127.0.0.1:8786</c>.</param>
    /// <param name="schedulerFile">A scheduler file written by <c>dask scheduler --scheduler-file</c>.</param>
    /// <param name="secret">The cluster's secret, when connecting by address.</param>
    /// <param name="nWorkers">Workers of the local cluster.</param>
    /// <param name="threadsPerWorker">Threads per worker of the local cluster.</param>
    /// <param name="processes">Workers in separate processes (true) or in this one (false).</param>
    /// <param name="memoryLimit">Per-worker memory limit: "auto", a size such as "2GB", or null for none.</param>
    /// <param name="dashboardAddress">Where the dashboard is served (":8787"), or null for none.</param>
    /// <param name="tls">Mutual TLS for a <c>tls://</c> scheduler.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="timeProvider">The clock behind the client's timers, delays and timeouts (and the local cluster's); <see cref="TimeProvider.System"/> when null.</param>
    public Client(
        string? address = null,
        string? schedulerFile = null,
        string? secret = null,
        int? nWorkers = null,
        int? threadsPerWorker = null,
        bool? processes = null,
        string? memoryLimit = "auto",
        string? dashboardAddress = ":8787",
        TlsOptions? tls = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
    {
        _tls = tls;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        if (schedulerFile is not null)
        {
            SchedulerFile file = SchedulerFile.Read(schedulerFile);
            ConnectionMethod = "Scheduler file";
            Connect(file.Address, secret ?? file.Secret, null); // the dashboard's port and token come from the scheduler, as for an address
        }
        else if (address is not null)
        {
            ConnectionMethod = "Direct";
            Connect(address, secret, null);
        }
        else
        {
            _ownedCluster = new LocalCluster(nWorkers, threadsPerWorker, processes, memoryLimit, dashboardAddress, logger: logger, timeProvider: _time);
            Cluster = _ownedCluster;
            ConnectionMethod = "Cluster object";
            Connect(_ownedCluster.SchedulerAddress, _ownedCluster.Secret, _ownedCluster.DashboardLink);
        }
    }

    /// <summary>Connects to a running cluster — a <see cref="LocalCluster"/> or any other <see cref="Cluster.Cluster"/> (it stays up when the client closes).</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="setAsDefault">
    /// Whether <c>Compute()</c> runs here while the client lives (Dask's <c>set_as_default</c>); when false,
    /// name it explicitly after registering it: <c>SchedulerRegistry.Register("mine", client)</c>.
    /// </param>
    /// <param name="timeProvider">The clock behind the client's timers, delays and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    public Client(Cluster.Cluster cluster, ILogger? logger = null, bool setAsDefault = true, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _setAsDefault = setAsDefault;
        Cluster = cluster;
        ConnectionMethod = "Cluster object";
        Connect(cluster.SchedulerAddress, cluster.Secret, cluster.DashboardLink);
    }

    /// <summary>This client's id on the scheduler.</summary>
    public string Id { get; } = $"Client-{Guid.NewGuid()}";

    /// <summary>The scheduler's address.</summary>
    public string SchedulerAddress { get; private set; } = string.Empty;

    /// <summary>The cluster this client was given or started, or null when it connected by address.</summary>
    public Cluster.Cluster? Cluster { get; }

    /// <summary>How the client found its scheduler (as Dask's repr says it).</summary>
    public string ConnectionMethod { get; }

    /// <summary>The dashboard's <c>/status</c> URL, or null when none is served.</summary>
    public string? DashboardLink { get; private set; }

    /// <summary>The name it registers under in <see cref="SchedulerRegistry"/>.</summary>
    string IScheduler.Name => "distributed";

    /// <summary>False when the workers are other processes.</summary>
    bool IScheduler.RunsTasksInThisProcess => !Remote;

    /// <summary>True when workers live in other processes (tasks and values are serialised).</summary>
    private bool Remote { get; set; }

    /// <summary>Closes the client (and the cluster it started).</summary>
    public void Close() => CloseAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public void Dispose() => Close();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>Closes the client asynchronously.</summary>
    public async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        StopBeingDefault();
        await _stopWatching.CancelAsync().ConfigureAwait(false);
        await _link.DisposeAsync().ConfigureAwait(false);
        await _receiver.ConfigureAwait(false);
        await _watcher.ConfigureAwait(false);
        await _workers.DisposeAsync().ConfigureAwait(false);
        CancelAll("The client closed.");

        if (_ownedCluster is not null)
        {
            await _ownedCluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        if (ConnectionLost is { } lost)
        {
            return $"{Id}{Environment.NewLine}{lost.Message}"; // nothing to ask: printing a dead client must not throw
        }

        SchedulerInfo info = SchedulerInfo();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Id}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Connection method: {ConnectionMethod}, Cluster type: {Cluster?.GetType().Name ?? "Scheduler"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Dashboard: {DashboardLink ?? "(none)"}");
        if (DashboardTunnel() is { } tunnel)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Dashboard from your computer: run `{tunnel}` there, then open {DashboardAddress.TunnelledLink(DashboardLink!)}");
        }

        text.Append(CultureInfo.InvariantCulture, $"Workers: {info.Workers.Count}, Total threads: {info.TotalThreads}, Total memory: {ByteSize.Format(info.TotalMemory)}");
        if (Cluster?.WorkerLayout() is { } layout)
        {
            text.Append('\n').Append(layout); // e.g. a SLURM cluster's workers by job and node
        }

        return text.ToString();
    }

    /// <summary>The client as HTML for notebooks, with a link to the dashboard.</summary>
    public string ToHtml()
    {
        if (ConnectionLost is { } lost)
        {
            return $"<div class=\"dasksharp-client\"><h3>Client</h3><p style=\"color:#9d9d9d\">{WebUtility.HtmlEncode(Id)}</p><p>{WebUtility.HtmlEncode(lost.Message)}</p></div>";
        }

        SchedulerInfo info = SchedulerInfo();
        string dashboard = DashboardLink is { } link ? $"<a href=\"{WebUtility.HtmlEncode(link)}\" target=\"_blank\">{WebUtility.HtmlEncode(link)}</a>" : "(none)";
        return $"""
            <div class="dasksharp-client"><h3>Client</h3><p style="color:#9d9d9d">{WebUtility.HtmlEncode(Id)}</p>
            <table><tr><td><strong>Connection method:</strong> {WebUtility.HtmlEncode(ConnectionMethod)}</td><td><strong>Cluster type:</strong> {WebUtility.HtmlEncode(Cluster?.GetType().Name ?? "Scheduler")}</td></tr>
            <tr><td colspan="2"><strong>Dashboard:</strong> {dashboard}</td></tr>{(DashboardTunnel() is { } tunnel ? $"<tr><td colspan=\"2\"><strong>From your computer:</strong> <code>{WebUtility.HtmlEncode(tunnel)}</code>, then open {WebUtility.HtmlEncode(DashboardAddress.TunnelledLink(DashboardLink!))}</td></tr>" : string.Empty)}
            <tr><td><strong>Workers:</strong> {info.Workers.Count}</td><td><strong>Total threads:</strong> {info.TotalThreads}</td><td><strong>Total memory:</strong> {ByteSize.Format(info.TotalMemory)}</td></tr></table></div>
            """;
    }

    /// <summary>
    /// Restarts every worker and forgets every task (distributed's <c>restart</c>); all futures
    /// become cancelled. Returns once as many workers as before are back.
    /// </summary>
    /// <exception cref="InvalidOperationException">when the workers do not come back within a minute.</exception>
    public void Restart() => RestartAsync().GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="Restart"/>.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await RequestAsync<OkReply>(new RestartMessage(), cancellationToken).ConfigureAwait(false);
        CancelAll("The cluster was restarted.");
    }

    /// <summary>
    /// Closes the scheduler and, with it, its workers, then this client (distributed's
    /// <c>Client.shutdown</c>). A cluster this client started closes as well. A scheduler that is
    /// already gone is not an error: the cluster is down either way.
    /// </summary>
    public void Shutdown() => ShutdownAsync().GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="Shutdown"/>.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        if (_closed == 0 && ConnectionLost is null)
        {
            try
            {
                await RequestAsync<OkReply>(new TerminateMessage(), cancellationToken).ConfigureAwait(false);
            }
            catch (SchedulerConnectionLostException)
            {
                // the scheduler closed before (or instead of) answering
            }
        }

        await CloseAsync().ConfigureAwait(false);
    }

    /// <summary>What the scheduler knows about its workers (distributed's <c>scheduler_info</c>).</summary>
    public SchedulerInfo SchedulerInfo() => SchedulerInfoAsync().GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="SchedulerInfo()"/>.</summary>
    public async Task<SchedulerInfo> SchedulerInfoAsync(CancellationToken cancellationToken = default)
    {
        SchedulerInfoReply reply = await RequestAsync<SchedulerInfoReply>(new SchedulerInfoMessage(), cancellationToken).ConfigureAwait(false);
        return Distributed.SchedulerInfo.Parse(reply.Info);
    }

    /// <summary>Waits until at least <paramref name="n"/> workers have joined (distributed's <c>wait_for_workers</c>).</summary>
    /// <exception cref="TimeoutException">when they do not come within <paramref name="timeout"/> (<see cref="DefaultWaitForWorkersTimeout"/> when null).</exception>
    public void WaitForWorkers(int n, TimeSpan? timeout = null) => WaitForWorkersAsync(n, timeout).GetAwaiter().GetResult();

    /// <summary>
    /// The asynchronous twin of <see cref="WaitForWorkers"/>: the scheduler answers when the
    /// <paramref name="n"/>th worker registers (no polling), or when <paramref name="timeout"/> has passed.
    /// </summary>
    /// <exception cref="TimeoutException">naming how many workers were awaited, how many came and the timeout.</exception>
    /// <exception cref="ArgumentOutOfRangeException">for a negative <paramref name="n"/> or <paramref name="timeout"/>.</exception>
    public async Task WaitForWorkersAsync(int n, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        TimeSpan bound = timeout ?? DefaultWaitForWorkersTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, TimeSpan.Zero, nameof(timeout));
        Task<SchedulerInfoReply> answer = RequestAsync<SchedulerInfoReply>(new WaitForWorkersMessage(n, bound.TotalSeconds), cancellationToken);
        SchedulerInfoReply reply;
        try
        {
            // Only a scheduler that never answers ends here: it answers at the timeout itself.
            reply = await answer.WaitAsync(bound + s_waitForWorkersGrace, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (!answer.IsCompleted)
        {
            _ = answer.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new TimeoutException($"Waited for {n} workers for {Seconds(bound)}: the scheduler at {SchedulerAddress} did not answer within a further {Seconds(s_waitForWorkersGrace)}.", e);
        }

        int came = Distributed.SchedulerInfo.Parse(reply.Info).Workers.Count;
        if (came < n)
        {
            throw new TimeoutException($"Only {came} of {n} workers joined within {Seconds(bound)}.");
        }
    }


    /// <summary>
    /// Inside a batch job (SLURM), the ssh command that forwards the dashboard to the user's own
    /// computer through the login node (<c>ssh -N -L PORT:NODE:PORT USER@LOGIN-HOST</c>); null
    /// elsewhere or without a dashboard. The deployment layer knows: the cluster when there is one,
    /// else <see cref="BatchEnvironment"/>.
    /// </summary>
    public string? DashboardTunnel() => Cluster is { } cluster ? cluster.DashboardTunnel() : BatchEnvironment.DashboardTunnel(DashboardLink);

    private void BecomeDefault()
    {
        if (!_setAsDefault)
        {
            return;
        }

        lock (s_live)
        {
            s_live.Add(this);
            SchedulerRegistry.Register("distributed", this);
            DaskConfig.SetGlobal("scheduler", "distributed");
        }
    }

    private void StopBeingDefault()
    {
        lock (s_live)
        {
            if (!s_live.Remove(this))
            {
                return;
            }

            if (s_live.Count > 0)
            {
                SchedulerRegistry.Register("distributed", s_live[^1]);
            }
            else
            {
                SchedulerRegistry.Unregister("distributed", this);
                DaskConfig.ClearGlobal("scheduler");
            }
        }
    }

    /// <summary>Every future of this client becomes cancelled (the cluster forgot them).</summary>
    private void CancelAll(string why)
    {
        lock (_gate)
        {
            if (_lost is not null)
            {
                return; // they already say the connection was lost, which is the better reason
            }

            foreach (FutureState state in _futures.Values)
            {
                state.Finish(FutureStatus.Cancelled, [], new TaskError(typeof(OperationCanceledException).FullName!, why, string.Empty));
            }
        }
    }

    private void Report(Key[] keys, Action<Key[], int, FutureState> apply)
    {
        lock (_gate)
        {
            if (_lost is not null)
            {
                return; // a scheduler that answers after it was given up on must not revive cancelled futures
            }

            for (int i = 0; i < keys.Length; i++)
            {
                if (_futures.TryGetValue(keys[i], out FutureState? state))
                {
                    apply(keys, i, state);
                }
            }
        }
    }
}

/// <summary>What the scheduler reports about itself and its workers.</summary>
public sealed record SchedulerInfo(string Id, string Address, IReadOnlyDictionary<string, WorkerInfo> Workers)
{
    /// <summary>The dashboard's link as the scheduler sees it (with its token when it needs one), or null without a dashboard.</summary>
    public string? DashboardLink { get; init; }

    /// <summary>Threads over all workers.</summary>
    public int TotalThreads => Workers.Values.Sum(w => w.Threads);

    /// <summary>Memory limits over all workers.</summary>
    public long TotalMemory => Workers.Values.Sum(w => w.MemoryLimit);

    internal static SchedulerInfo Parse(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        var workers = new Dictionary<string, WorkerInfo>(StringComparer.Ordinal);
        foreach (JsonProperty w in root.GetProperty("workers").EnumerateObject())
        {
            workers[w.Name] = new WorkerInfo(w.Name, w.Value.GetProperty("name").GetString()!, w.Value.GetProperty("nthreads").GetInt32(), w.Value.GetProperty("memory_limit").GetInt64(), w.Value.GetProperty("pid").GetInt64());
        }

        return new SchedulerInfo(root.GetProperty("id").GetString()!, root.GetProperty("address").GetString()!, workers)
        {
            DashboardLink = root.TryGetProperty("dashboard", out JsonElement dashboard) && dashboard.ValueKind == JsonValueKind.String ? dashboard.GetString() : null,
        };
    }
}

/// <summary>One worker as the scheduler sees it.</summary>
public sealed record WorkerInfo(string Address, string Name, int Threads, long MemoryLimit, long Pid);
