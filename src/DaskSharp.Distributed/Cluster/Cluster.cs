using System.Globalization;
using System.Net;
using DaskSharp.Distributed.Dashboard;
using DaskSharp.Distributed.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// A way of getting workers (distributed's <c>deploy.Cluster</c>): a scheduler this process runs,
/// and workers a subclass starts and stops (<see cref="LocalCluster"/> on this machine, a SLURM
/// cluster through the batch system). The base owns what every cluster shares: the scheduler and
/// its address, dashboard and secret, adaptive scaling, waiting for workers, reprs and logs.
/// </summary>
/// <example><code>
/// await using Cluster cluster = new LocalCluster(nWorkers: 1, processes: false);
/// cluster.Adapt(minimum: 1, maximum: 4);
/// using var client = new Client(cluster);
/// </code></example>
public abstract class Cluster : IDisposable, IAsyncDisposable
{
    private readonly RecentLog _log;
    private RecentLog? _schedulerLog;
    private Scheduler? _scheduler;
    private TaskCompletionSource _workersChanged = NewSignal();
    private Adaptive? _adaptive;
    private int _closed;

    /// <summary>Prepares the shared state; a subclass then calls <see cref="StartSchedulerAsync"/>.</summary>
    /// <param name="name">The cluster's name in reprs (distributed's: eight hex digits when none is given).</param>
    /// <param name="logger">Where the user wants the cluster's, scheduler's and workers' lines.</param>
    /// <param name="timeProvider">The clock of the cluster's waits and adaptive loop, handed on to its scheduler and workers; <see cref="TimeProvider.System"/> when null.</param>
    protected Cluster(string? name, ILogger? logger, TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        Name = name ?? Guid.NewGuid().ToString("N")[..8];
        UserLogger = logger ?? NullLogger.Instance;
        _log = new RecentLog(GetType().Name, UserLogger);
    }

    /// <summary>The cluster's name.</summary>
    public string Name { get; }

    /// <summary>The clock behind the cluster's timeouts and adaptive loop (and its scheduler's and workers').</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The scheduler (for diagnostics and tests).</summary>
    /// <exception cref="InvalidOperationException">before the subclass started it.</exception>
    public Scheduler Scheduler => _scheduler ?? throw new InvalidOperationException($"{GetType().Name} {Name} has not started its scheduler yet.");

    /// <summary>The scheduler's address.</summary>
    public string SchedulerAddress => Scheduler.Address;

    /// <summary>The dashboard's <c>/status</c> URL, or null when none is served.</summary>
    public string? DashboardLink => Scheduler.DashboardLink;

    /// <summary>The secret clients and workers prove.</summary>
    public string Secret => Scheduler.Secret;

    /// <summary>The adaptive scaler <see cref="Adapt"/> started, or null.</summary>
    public Adaptive? Adaptive => Volatile.Read(ref _adaptive);

    /// <summary>The cluster's own recent log lines (starting and stopping workers, adaptive decisions), oldest first.</summary>
    public IReadOnlyList<string> Logs => _log.Lines;

    /// <summary>Workers the cluster means to have, by name (distributed's <c>plan</c>).</summary>
    public abstract IReadOnlyCollection<string> PlannedWorkers { get; }

    /// <summary>Of <see cref="PlannedWorkers"/>, those it has started (distributed's <c>requested</c>).</summary>
    public virtual IReadOnlyCollection<string> RequestedWorkers => PlannedWorkers;

    /// <summary>Workers registered with the scheduler, by name (distributed's <c>observed</c>).</summary>
    public IReadOnlyCollection<string> ObservedWorkers => [.. Scheduler.Snapshot().Workers.Select(w => w.Name)];

    /// <summary>A logger that keeps the cluster's own lines for <see cref="Logs"/> and passes them on to the user's.</summary>
    protected ILogger Log => _log;

    /// <summary>The logger the user gave (or none).</summary>
    protected ILogger UserLogger { get; }

    /// <summary>True once closing began.</summary>
    protected bool IsClosing => Volatile.Read(ref _closed) == 1;

    /// <summary>Workers registered with the scheduler now.</summary>
    protected internal int WorkerCountNow => Scheduler.InvokeAsync(s => s.Workers.Count).GetAwaiter().GetResult();

    /// <summary>Starts or stops workers until there are <paramref name="n"/> (distributed's <c>scale</c>).</summary>
    public void Scale(int n) => ScaleAsync(n).GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="Scale"/>: returns once new workers are started and removed ones have left the scheduler.</summary>
    public abstract Task ScaleAsync(int n, CancellationToken cancellationToken = default);

    /// <summary>Retires the named workers gracefully (their results move to the others) and plans without them (distributed's <c>scale_down</c>).</summary>
    public abstract Task ScaleDownAsync(IReadOnlyCollection<string> workers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scales with the load from now on (distributed's <c>adapt</c>): every <paramref name="interval"/>
    /// asks the scheduler how many workers the work wants (<see cref="AdaptivePolicy"/>), scales up
    /// at once and down after <paramref name="waitCount"/> recommendations in a row. Replaces an
    /// earlier <see cref="Adaptive"/>; stop it with <see cref="DaskSharp.Distributed.Cluster.Adaptive.Stop"/>.
    /// </summary>
    /// <example><code>
    /// Adaptive adaptive = cluster.Adapt(minimum: 1, maximum: 10);
    /// // ... work ...
    /// adaptive.Stop();
    /// </code></example>
    /// <exception cref="ArgumentOutOfRangeException">for a negative minimum, a maximum below it, a wait count below one, or a non-positive interval or target duration.</exception>
    public Adaptive Adapt(int minimum = 0, int maximum = int.MaxValue, TimeSpan? interval = null, int waitCount = 3, TimeSpan? targetDuration = null)
    {
        ObjectDisposedException.ThrowIf(IsClosing, this);
        var adaptive = new Adaptive(this, new AdaptiveCore(minimum, maximum, waitCount), interval ?? TimeSpan.FromSeconds(1), targetDuration ?? AdaptivePolicy.DefaultTargetDuration, Log);
        Interlocked.Exchange(ref _adaptive, adaptive)?.Stop();
        Log.LogInformation("Adapting between {Minimum} and {Maximum} workers", minimum, maximum);
        return adaptive;
    }

    /// <summary>Waits until at least <paramref name="n"/> workers have registered with the scheduler (distributed's <c>wait_for_workers</c>).</summary>
    /// <exception cref="TimeoutException">naming how many of <paramref name="n"/> came within <paramref name="timeout"/>.</exception>
    public void WaitForWorkers(int n, TimeSpan timeout) => WaitForWorkersAsync(n, timeout).GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="WaitForWorkers"/>.</summary>
    public Task WaitForWorkersAsync(int n, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return WaitUntilAsync(
            () => WorkerCountNow >= n,
            () => string.Create(CultureInfo.InvariantCulture, $"Only {WorkerCountNow} of {n} workers joined {GetType().Name} {Name} within {timeout.TotalSeconds} s."),
            timeout,
            cancellationToken);
    }

    /// <summary>
    /// Waits until <paramref name="done"/> holds, re-checking whenever the scheduler logs (it logs
    /// every worker that registers or leaves), never by polling.
    /// </summary>
    /// <exception cref="TimeoutException">with <paramref name="failure"/>'s text when <paramref name="timeout"/> passes first.</exception>
    protected internal async Task WaitUntilAsync(Func<bool> done, Func<string> failure, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(failure);
        using var timer = new CancellationTokenSource(timeout, TimeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        while (true)
        {
            Task changed = Volatile.Read(ref _workersChanged).Task; // taken before the check, so a change between the two is not missed
            if (done())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (done())
                {
                    return;
                }

                throw new TimeoutException(failure());
            }
        }
    }

    /// <summary>
    /// Inside a batch job, the ssh command that brings the dashboard to the user's computer
    /// (<see cref="BatchEnvironment.DashboardTunnel"/>); null elsewhere or without a dashboard.
    /// </summary>
    public virtual string? DashboardTunnel() => BatchEnvironment.DashboardTunnel(DashboardLink);

    /// <summary>
    /// How the cluster's workers are laid out, for the client's repr: a batch cluster lists its
    /// jobs and, node by node, their workers; null (the default) when there is nothing to add.
    /// </summary>
    public virtual string? WorkerLayout() => null;

    /// <summary>
    /// Recent log lines by source (distributed's <c>get_logs</c>): <c>"Cluster"</c>, <c>"Scheduler"</c>,
    /// and one entry per worker whose lines the cluster can read cheaply (in-process workers).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GetLogs()
    {
        var logs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["Cluster"] = _log.Lines,
            ["Scheduler"] = _schedulerLog?.Lines ?? [],
        };
        foreach (var (worker, lines) in WorkerLogs())
        {
            logs[worker] = lines;
        }

        return logs;
    }

    /// <summary>Stops adapting, the workers (no process is left behind) and the scheduler.</summary>
    public void Close() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        if (Interlocked.Exchange(ref _adaptive, null) is { } adaptive)
        {
            await adaptive.StopAsync().ConfigureAwait(false);
        }

        await StopWorkersAsync().ConfigureAwait(false);
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>distributed's repr: <c>LocalCluster(3f2a9c1b, 'tcp://127.0.0.1:8786', workers=2, threads=4, memory=2.00 GiB)</c>, from the workers the scheduler has.</summary>
    public override string ToString()
    {
        if (_scheduler is null)
        {
            return $"{GetType().Name}({Name}, not started)";
        }

        IReadOnlyList<WorkerSnapshot> workers = _scheduler.Snapshot().Workers;
        string memory = workers.All(w => w.MemoryLimit > 0) ? $", memory={ByteSize.Format(workers.Sum(w => w.MemoryLimit))}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{GetType().Name}({Name}, '{SchedulerAddress}', workers={workers.Count}, threads={workers.Sum(w => w.Threads)}{memory})");
    }

    /// <summary>The cluster as HTML for notebooks (distributed's cluster widget): type, name, dashboard link, workers, threads and memory.</summary>
    public string ToHtml()
    {
        IReadOnlyList<WorkerSnapshot> workers = Scheduler.Snapshot().Workers;
        string dashboard = DashboardLink is { } link ? $"<a href=\"{WebUtility.HtmlEncode(link)}\" target=\"_blank\">{WebUtility.HtmlEncode(link)}</a>" : "(none)";
        string tunnel = DashboardTunnel() is { } ssh
            ? $"\n<tr><td colspan=\"2\"><strong>From your computer:</strong> <code>{WebUtility.HtmlEncode(ssh)}</code>, then open {WebUtility.HtmlEncode(DashboardAddress.TunnelledLink(DashboardLink!))}</td></tr>"
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"""
            <div class="dasksharp-cluster"><h3>{GetType().Name}</h3><p style="color:#9d9d9d">{WebUtility.HtmlEncode(Name)}</p>
            <table><tr><td><strong>Dashboard:</strong> {dashboard}</td><td><strong>Workers:</strong> {workers.Count}</td></tr>
            <tr><td><strong>Total threads:</strong> {workers.Sum(w => w.Threads)}</td><td><strong>Total memory:</strong> {ByteSize.Format(workers.Sum(w => w.MemoryLimit))}</td></tr>{tunnel}</table></div>
            """);
    }

    /// <summary>
    /// Starts the cluster's scheduler with <paramref name="options"/>, logging through a ring the
    /// cluster reads back, and with the dashboard bound where the batch environment needs it.
    /// </summary>
    protected async Task<Scheduler> StartSchedulerAsync(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string host = Comm.Address.Parse(options.Address) is { Scheme: "tcp" or "tls" } listening ? listening.Host : "127.0.0.1";
        _schedulerLog = new RecentLog("scheduler", options.Logger ?? UserLogger, NotifyWorkersChanged);
        _scheduler = await Scheduler.StartAsync(options with
        {
            Logger = _schedulerLog,
            DashboardBindHost = options.DashboardBindHost ?? BatchEnvironment.DashboardBindHost(host),
        }).ConfigureAwait(false);
        return _scheduler;
    }

    /// <summary>Stops every worker at once (the cluster is closing).</summary>
    protected abstract ValueTask StopWorkersAsync();

    /// <summary>Recent lines of the workers whose logs the cluster holds, by worker name.</summary>
    protected virtual IEnumerable<(string Worker, IReadOnlyList<string> Lines)> WorkerLogs() => [];

    private void NotifyWorkersChanged() =>
        Interlocked.Exchange(ref _workersChanged, NewSignal()).TrySetResult();

    // Waiters continue on the pool, not on the scheduler's thread that logged (which holds its lock).
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
