using System.Globalization;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.JobQueue;

/// <summary>
/// What every job of a <see cref="SLURMCluster"/> asks SLURM for and starts, checked once:
/// dask-jobqueue's job parameters with its defaults, where a parameter left null is taken from
/// the configuration (<c>jobqueue.slurm.*</c>, <c>DASK_JOBQUEUE__SLURM__*</c>). <see cref="Cores"/>,
/// <see cref="MemoryBytes"/> and <see cref="Processes"/> are per node: a job of
/// <see cref="NodesPerJob"/> nodes has that many of each on every node.
/// </summary>
public sealed record SlurmJobOptions
{
    /// <summary>dask-jobqueue's default walltime.</summary>
    public const string DefaultWalltime = "00:30:00";

    /// <summary>dask-jobqueue's default job name (<c>#SBATCH -J</c>).</summary>
    public const string DefaultJobName = "dask-worker";

    /// <summary>dask-jobqueue's default shebang.</summary>
    public const string DefaultShebang = "#!/usr/bin/env bash";

    /// <summary>dask-jobqueue's default death timeout: a worker that cannot reach its scheduler for this long exits.</summary>
    public static readonly TimeSpan DefaultDeathTimeout = TimeSpan.FromSeconds(60);

    private SlurmJobOptions()
    {
    }

    /// <summary>The partition (<c>-p</c>), or null for SLURM's default.</summary>
    public string? Queue { get; private init; }

    /// <summary>The account charged (<c>-A</c>), or null.</summary>
    public string? Account { get; private init; }

    /// <summary>Cores per node, shared by the node's worker processes as threads.</summary>
    public int Cores { get; private init; }

    /// <summary>Memory per node in bytes, shared by the node's worker processes.</summary>
    public long MemoryBytes { get; private init; }

    /// <summary>The memory as the user wrote it.</summary>
    public string Memory { get; private init; } = string.Empty;

    /// <summary>Worker processes per node (default: about √cores, as distributed's <c>nprocesses_nthreads</c>).</summary>
    public int Processes { get; private init; }

    /// <summary>The time limit as written into the script (<c>-t</c>).</summary>
    public string Walltime { get; private init; } = DefaultWalltime;

    /// <summary>The time limit as a duration.</summary>
    public TimeSpan WalltimeDuration { get; private init; }

    /// <summary>CPUs to ask for per node instead of <see cref="Cores"/> (<c>--cpus-per-task</c>), or null.</summary>
    public int? JobCpu { get; private init; }

    /// <summary>Memory to ask for per node instead of <see cref="MemoryBytes"/> (<c>--mem</c>), or null.</summary>
    public string? JobMem { get; private init; }

    /// <summary>The network interface workers and scheduler listen on (e.g. "ib0"), or null.</summary>
    public string? Interface { get; private init; }

    /// <summary>Whether each worker process runs under a nanny.</summary>
    public bool Nanny { get; private init; } = true;

    /// <summary>How long a worker keeps trying to reach its scheduler.</summary>
    public TimeSpan DeathTimeout { get; private init; } = DefaultDeathTimeout;

    /// <summary>The workers' local directory for spilling (<c>--local-directory</c>), or null.</summary>
    public string? LocalDirectory { get; private init; }

    /// <summary>Extra <c>dask worker</c> arguments, appended to its command line.</summary>
    public IReadOnlyList<string> WorkerExtraArgs { get; private init; } = [];

    /// <summary>Extra <c>#SBATCH</c> directives (without the prefix), after the generated ones.</summary>
    public IReadOnlyList<string> JobExtraDirectives { get; private init; } = [];

    /// <summary>Generated directive lines containing any of these are left out.</summary>
    public IReadOnlyList<string> JobDirectivesSkip { get; private init; } = [];

    /// <summary>Shell lines before the workers start (e.g. <c>module load</c>).</summary>
    public IReadOnlyList<string> JobScriptPrologue { get; private init; } = [];

    /// <summary>Shell lines after the workers exit.</summary>
    public IReadOnlyList<string> JobScriptEpilogue { get; private init; } = [];

    /// <summary>Where SLURM writes the jobs' standard output and error (<c>-o</c>, <c>-e</c>), or null for its default.</summary>
    public string? LogDirectory { get; private init; }

    /// <summary>The script's first line.</summary>
    public string Shebang { get; private init; } = DefaultShebang;

    /// <summary>The job name (<c>-J</c>).</summary>
    public string JobName { get; private init; } = DefaultJobName;

    /// <summary>The shell words that run the <c>dask</c> command on a node (default: this program's worker host, <see cref="WorkerHost.Find"/>).</summary>
    public string WorkerCommand { get; private init; } = "dask";

    /// <summary>Nodes per job; above one, <c>srun</c> starts the workers on every node of the job.</summary>
    public int NodesPerJob { get; private init; } = 1;

    /// <summary>The workers' <c>--lifetime</c>: they retire gracefully this long after starting, before the walltime ends the job; null when the extra arguments set their own.</summary>
    public TimeSpan? Lifetime { get; private init; }

    /// <summary>The workers' <c>--lifetime-stagger</c>, so they do not all leave at once.</summary>
    public TimeSpan LifetimeStagger { get; private init; }

    /// <summary>
    /// How long after a job starts running its replacement is due, so that it runs before the job's
    /// workers retire for their <see cref="Lifetime"/> and can take their results: the lifetime less
    /// the margin to the walltime (at least half the earliest retirement); null without a lifetime.
    /// </summary>
    public TimeSpan? ReplaceAfter => Lifetime is { } lifetime
        ? TimeSpan.FromTicks(Math.Max((lifetime - (WalltimeDuration - lifetime)).Ticks, (lifetime - LifetimeStagger).Ticks / 2))
        : null;

    /// <summary>The worker host staged on the shared directory, copied by each job to its nodes' local directory (<c>stageRuntime: true</c>); null to run it where it is.</summary>
    public WorkerRuntimeStage? Stage { get; private init; }

    /// <summary>Threads of each worker process (cores divided among the node's processes).</summary>
    public int ThreadsPerWorker => Cores / Processes;

    /// <summary>Memory limit of each worker process in bytes.</summary>
    public long MemoryPerWorker => MemoryBytes / Processes;

    /// <summary>Worker processes in one job (processes × nodes).</summary>
    public int WorkersPerJob => Processes * NodesPerJob;

    /// <summary>
    /// Checks the parameters, filling what is null from the configuration and then from
    /// dask-jobqueue's defaults. The parameters are <see cref="SLURMCluster"/>'s; <paramref name="configName"/>
    /// names the configuration section (dask-jobqueue's <c>config_name</c>, default "slurm");
    /// <paramref name="stageRuntime"/> stages the worker host under <paramref name="sharedTempDirectory"/>
    /// (default <c>~/.dasksharp/runtime</c>) for the jobs to copy to node-local disk (<see cref="WorkerRuntimeStage"/>).
    /// </summary>
    /// <exception cref="ArgumentException">for missing cores or memory, a memory or walltime SLURM cannot read, or counts below one — naming the parameter and value.</exception>
    public static SlurmJobOptions Create(
        string? queue = null,
        string? account = null,
        int? cores = null,
        string? memory = null,
        int? processes = null,
        string? walltime = null,
        int? jobCpu = null,
        string? jobMem = null,
        string? @interface = null,
        bool? nanny = null,
        TimeSpan? deathTimeout = null,
        string? localDirectory = null,
        IReadOnlyList<string>? workerExtraArgs = null,
        IReadOnlyList<string>? jobExtraDirectives = null,
        IReadOnlyList<string>? jobDirectivesSkip = null,
        IReadOnlyList<string>? jobScriptPrologue = null,
        IReadOnlyList<string>? jobScriptEpilogue = null,
        string? logDirectory = null,
        string? shebang = null,
        string? jobName = null,
        string? workerCommand = null,
        int? nodesPerJob = null,
        TimeSpan? lifetimeMargin = null,
        string? configName = null,
        bool? stageRuntime = null,
        string? sharedTempDirectory = null)
    {
        var config = new JobQueueConfig(configName ?? "slurm");
        cores ??= config.Int("cores");
        memory ??= config.String("memory");
        if (cores is null || memory is null)
        {
            throw new ArgumentException(
                $"You must specify how many cores and how much memory per job you want to use, for example: new SLURMCluster(cores: {cores ?? 8}, memory: \"{memory ?? "24GB"}\") (or set jobqueue.{config.System}.cores and jobqueue.{config.System}.memory).",
                cores is null ? nameof(cores) : nameof(memory));
        }

        if (cores < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cores), cores, $"cores is {cores}; a job needs at least 1 core for its workers' threads.");
        }

        long memoryBytes = ParseMemory(memory);
        processes ??= config.Int("processes") ?? LocalCluster.DefaultLayout(null, null, processes: true, cores.Value).Workers;
        if (processes < 1 || processes > cores)
        {
            throw new ArgumentOutOfRangeException(nameof(processes), processes, $"processes is {processes}; give 1 to cores ({cores}) worker processes per node, each gets cores / processes threads.");
        }

        walltime ??= config.String("walltime") ?? DefaultWalltime;
        TimeSpan walltimeDuration = SlurmWalltime.Parse(walltime);
        jobCpu ??= config.Int("job-cpu");
        if (jobCpu is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jobCpu), jobCpu, $"jobCpu is {jobCpu}; give at least 1 CPU, or null to ask for cores.");
        }

        jobMem ??= config.String("job-mem");
        nodesPerJob ??= config.Int("nodes-per-job") ?? 1;
        if (nodesPerJob < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(nodesPerJob), nodesPerJob, $"nodesPerJob is {nodesPerJob}; a job runs on at least 1 node.");
        }

        deathTimeout ??= config.Duration("death-timeout") ?? DefaultDeathTimeout;
        if (deathTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(deathTimeout), deathTimeout, "deathTimeout must be positive (dask-jobqueue's default is 60 s).");
        }

        workerExtraArgs ??= config.List("worker-extra-args") ?? [];
        (TimeSpan? lifetime, TimeSpan stagger) = workerExtraArgs.Contains("--lifetime")
            ? ((TimeSpan?)null, TimeSpan.Zero)
            : WorkerLifetime(walltimeDuration, lifetimeMargin);
        string? log = logDirectory ?? config.String("log-directory");
        if (log is not null)
        {
            Directory.CreateDirectory(log); // as dask-jobqueue: SLURM will not create it
        }

        string shared = sharedTempDirectory ?? config.String("shared-temp-directory") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dasksharp", "runtime");
        WorkerRuntimeStage? stage = (stageRuntime ?? config.Bool("stage-runtime") ?? false) ? WorkerRuntimeStage.Publish(shared) : null;
        return new SlurmJobOptions
        {
            Stage = stage,
            Queue = queue ?? config.String("queue"),
            Account = account ?? config.String("account"),
            Cores = cores.Value,
            Memory = memory,
            MemoryBytes = memoryBytes,
            Processes = processes.Value,
            Walltime = walltime,
            WalltimeDuration = walltimeDuration,
            JobCpu = jobCpu,
            JobMem = jobMem,
            Interface = @interface ?? config.String("interface"),
            Nanny = nanny ?? config.Bool("nanny") ?? true,
            DeathTimeout = deathTimeout.Value,
            LocalDirectory = localDirectory ?? config.String("local-directory"),
            WorkerExtraArgs = workerExtraArgs,
            JobExtraDirectives = jobExtraDirectives ?? config.List("job-extra-directives") ?? [],
            JobDirectivesSkip = jobDirectivesSkip ?? config.List("job-directives-skip") ?? [],
            JobScriptPrologue = jobScriptPrologue ?? config.List("job-script-prologue") ?? [],
            JobScriptEpilogue = jobScriptEpilogue ?? config.List("job-script-epilogue") ?? [],
            LogDirectory = log,
            Shebang = shebang ?? config.String("shebang") ?? DefaultShebang,
            JobName = jobName ?? config.String("name") ?? DefaultJobName,
            WorkerCommand = workerCommand ?? config.String("worker-command") ?? DefaultWorkerCommand(),
            NodesPerJob = nodesPerJob.Value,
            Lifetime = lifetime,
            LifetimeStagger = stagger,
        };
    }

    /// <summary>
    /// The workers' lifetime for a walltime: they retire a margin before the job's end (a tenth of
    /// the walltime, at least 15 s and at most 5 min, unless given), staggered by half the margin
    /// either way, so they hand their data over and leave before SLURM kills the job.
    /// </summary>
    /// <example><code>
    /// SlurmJobOptions.WorkerLifetime(TimeSpan.FromMinutes(30), null);   // (27 min, 90 s)
    /// </code></example>
    /// <exception cref="ArgumentOutOfRangeException">for a margin that is not shorter than the walltime.</exception>
    public static (TimeSpan Lifetime, TimeSpan Stagger) WorkerLifetime(TimeSpan walltime, TimeSpan? margin)
    {
        TimeSpan m = margin ?? TimeSpan.FromTicks(Math.Clamp(walltime.Ticks / 10, TimeSpan.FromSeconds(15).Ticks, TimeSpan.FromMinutes(5).Ticks));
        if (m <= TimeSpan.Zero || m >= walltime)
        {
            throw new ArgumentOutOfRangeException("lifetimeMargin", m, $"The lifetime margin ({m}) must be positive and shorter than the walltime ({walltime}).");
        }

        return (walltime - m, m / 2);
    }

    /// <summary>The worker host this program would start locally, as shell words (a path to the <c>dask</c> program, or <c>dotnet</c> and DaskSharp.Cli.dll); "dask" when none is installed here.</summary>
    internal static string DefaultWorkerCommand() =>
        WorkerHost.Find() is { } host ? string.Join(' ', new[] { host.FileName }.Concat(host.Arguments).Select(ShellText.Quote)) : "dask";

    private static long ParseMemory(string memory)
    {
        long bytes;
        try
        {
            bytes = ByteSize.Parse(memory);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"memory '{memory}' is not an amount of memory; give a size such as \"90GB\" or \"16 GiB\". {e.Message}", nameof(memory), e);
        }

        return bytes > 0
            ? bytes
            : throw new ArgumentOutOfRangeException(nameof(memory), memory, $"memory '{memory}' must be more than 0 bytes per job, e.g. \"90GB\".");
    }

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
