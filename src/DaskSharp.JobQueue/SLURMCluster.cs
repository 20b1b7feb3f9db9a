using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using Microsoft.Extensions.Logging;

namespace DaskSharp.JobQueue;

/// <summary>
/// Dask workers in SLURM jobs (dask-jobqueue's <c>SLURMCluster</c>): the scheduler runs in this
/// process, listening on <see cref="SlurmJobOptions.Interface"/>'s address; each job runs
/// <see cref="SlurmJobOptions.Processes"/> <c>dask worker</c> processes on each of its
/// <see cref="SlurmJobOptions.NodesPerJob"/> nodes. Scaling submits jobs with <c>sbatch</c> and ends
/// them with <c>scancel</c>, after their workers have handed their results to the others; a job
/// that ends otherwise (cancelled outside, failed, out of time) leaves the plan and shows in
/// <see cref="Jobs"/>, and <see cref="Adapt(int?, int?, TimeSpan?, int, TimeSpan?, int?, int?)"/> replaces it.
/// </summary>
/// <example><code>
/// using var cluster = new SLURMCluster(queue: "multiple", cores: 40, memory: "90GB", localDirectory: "/tmp", walltime: "00:30:00", @interface: "ib0");
/// Console.WriteLine(cluster.JobScript());
/// cluster.Scale(jobs: 2);
/// using var client = new Client(cluster);
/// </code></example>
public sealed class SLURMCluster : Cluster
{
    private static readonly TimeSpan s_retireBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_stopBound = TimeSpan.FromSeconds(30);

    private readonly SlurmCommands _slurm = new();
    private readonly SlurmJobTable _jobs;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _scaling = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;
    private TaskCompletionSource _jobsChanged = NewSignal();

    /// <summary>Starts the scheduler; jobs come with <see cref="Scale(int?, int?, int?, string?)"/> or <c>Adapt</c>.</summary>
    /// <param name="queue">The partition (<c>#SBATCH -p</c>).</param>
    /// <param name="account">The account charged (<c>#SBATCH -A</c>).</param>
    /// <param name="cores">Cores per node of a job, shared by its worker processes.</param>
    /// <param name="memory">Memory per node of a job, e.g. "90GB", shared by its worker processes.</param>
    /// <param name="processes">Worker processes per node (default about √cores).</param>
    /// <param name="walltime">The jobs' time limit (default 00:30:00); workers retire gracefully a margin before it.</param>
    /// <param name="jobCpu">CPUs to ask for per node instead of <paramref name="cores"/>.</param>
    /// <param name="jobMem">Memory to ask for per node instead of <paramref name="memory"/> (SLURM's text, e.g. "100G").</param>
    /// <param name="interface">The network interface scheduler and workers listen on (e.g. "ib0"; "lo" on one machine).</param>
    /// <param name="nanny">Workers under nannies (default true).</param>
    /// <param name="deathTimeout">How long a worker keeps trying to reach the scheduler (default 60 s).</param>
    /// <param name="localDirectory">The workers' fast local directory for spilling, e.g. "/tmp" or "$TMPDIR".</param>
    /// <param name="workerExtraArgs">More <c>dask worker</c> arguments.</param>
    /// <param name="jobExtraDirectives">More <c>#SBATCH</c> directives, e.g. "--exclusive".</param>
    /// <param name="jobDirectivesSkip">Generated directive lines containing any of these are left out.</param>
    /// <param name="jobScriptPrologue">Shell lines run before the workers start.</param>
    /// <param name="jobScriptEpilogue">Shell lines run after they stop.</param>
    /// <param name="logDirectory">Where SLURM writes the jobs' output.</param>
    /// <param name="shebang">The scripts' first line.</param>
    /// <param name="jobName">The jobs' name (default "dask-worker").</param>
    /// <param name="workerCommand">Shell words running the <c>dask</c> command on a node (default: this program's worker host).</param>
    /// <param name="nodesPerJob">Nodes per job (default 1); each node runs <paramref name="processes"/> workers, started with srun.</param>
    /// <param name="lifetimeMargin">How long before the walltime ends the workers retire (default a tenth of it, 15 s to 5 min).</param>
    /// <param name="configName">The configuration section (default "slurm": <c>jobqueue.slurm.*</c>).</param>
    /// <param name="stageRuntime">Stage the worker host on <paramref name="sharedTempDirectory"/> once (by content hash) and have each job copy it to its nodes' local directory, so workers run from local disk.</param>
    /// <param name="sharedTempDirectory">A directory every node sees (default <c>~/.dasksharp/runtime</c>).</param>
    /// <param name="nWorkers">Workers to start at once (dask-jobqueue's <c>n_workers</c>, in whole jobs).</param>
    /// <param name="dashboardAddress">Where the scheduler serves its dashboard (":8787"); null for none.</param>
    /// <param name="schedulerPort">The scheduler's port (0: any free one).</param>
    /// <param name="statusInterval">How often squeue is asked about the jobs (default 1 s).</param>
    /// <param name="name">The cluster's name, which starts its jobs' worker names.</param>
    /// <param name="logger">Where the cluster and its scheduler log.</param>
    /// <exception cref="ArgumentException">for parameters SLURM or a worker cannot take (<see cref="SlurmJobOptions.Create"/>), or an interface this machine lacks.</exception>
    public SLURMCluster(
        string? queue = null, string? account = null, int? cores = null, string? memory = null, int? processes = null, string? walltime = null,
        int? jobCpu = null, string? jobMem = null, string? @interface = null, bool? nanny = null, TimeSpan? deathTimeout = null, string? localDirectory = null,
        IReadOnlyList<string>? workerExtraArgs = null, IReadOnlyList<string>? jobExtraDirectives = null, IReadOnlyList<string>? jobDirectivesSkip = null,
        IReadOnlyList<string>? jobScriptPrologue = null, IReadOnlyList<string>? jobScriptEpilogue = null, string? logDirectory = null, string? shebang = null,
        string? jobName = null, string? workerCommand = null, int? nodesPerJob = null, TimeSpan? lifetimeMargin = null, string? configName = null,
        bool? stageRuntime = null, string? sharedTempDirectory = null, int nWorkers = 0, string? dashboardAddress = ":8787", int schedulerPort = 0, TimeSpan? statusInterval = null, string? name = null, ILogger? logger = null)
        : this(
            SlurmJobOptions.Create(queue, account, cores, memory, processes, walltime, jobCpu, jobMem, @interface, nanny, deathTimeout, localDirectory, workerExtraArgs, jobExtraDirectives, jobDirectivesSkip, jobScriptPrologue, jobScriptEpilogue, logDirectory, shebang, jobName, workerCommand, nodesPerJob, lifetimeMargin, configName, stageRuntime, sharedTempDirectory),
            nWorkers, dashboardAddress, schedulerPort, statusInterval, name, logger)
    {
    }

    /// <summary>Starts the scheduler for jobs made from checked <paramref name="options"/>.</summary>
    public SLURMCluster(SlurmJobOptions options, int nWorkers = 0, string? dashboardAddress = ":8787", int schedulerPort = 0, TimeSpan? statusInterval = null, string? name = null, ILogger? logger = null)
        : base(name, logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(nWorkers);
        Options = options;
        _jobs = new SlurmJobTable(options.ReplaceAfter);
        StatusInterval = statusInterval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StatusInterval, TimeSpan.Zero, nameof(statusInterval));
        string host = options.Interface is { } nic ? InterfaceAddress.Of(nic) : RoutableAddress();
        StartSchedulerAsync(new SchedulerOptions
        {
            Address = string.Create(CultureInfo.InvariantCulture, $"tcp://{host}:{schedulerPort}"),
            DashboardAddress = dashboardAddress,
            Logger = logger,
        }).GetAwaiter().GetResult();
        _watch = Task.Run(WatchJobsAsync);
        if (nWorkers > 0)
        {
            try
            {
                Scale(workers: nWorkers);
            }
            catch
            {
                Dispose();
                throw;
            }
        }
    }

    /// <summary>What every job asks for and starts.</summary>
    public SlurmJobOptions Options { get; }

    /// <summary>How often squeue is asked about the jobs.</summary>
    public TimeSpan StatusInterval { get; }

    /// <summary>Every job the cluster submitted, oldest first, with its last known state (finished ones too).</summary>
    public IReadOnlyList<SlurmJob> Jobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.All];
            }
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> PlannedWorkers
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.Planned.SelectMany(j => j.Workers)];
            }
        }
    }

    /// <summary>The <c>#SBATCH</c> lines of every job.</summary>
    public string JobHeader => SlurmJobScript.Header(Options);

    /// <summary>The script a job is submitted with (dask-jobqueue's <c>job_script()</c>, its workers named "dummy-name").</summary>
    public string JobScript() => SlurmJobScript.Render(Options, SchedulerAddress, "dummy-name");

    /// <summary>
    /// Scales to the most jobs any of the targets needs (dask-jobqueue's <c>scale</c>): <paramref name="jobs"/>
    /// jobs, <paramref name="workers"/> worker processes, <paramref name="cores"/> cores or
    /// <paramref name="memory"/> of memory, each rounded up to whole jobs; nothing given is zero jobs.
    /// </summary>
    /// <example><code>
    /// cluster.Scale(jobs: 2);
    /// cluster.Scale(cores: 80, memory: "180GB");
    /// </code></example>
    public void Scale(int? workers = null, int? jobs = null, int? cores = null, string? memory = null) =>
        ScaleAsync(workers, jobs, cores, memory).GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="Scale(int?, int?, int?, string?)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">for negative targets.</exception>
    /// <exception cref="ArgumentException">for a memory that is not a size.</exception>
    public Task ScaleAsync(int? workers = null, int? jobs = null, int? cores = null, string? memory = null, CancellationToken cancellationToken = default) =>
        ScaleJobsAsync(JobsFor(workers, jobs, cores, memory), cancellationToken);

    /// <summary>Starts or ends jobs until there are enough for <paramref name="n"/> workers (whole jobs, rounded up).</summary>
    public override Task ScaleAsync(int n, CancellationToken cancellationToken = default) =>
        ScaleJobsAsync(JobsFor(n, null, null, null), cancellationToken);

    /// <summary>Ends the jobs all of whose workers are named, after they hand their results to the others.</summary>
    public override async Task ScaleDownAsync(IReadOnlyCollection<string> workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        await _scaling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<SlurmJob> close;
            lock (_gate)
            {
                close = _jobs.ToCloseForWorkers(workers);
                _jobs.CancelRequested(close);
            }

            await CloseJobsAsync(close, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scaling.Release();
        }
    }

    /// <summary>
    /// Scales with the load (dask-jobqueue's <c>adapt</c>): between <paramref name="minimum"/> and
    /// <paramref name="maximum"/> workers, or between <paramref name="minimumJobs"/> and
    /// <paramref name="maximumJobs"/> jobs of <see cref="SlurmJobOptions.WorkersPerJob"/> workers each.
    /// Jobs that end (their walltime, or cancelled outside) are replaced while the load wants them.
    /// </summary>
    /// <example><code>cluster.Adapt(minimumJobs: 1, maximumJobs: 10);</code></example>
    public Adaptive Adapt(int? minimum = null, int? maximum = null, TimeSpan? interval = null, int waitCount = 3, TimeSpan? targetDuration = null, int? minimumJobs = null, int? maximumJobs = null)
    {
        int perJob = Options.WorkersPerJob;
        int low = minimumJobs is { } lj ? checked(lj * perJob) : minimum ?? 0;
        int high = maximumJobs is { } hj ? (int)Math.Min(int.MaxValue, (long)hj * perJob) : maximum ?? int.MaxValue;
        return base.Adapt(low, high, interval, waitCount, targetDuration);
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for <see cref="Jobs"/>, re-checking whenever
    /// squeue shows a change or a job is submitted or cancelled.
    /// </summary>
    /// <exception cref="TimeoutException">saying <paramref name="what"/> was awaited, and the jobs' states.</exception>
    public async Task WaitForJobsAsync(Func<IReadOnlyList<SlurmJob>, bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var timer = new CancellationTokenSource(timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        while (true)
        {
            Task changed = Volatile.Read(ref _jobsChanged).Task;
            if (condition(Jobs))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s; the jobs: {string.Join("; ", Jobs.Select(j => $"{j.JobId} {j.Name} {j.State}"))}.");
            }
        }
    }

    /// <summary>
    /// The cluster's repr with its jobs (<see cref="WorkerLayout"/> under the base repr).
    /// </summary>
    public override string ToString() => WorkerLayout() is { } layout ? $"{base.ToString()}\n{layout}" : base.ToString();

    /// <summary>
    /// The jobs, for reprs: each live job with its state and, node by node, its workers (the address
    /// of those that joined), and the jobs that ended without the cluster ending them; null before
    /// the scheduler started or without jobs.
    /// </summary>
    public override string? WorkerLayout()
    {
        Dictionary<string, string> joined;
        try
        {
            joined = Scheduler.Snapshot().Workers.ToDictionary(w => w.Name, w => w.Address, StringComparer.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        var lines = new List<string>();
        foreach (SlurmJob job in Jobs.Where(j => !j.CancelRequested))
        {
            string state = $"Job {job.JobId} {job.Name}: {job.State}{(job.Expiring ? " (workers retiring soon: replaced)" : string.Empty)}";
            if (job.Finished)
            {
                lines.Add(state);
                continue;
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{state}, {Options.NodesPerJob} node{(Options.NodesPerJob == 1 ? string.Empty : "s")}"));
            foreach (var node in job.Workers.Select((w, i) => (Worker: w, Node: job.NodeOf(i, Options.Processes) ?? "(pending)")).GroupBy(p => p.Node))
            {
                lines.Add($"  {node.Key}: {string.Join(", ", node.Select(p => joined.TryGetValue(p.Worker, out string? address) ? $"{p.Worker} ({address})" : $"{p.Worker} (not joined)"))}");
            }
        }

        return lines.Count > 0 ? string.Join('\n', lines) : null;
    }

    /// <inheritdoc/>
    protected override async ValueTask StopWorkersAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(false);
        await _scaling.WaitAsync().ConfigureAwait(false);
        try
        {
            IReadOnlyList<SlurmJob> live;
            lock (_gate)
            {
                live = [.. _jobs.All.Where(j => !j.Finished)];
                _jobs.CancelRequested(live);
            }

            if (live.Count == 0)
            {
                return;
            }

            Log.LogInformation("Cancelling jobs {Jobs}", string.Join(", ", live.Select(j => j.JobId)));
            await _slurm.CancelAsync([.. live.Select(j => j.JobId)]).ConfigureAwait(false);

            // Closed means closed: squeue lists none of them any more as pending, running or completing.
            using var bound = new CancellationTokenSource(s_stopBound);
            try
            {
                while (true)
                {
                    IReadOnlyList<SqueueRow> rows = await _slurm.QueueAsync(bound.Token).ConfigureAwait(false);
                    lock (_gate)
                    {
                        _jobs.Observe(rows, TimeProvider.GetUtcNow());
                        if (live.All(j => _jobs.All.First(k => k.JobId == j.JobId).Finished && !rows.Any(r => r.JobId == j.JobId && r.State == "COMPLETING")))
                        {
                            return;
                        }
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), bound.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                Log.LogWarning("Jobs {Jobs} were cancelled but SLURM still lists some of them as live after {Bound} s", string.Join(", ", live.Select(j => j.JobId)), s_stopBound.TotalSeconds);
            }
        }
        finally
        {
            _scaling.Release();
        }
    }

    /// <summary>The address other machines reach this one at: the one its route to the outside leaves from (distributed's <c>get_ip</c>).</summary>
    private static string RoutableAddress()
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect("8.8.8.8", 80); // no packet is sent: connecting a UDP socket only picks the route
            return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
        }
        catch (SocketException)
        {
            return "127.0.0.1";
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int JobsFor(int? workers, int? jobs, int? cores, string? memory)
    {
        long target = 0;
        if (jobs is { } j)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(j, nameof(jobs));
            target = j;
        }

        if (workers is { } w)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(w, nameof(workers));
            target = Math.Max(target, CeilDiv(w, Options.WorkersPerJob));
        }

        if (cores is { } c)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(cores));
            target = Math.Max(target, CeilDiv(c, (long)Options.Cores * Options.NodesPerJob));
        }

        if (memory is not null)
        {
            long bytes;
            try
            {
                bytes = ByteSize.Parse(memory);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"memory '{memory}' is not an amount of memory; give a size such as \"180GB\". {e.Message}", nameof(memory), e);
            }

            ArgumentOutOfRangeException.ThrowIfNegative(bytes, nameof(memory));
            target = Math.Max(target, CeilDiv(bytes, Options.MemoryBytes * Options.NodesPerJob));
        }

        return (int)Math.Min(target, int.MaxValue);

        static long CeilDiv(long a, long b) => (a + b - 1) / b;
    }

    private async Task ScaleJobsAsync(int target, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsClosing, this);
        await _scaling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IReadOnlyList<SlurmJob> close;
            int submit;
            IReadOnlyCollection<string> observed = ObservedWorkers;
            lock (_gate)
            {
                submit = Math.Max(0, target - _jobs.Planned.Count);
                close = _jobs.ToCloseForTarget(target, observed);
                _jobs.CancelRequested(close);
            }

            await CloseJobsAsync(close, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < submit; i++)
            {
                await SubmitJobAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _scaling.Release();
        }
    }

    private async Task SubmitJobAsync(CancellationToken cancellationToken)
    {
        string name;
        lock (_gate)
        {
            name = _jobs.NextName(Name);
        }

        string script = SlurmJobScript.Render(Options, SchedulerAddress, name);

        // The secret travels in the job's environment (sbatch passes its own on), never in the script.
        string id = await _slurm.SubmitAsync(script, new Dictionary<string, string> { [WorkerHost.SecretVariable] = Secret }, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _jobs.Submitted(name, id, SlurmJobScript.WorkerNames(Options, name));
        }

        Log.LogInformation("Submitted job {JobId} ({Name}) for {Workers} workers", id, name, Options.WorkersPerJob);
        Changed();
    }

    /// <summary>Retires the jobs' workers that joined (their results move to the others), then scancels the jobs and waits for their workers to leave.</summary>
    private async Task CloseJobsAsync(IReadOnlyList<SlurmJob> jobs, CancellationToken cancellationToken)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        Changed();
        HashSet<string> workers = [.. jobs.SelectMany(j => j.Workers)];
        string ids = string.Join(", ", jobs.Select(j => j.JobId));
        Log.LogInformation("Closing jobs {Jobs}: retiring workers {Workers}", ids, string.Join(", ", workers.Order(StringComparer.Ordinal)));
        try
        {
            await Scheduler.RetireWorkersAsync(workers, s_retireBound, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            Log.LogWarning("Cancelling jobs {Jobs} anyway: {Reason}", ids, e.Message); // their results will be recomputed
        }

        await _slurm.CancelAsync([.. jobs.Select(j => j.JobId)], cancellationToken).ConfigureAwait(false);
        await WaitUntilAsync(
            () => !ObservedWorkers.Any(workers.Contains),
            () => $"The workers of cancelled jobs {ids} were still registered with the scheduler after {s_stopBound.TotalSeconds} s.",
            s_stopBound,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks squeue about the jobs every <see cref="StatusInterval"/> while any has not settled; jobs that ended on their own leave the plan, with a warning.</summary>
    private async Task WatchJobsAsync()
    {
        using var timer = new PeriodicTimer(StatusInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                bool any;
                lock (_gate)
                {
                    any = _jobs.All.Any(j => !j.Settled);
                }

                if (!any)
                {
                    continue;
                }

                try
                {
                    IReadOnlyList<SqueueRow> rows = await _slurm.QueueAsync(_stop.Token).ConfigureAwait(false);
                    string before = Summary();
                    IReadOnlyList<SlurmJob> ended;
                    lock (_gate)
                    {
                        ended = _jobs.Observe(rows, TimeProvider.GetUtcNow());
                    }

                    foreach (SlurmJob job in ended)
                    {
                        // COMPLETED: its workers left on their own (their lifetime before the walltime); anything else went wrong or came from outside.
                        Log.Log(job.State == "COMPLETED" ? LogLevel.Information : LogLevel.Warning, "Job {JobId} ({Name}) ended without the cluster ending it: {State}", job.JobId, job.Name, job.State);
                    }

                    if (before != Summary())
                    {
                        Changed();
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.ComponentModel.Win32Exception)
                {
                    Log.LogWarning("Could not ask squeue about the jobs: {Reason}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private string Summary() => string.Join(';', Jobs.Select(j => $"{j.JobId}:{j.State}:{j.Expiring}:{string.Join(',', j.Nodes)}"));

    private void Changed() => Interlocked.Exchange(ref _jobsChanged, NewSignal()).TrySetResult();
}
