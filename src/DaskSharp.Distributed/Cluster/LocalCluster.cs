using DaskSharp;
using System.Globalization;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Working;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// A scheduler and workers on this machine (distributed's <c>LocalCluster</c>). With
/// <c>processes: false</c> everything runs in this process over inproc comms (objects are handed
/// over, nothing is serialised); with <c>processes: true</c> each worker is a <c>dask worker</c>
/// process on 127.0.0.1, restarted by the cluster if it dies (the nanny's job).
/// </summary>
/// <example><code>
/// using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 2, processes: false);
/// Console.WriteLine(cluster); // LocalCluster(3f2a9c1b, 'inproc://scheduler-…', workers=2, threads=4, memory=…)
/// </code></example>
public sealed class LocalCluster : Cluster
{
    private readonly List<IWorkerSlot> _slots = [];
    private readonly object _gate = new();
    private readonly SemaphoreSlim _scaling = new(1, 1);
    private int _nextName;

    /// <summary>Starts a cluster with Dask's defaults for whatever is not given.</summary>
    /// <param name="nWorkers">Workers (default: one per core with processes, else one).</param>
    /// <param name="threadsPerWorker">Threads per worker (default: the cores divided among the workers).</param>
    /// <param name="processes">Workers in their own processes (default: true when the <c>dask</c> worker host is installed next to the program, else false).</param>
    /// <param name="memoryLimit">Per-worker limit: "auto" (system memory divided among workers), a size such as "2GB", or null or "0" for none.</param>
    /// <param name="dashboardAddress">Where the dashboard is served, e.g. ":8787"; null for none.</param>
    /// <param name="schedulerPort">The scheduler's TCP port with processes (0: any free port).</param>
    /// <param name="host">The host to listen on with processes.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="name">The cluster's name in reprs (default: eight hex digits).</param>
    /// <param name="timeProvider">The clock of the cluster, its scheduler and its workers (timers, timeouts, time stamps); <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="localDirectory">Where workers make their scratch directories, under <c>dask-scratch-space</c> (the system's temporary directory when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">for negative <paramref name="nWorkers"/>, <paramref name="threadsPerWorker"/> below one, or a negative <paramref name="memoryLimit"/> — before anything starts.</exception>
    /// <exception cref="ArgumentException">for a <paramref name="memoryLimit"/> that is not a size.</exception>
    public LocalCluster(int? nWorkers = null, int? threadsPerWorker = null, bool? processes = null, string? memoryLimit = "auto", string? dashboardAddress = ":8787", int schedulerPort = 0, string host = "127.0.0.1", ILogger? logger = null, string? name = null, TimeProvider? timeProvider = null, string? localDirectory = null)
        : base(name, logger, timeProvider)
    {
        LocalDirectory = localDirectory;
        Processes = processes ?? WorkerHost.Find() is not null;
        (WorkerCount, ThreadsPerWorker) = DefaultLayout(nWorkers, threadsPerWorker, Processes, Environment.ProcessorCount);
        MemoryLimit = ParseMemoryLimit(memoryLimit, WorkerCount);
        string address = Processes
            ? $"tcp://{host}:{schedulerPort.ToString(CultureInfo.InvariantCulture)}"
            : $"inproc://scheduler-{Guid.NewGuid():N}";
        StartSchedulerAsync(new SchedulerOptions { Address = address, DashboardAddress = dashboardAddress, Logger = logger, TimeProvider = TimeProvider }).GetAwaiter().GetResult();
        try
        {
            Scale(WorkerCount);
            if (WorkerCount > 0)
            {
                WaitForWorkers(WorkerCount, TimeSpan.FromSeconds(60));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>True when workers run in their own processes.</summary>
    public bool Processes { get; }

    /// <summary>Workers asked for.</summary>
    public int WorkerCount { get; private set; }

    /// <summary>Threads of each worker.</summary>
    public int ThreadsPerWorker { get; }

    /// <summary>Each worker's memory limit in bytes (0: none).</summary>
    public long MemoryLimit { get; }

    /// <summary>Where workers make their scratch directories (the system's temporary directory when null).</summary>
    public string? LocalDirectory { get; }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> PlannedWorkers
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Select(s => s.Name)];
            }
        }
    }

    /// <summary>The worker processes' ids (empty with <c>processes: false</c>).</summary>
    public IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.OfType<WorkerProcessSlot>().Select(s => s.ProcessId).Where(p => p > 0)];
            }
        }
    }

    /// <summary>Dask's split of cores into workers × threads.</summary>
    /// <exception cref="ArgumentOutOfRangeException">for a negative <paramref name="nWorkers"/> or a <paramref name="threadsPerWorker"/> below one (a worker without threads never runs a task).</exception>
    public static (int Workers, int Threads) DefaultLayout(int? nWorkers, int? threadsPerWorker, bool processes, int cores)
    {
        if (nWorkers is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nWorkers), nWorkers, $"A LocalCluster cannot have {nWorkers} workers; give 0 or more (0 starts none until Scale).");
        }

        if (threadsPerWorker is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threadsPerWorker), threadsPerWorker, $"A worker needs at least one thread; {nameof(threadsPerWorker)} is {threadsPerWorker}.");
        }

        if (nWorkers is { } n && threadsPerWorker is { } t)
        {
            return (n, t);
        }

        if (nWorkers is { } workers)
        {
            return (workers, Math.Max(1, cores / Math.Max(1, workers)));
        }

        if (threadsPerWorker is { } threads)
        {
            return (Math.Max(1, cores / threads), threads);
        }

        if (!processes)
        {
            return (1, cores);
        }

        if (cores <= 4)
        {
            return (cores, 1);
        }

        // distributed's nprocesses_nthreads: about sqrt(cores) workers, each with the rest as threads.
        int count = Enumerable.Range((int)Math.Ceiling(Math.Sqrt(cores)), cores).First(d => cores % d == 0);
        return (count, cores / count);
    }

    /// <inheritdoc/>
    public override async Task ScaleAsync(int n, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        await _scaling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<IWorkerSlot> retired = [];
            List<IWorkerSlot> slots;
            lock (_gate)
            {
                WorkerCount = n;
                while (_slots.Count < n)
                {
                    string name = (_nextName++).ToString(CultureInfo.InvariantCulture);
                    _slots.Add(Processes ? new WorkerProcessSlot(this, name) : new InprocWorkerSlot(this, name));
                }

                while (_slots.Count > n)
                {
                    retired.Add(_slots[^1]);
                    _slots.RemoveAt(_slots.Count - 1);
                }

                slots = [.. _slots];
            }

            await RetireAsync(retired, cancellationToken).ConfigureAwait(false);
            foreach (IWorkerSlot slot in slots)
            {
                await slot.StartAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _scaling.Release();
        }
    }

    /// <inheritdoc/>
    public override async Task ScaleDownAsync(IReadOnlyCollection<string> workers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        await _scaling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<IWorkerSlot> retired;
            lock (_gate)
            {
                retired = [.. _slots.Where(s => workers.Contains(s.Name))];
                _slots.RemoveAll(retired.Contains);
                WorkerCount = _slots.Count;
            }

            await RetireAsync(retired, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scaling.Release();
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask StopWorkersAsync()
    {
        List<IWorkerSlot> slots;
        lock (_gate)
        {
            slots = [.. _slots];
            _slots.Clear();
        }

        await Task.WhenAll(slots.Select(s => s.StopAsync(graceful: false).AsTask())).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override IEnumerable<(string Worker, IReadOnlyList<string> Lines)> WorkerLogs()
    {
        lock (_gate)
        {
            return [.. _slots.OfType<InprocWorkerSlot>().Select(s => (s.Name, s.Log.Lines))];
        }
    }

    /// <summary>Retires <paramref name="retired"/> gracefully (their results move to the workers that stay) and waits until the scheduler has seen them go.</summary>
    private async Task RetireAsync(List<IWorkerSlot> retired, CancellationToken cancellationToken)
    {
        if (retired.Count == 0)
        {
            return;
        }

        string names = string.Join(", ", retired.Select(s => s.Name));
        Log.LogInformation("Retiring workers {Workers}", names);
        await Task.WhenAll(retired.Select(slot => slot.StopAsync(graceful: true).AsTask())).ConfigureAwait(false);
        HashSet<string> gone = [.. retired.Select(s => s.Name)];
        TimeSpan bound = TimeSpan.FromSeconds(30);
        await WaitUntilAsync(
            () => !ObservedWorkers.Any(gone.Contains),
            () => $"Workers {names} of {nameof(LocalCluster)} {Name} were retired but still registered with the scheduler after {bound.TotalSeconds} s.",
            bound,
            cancellationToken).ConfigureAwait(false);
    }

    private static long ParseMemoryLimit(string? limit, int workers)
    {
        if (limit is null)
        {
            return 0;
        }

        if (limit == "auto")
        {
            return Working.SystemMemory.Total / Math.Max(1, workers);
        }

        long bytes;
        try
        {
            bytes = ByteSize.Parse(limit);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"memoryLimit '{limit}' is not a memory limit: give \"auto\", a size such as \"2GB\", or null or \"0\" for none. {e.Message}", "memoryLimit", e);
        }

        return bytes >= 0
            ? bytes
            : throw new ArgumentOutOfRangeException("memoryLimit", limit, $"memoryLimit '{limit}' is negative; give a size such as \"2GB\", or null or \"0\" for none.");
    }

    private interface IWorkerSlot
    {
        string Name { get; }

        Task StartAsync();

        ValueTask StopAsync(bool graceful);
    }

    /// <summary>An in-process worker, restarted if it stops while the cluster still wants it.</summary>
    private sealed class InprocWorkerSlot(LocalCluster cluster, string name) : IWorkerSlot
    {
        private Worker? _worker;
        private bool _stopping;

        public string Name => name;

        public RecentLog Log { get; } = new(name, cluster.UserLogger);

        public async Task StartAsync()
        {
            if (_worker is not null)
            {
                return;
            }

            _worker = await Worker.StartAsync(new WorkerOptions
            {
                SchedulerAddress = cluster.SchedulerAddress,
                ListenAddress = $"inproc://worker-{Guid.NewGuid():N}",
                Threads = cluster.ThreadsPerWorker,
                MemoryLimit = cluster.MemoryLimit,
                LocalDirectory = cluster.LocalDirectory,
                Name = name,
                Logger = Log,
                TimeProvider = cluster.TimeProvider,
            }).ConfigureAwait(false);
            Worker started = _worker;
            _ = started.Finished.ContinueWith(
                _ =>
                {
                    if (!_stopping && !cluster.IsClosing && _worker == started)
                    {
                        Log.LogWarning("Worker {Name} stopped; restarting it", name);
                        _worker = null;
                        StartAsync().GetAwaiter().GetResult();
                    }
                },
                TaskScheduler.Default);
        }

        public async ValueTask StopAsync(bool graceful)
        {
            _stopping = true;
            if (_worker is not null)
            {
                await (graceful ? _worker.CloseGracefullyAsync() : _worker.DisposeAsync().AsTask()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A <c>dask worker</c> process under a nanny that restarts it when it dies.</summary>
    private sealed class WorkerProcessSlot(LocalCluster cluster, string name) : IWorkerSlot
    {
        private Nanny? _nanny;

        public string Name => name;

        public int ProcessId => _nanny?.ProcessId ?? 0;

        public Task StartAsync()
        {
            var options = new Dictionary<string, string>
            {
                ["--nthreads"] = cluster.ThreadsPerWorker.ToString(CultureInfo.InvariantCulture),
                ["--memory-limit"] = cluster.MemoryLimit.ToString(CultureInfo.InvariantCulture),
                ["--name"] = name,
            };
            if (cluster.LocalDirectory is { } directory)
            {
                options["--local-directory"] = directory;
            }

            _nanny ??= Nanny.Start(cluster.SchedulerAddress, cluster.Secret, options, cluster.Log, cluster.TimeProvider);
            return Task.CompletedTask;
        }

        public async ValueTask StopAsync(bool graceful)
        {
            if (_nanny is not null)
            {
                await _nanny.StopAsync(graceful).ConfigureAwait(false);
            }
        }
    }
}
