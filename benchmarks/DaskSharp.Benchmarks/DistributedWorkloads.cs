using System.Diagnostics;
using DaskSharp.Distributed;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.Benchmarks;

// The distributed workloads of dask_anchor.py: Client.Map then Gather on a LocalCluster.
internal static partial class Workloads
{
    /// <summary>LocalCluster(processes: false), 1 worker × 2 threads: Map(inc, 0..n) then Gather.</summary>
    private static void MapInproc(long? size, bool emit) => ClientMap((int)(size ?? 20_000), processes: false, "client-map-inproc", emit);

    /// <summary>
    /// map-inproc with the dashboard served to two headless Chromium windows open on /status the
    /// whole time (issue 5: at most 5% slower than map-inproc without a dashboard).
    /// </summary>
    private static void MapInprocWatched(long? size, bool emit)
    {
        using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 2, processes: false, dashboardAddress: ":0");
        using var browsers = HeadlessBrowsers.Open(cluster.DashboardLink!, 2);
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (cluster.Scheduler.Dashboard!.OpenPages < 2)
        {
            Check(DateTime.UtcNow < deadline, "the browsers did not open /status within a minute");
            Thread.Sleep(50);
        }

        Thread.Sleep(1000); // let both pages draw a few updates before the clock starts
        ClientMap((int)(size ?? 20_000), cluster, "client-map-inproc-watched", emit);
        Check(cluster.Scheduler.Dashboard.OpenPages == 2, "a browser closed its page during the run");
    }

    /// <summary>LocalCluster(processes: true), 2 worker processes × 1 thread.</summary>
    private static void MapProcs(long? size, bool emit) => ClientMap((int)(size ?? 10_000), processes: true, "client-map-procs", emit);

    /// <summary>One million tasks submitted and gathered (issue target: under 30 s).</summary>
    private static void MapMillion(long? size, bool emit) => ClientMap((int)(size ?? 1_000_000), processes: false, "client-map-million", emit);

    /// <summary>
    /// The dashboard's cost, measured run against run: two LocalClusters as map-inproc's, one
    /// without a dashboard and one watched by two headless Chromium windows on /status for the
    /// whole time; each round runs Map/Gather of n tasks on both, in alternating order, and the
    /// result line gives both medians and the slowdown. The browsers run on this machine at
    /// normal priority (dashboard-overhead) or at the lowest (dashboard-overhead-nice, which
    /// measures the cost of serving them, as when they run on the user's computer).
    /// </summary>
    private static void DashboardOverhead(long? size, bool emit) => DashboardOverhead(size, emit, niced: false, "dashboard-overhead");

    private static void DashboardOverheadNice(long? size, bool emit) => DashboardOverhead(size, emit, niced: true, "dashboard-overhead-nice");

    private static void DashboardOverhead(long? size, bool emit, bool niced, string name)
    {
        int n = (int)(size ?? 20_000);
        const int Rounds = 30;
        using var off = new LocalCluster(nWorkers: 1, threadsPerWorker: 2, processes: false, dashboardAddress: null);
        using var watched = new LocalCluster(nWorkers: 1, threadsPerWorker: 2, processes: false, dashboardAddress: ":0");
        using var browsers = HeadlessBrowsers.Open(watched.DashboardLink!, 2, niced);
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (watched.Scheduler.Dashboard!.OpenPages < 2)
        {
            Check(DateTime.UtcNow < deadline, "the browsers did not open /status within a minute");
            Thread.Sleep(50);
        }

        Thread.Sleep(2000); // browsers settle after start-up
        using var offClient = new Client(off);
        using var watchedClient = new Client(watched);
        int offset = 0;
        double Run(Client client, LocalCluster cluster)
        {
            // Fresh inputs each time: the same keys would be found in memory, and nothing would run.
            int first = offset;
            offset += n;
            long start = Stopwatch.GetTimestamp();
            Future<int>[] futures = client.Map(Inc, Enumerable.Range(first, n));
            int[] results = client.Gather(futures);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Check(results.Select(r => (long)r).Sum() == ((long)n * first) + ((long)n * (n + 1) / 2), "dashboard-overhead: wrong sum");
            foreach (Future<int> f in futures)
            {
                f.Dispose();
            }

            // Let this run's clean-up finish before the next run starts, so runs do not overlap.
            for (int i = 0; i < 500 && cluster.Scheduler.Snapshot().Prefixes.Sum(p => p.Total) > 0; i++)
            {
                Thread.Sleep(10);
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(50);
            return seconds;
        }

        Run(offClient, off);
        Run(watchedClient, watched);
        var offTimes = new List<double>();
        var watchedTimes = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            if (round % 2 == 0)
            {
                offTimes.Add(Run(offClient, off));
                watchedTimes.Add(Run(watchedClient, watched));
            }
            else
            {
                watchedTimes.Add(Run(watchedClient, watched));
                offTimes.Add(Run(offClient, off));
            }
        }

        Check(watched.Scheduler.Dashboard.OpenPages == 2, "a browser closed its page during the runs");
        if (emit)
        {
            double a = Median(offTimes), b = Median(watchedTimes);
            double pairRatio = Median([.. offTimes.Zip(watchedTimes, (o, w) => w / o)]);
            Emit(name, b, ("tasks", n), ("rounds", Rounds), ("median_off", Math.Round(a, 4)), ("median_watched", Math.Round(b, 4)),
                ("min_off", Math.Round(offTimes.Min(), 4)), ("min_watched", Math.Round(watchedTimes.Min(), 4)), ("slowdown_percent", Math.Round(100 * ((b / a) - 1), 1)),
                ("median_pair_slowdown_percent", Math.Round(100 * (pairRatio - 1), 1)));
        }
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void ClientMap(int n, bool processes, string name, bool emit)
    {
        using var cluster = processes
            ? new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: true, dashboardAddress: null)
            : new LocalCluster(nWorkers: 1, threadsPerWorker: 2, processes: false, dashboardAddress: null);
        ClientMap(n, cluster, name, emit);
    }

    private static void ClientMap(int n, LocalCluster cluster, string name, bool emit)
    {
        using var client = new Client(cluster);
        client.Gather(client.Map(Inc, Enumerable.Range(0, 100))); // warm, as the anchor does
        long start = Stopwatch.GetTimestamp();
        Future<int>[] futures = client.Map(Inc, Enumerable.Range(0, n));
        int[] results = client.Gather(futures);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(results.Select(r => (long)r).Sum() == (long)n * (n + 1) / 2, $"{name}: wrong sum");
        if (emit)
        {
            Emit(name, seconds, ("tasks", n), ("tasks_per_s", Math.Round(n / seconds)));
        }
    }

    /// <summary>The seed's array example through a Client (processes: false, 1 worker × 2 threads, as the anchor).</summary>
    private static void SeedDistributed(long? size, bool emit) =>
        SeedThroughClient(size ?? 20_000, "seed-array-distributed", emit, () => new Client(processes: false, nWorkers: 1, threadsPerWorker: 2, dashboardAddress: null));

    /// <summary>The same on worker processes with 2 GB each (the anchor's distributed-2GB: 2 processes × 1 thread).</summary>
    private static void SeedDistributed2GB(long? size, bool emit) =>
        SeedThroughClient(size ?? 40_000, "seed-array-distributed-2GB", emit, () => new Client(processes: true, nWorkers: 2, threadsPerWorker: 1, memoryLimit: "2GB", dashboardAddress: null));

    private static void SeedThroughClient(long n, string name, bool emit, Func<Client> newClient)
    {
        using Client client = newClient();
        var x = Da.Random.Random((n, n), chunks: "16 MiB");
        var y = (x + x.T) - x.Mean(axis: 0);
        long peakBefore = PeakWorkingSet();
        long start = Stopwatch.GetTimestamp();
        double value = y.Sum().Compute();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(Math.Abs((value / (n * (double)n)) - 0.5) < 0.01, $"{name}: mean should be near 0.5");
        if (emit)
        {
            Emit(name, seconds, ("n", n), ("chunks", x.NumBlocks), ("value", value),
                ("gb_per_s", Math.Round(n * n * 8 / seconds / 1e9, 3)), ("peak_rss_mb", Math.Max(peakBefore, PeakWorkingSet()) / (1 << 20)),
                ("worker_peak_rss_mb", WorkerPeaks(client)));
        }
    }

    /// <summary>Each worker process's peak resident memory in MiB (Linux VmHWM), as "a/b"; empty for in-process workers.</summary>
    private static string WorkerPeaks(Client client) =>
        client.Cluster is LocalCluster { Processes: true } local
            ? string.Join("/", local.WorkerProcessIds.Select(pid => File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Select(kb => long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) / 1024))
            : string.Empty;
}
