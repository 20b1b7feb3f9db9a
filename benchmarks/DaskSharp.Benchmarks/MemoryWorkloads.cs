using System.Diagnostics;
using System.Globalization;
using DaskSharp.Distributed;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.Benchmarks;

// The "worker memory" workloads: arrays larger than the cluster's memory limits, on worker
// processes, with each worker's peak resident memory reported against its limit
// (anchors/memory_anchor.py runs the same on Python Dask).
internal static partial class Workloads
{
    /// <summary>
    /// The seed's full size: ((x + x.T) - x.Mean(axis: 0)).Sum() on 100,000² float64 (80 GB) in
    /// 16 MiB chunks, through a Client on LocalCluster(processes: true, 2 workers × 1 thread, 2 GB
    /// each), as seed-distributed-2GB; reports each worker's peak RSS and whether it stayed under its limit.
    /// </summary>
    private static void SeedFull(long? size, bool emit)
    {
        long n = size ?? 100_000;
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: true, memoryLimit: "2GB", dashboardAddress: null);
        using var client = new Client(cluster);
        var x = Da.Random.Random((n, n), chunks: "16 MiB");
        var y = (x + x.T) - x.Mean(axis: 0);
        long start = Stopwatch.GetTimestamp();
        double value = y.Sum().Compute();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(Math.Abs((value / (n * (double)n)) - 0.5) < 0.01, "seed-full: mean should be near 0.5");
        if (emit)
        {
            long[] peaks = WorkerPeakBytes(cluster);
            Emit("seed-full", seconds, ("n", n), ("chunks", x.NumBlocks), ("value", value), ("gb_per_s", Math.Round(n * n * 8 / seconds / 1e9, 3)),
                ("memory_limit_mb", cluster.MemoryLimit / (1 << 20)), ("worker_peak_rss_mb", string.Join("/", peaks.Select(p => p / (1 << 20)))),
                ("workers_under_limit", string.Join("/", peaks.Select(p => p < cluster.MemoryLimit ? "yes" : "no"))),
                ("peak_rss_mb", PeakWorkingSet() / (1 << 20)));
        }
    }

    /// <summary>
    /// An array 4× the cluster's memory: n × n float64 random (default 32,000², 8 GB; ~32 MiB chunks)
    /// persisted on LocalCluster(processes: true, 2 workers × 1 thread, 1 GB each), all futures
    /// waited for, then x.Sum() computed on the cluster from the persisted blocks (unoptimised
    /// graph, so the random blocks are read, not regenerated into the sum). Reports persist and
    /// reduce seconds, the sum against the same array summed in this process by the sync
    /// scheduler, the most spilled bytes the scheduler saw in the workers' heartbeats, and each
    /// worker's peak RSS against its limit.
    /// </summary>
    private static void Persist4x(long? size, bool emit)
    {
        long n = size ?? 32_000;
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: true, memoryLimit: "1GB", dashboardAddress: null);
        using var client = new Client(cluster);
        var x = Da.Random.Random((n, n), chunks: "32 MiB");

        // The scheduler's view of the workers (heartbeats), sampled while the run lasts.
        long maxSpilled = 0, maxManaged = 0;
        var maxProcess = new Dictionary<string, long>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var workers = cluster.Scheduler.Snapshot().Workers;
                maxSpilled = Math.Max(maxSpilled, workers.Sum(w => w.SpilledBytes));
                maxManaged = Math.Max(maxManaged, workers.Sum(w => w.ManagedBytes));
                foreach (var w in workers)
                {
                    maxProcess[w.Address] = Math.Max(maxProcess.GetValueOrDefault(w.Address), w.ProcessBytes);
                }

                Thread.Sleep(100);
            }
        });

        long start = Stopwatch.GetTimestamp();
        Future[] futures = client.Persist(x);
        string? stalled = WaitOrStall(futures, start);
        double persistSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (stalled is not null)
        {
            // Report what the workers looked like when the persist stopped moving, instead of hanging.
            stop.Cancel();
            sampler.Wait();
            var workers = cluster.Scheduler.Snapshot().Workers;
            long[] stuckPeaks = WorkerPeakBytes(cluster);
            Emit("persist-4x", persistSeconds, ("n", n), ("gb", Math.Round(n * n * 8 / 1e9, 2)), ("chunks", x.NumBlocks), ("blocks", futures.Length),
                ("error", stalled), ("blocks_done", futures.Count(f => f.Done)),
                ("paused", string.Join("/", workers.Select(w => w.Paused))), ("managed_mb", string.Join("/", workers.Select(w => w.ManagedBytes / (1 << 20)))),
                ("spilled_mb", string.Join("/", workers.Select(w => w.SpilledBytes / (1 << 20)))), ("spilled_mb_max", maxSpilled / (1 << 20)),
                ("heartbeat_rss_mb", string.Join("/", workers.Select(w => w.ProcessBytes / (1 << 20)))),
                ("executing", string.Join("/", workers.Select(w => w.Executing))), ("ready", string.Join("/", workers.Select(w => w.Ready))),
                ("memory_limit_mb", cluster.MemoryLimit / (1 << 20)), ("worker_peak_rss_mb", string.Join("/", stuckPeaks.Select(p => p / (1 << 20)))),
                ("workers_under_limit", string.Join("/", stuckPeaks.Select(p => p < cluster.MemoryLimit ? "yes" : "no"))));
            return;
        }

        long reduceStart = Stopwatch.GetTimestamp();
        double value = x.Sum().Compute(optimizeGraph: false);
        double reduceSeconds = Stopwatch.GetElapsedTime(reduceStart).TotalSeconds;
        double total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Thread.Sleep(1500); // one more heartbeat after the reduce
        stop.Cancel();
        sampler.Wait();
        foreach (Future f in futures)
        {
            f.Dispose();
        }

        double expected = x.Sum().Compute(scheduler: "sync");
        double relative = Math.Abs(value - expected) / Math.Abs(expected);
        double mean = value / (n * (double)n);
        Check(relative < 1e-9, $"persist-4x: sum {value} differs from the sync scheduler's {expected}");
        Check(Math.Abs(mean - 0.5) < 1e-3, $"persist-4x: mean {mean} should be near 0.5");
        if (emit)
        {
            long[] peaks = WorkerPeakBytes(cluster);
            Emit("persist-4x", total, ("n", n), ("gb", Math.Round(n * n * 8 / 1e9, 2)), ("chunks", x.NumBlocks), ("blocks", futures.Length),
                ("persist_seconds", Math.Round(persistSeconds, 4)), ("reduce_seconds", Math.Round(reduceSeconds, 4)),
                ("value", value), ("expected", expected), ("relative_error", relative), ("correct", relative < 1e-9),
                ("spilled_mb_max", maxSpilled / (1 << 20)), ("managed_mb_max", maxManaged / (1 << 20)),
                ("heartbeat_rss_mb_max", string.Join("/", maxProcess.Values.Select(p => p / (1 << 20)))),
                ("memory_limit_mb", cluster.MemoryLimit / (1 << 20)), ("worker_peak_rss_mb", string.Join("/", peaks.Select(p => p / (1 << 20)))),
                ("workers_under_limit", string.Join("/", peaks.Select(p => p < cluster.MemoryLimit ? "yes" : "no"))));
        }
    }

    /// <summary>
    /// Waits for the futures; returns null when all are done, or why it gave up: no future finished
    /// for two minutes, or ten minutes passed.
    /// </summary>
    private static string? WaitOrStall(Future[] futures, long start)
    {
        Task all = Task.WhenAll(futures.Select(f => f.WhenDone));
        int lastDone = -1;
        long lastProgress = Stopwatch.GetTimestamp();
        while (!all.Wait(1000))
        {
            int done = futures.Count(f => f.Done);
            if (done != lastDone)
            {
                (lastDone, lastProgress) = (done, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(lastProgress) > TimeSpan.FromMinutes(2))
            {
                return $"stalled: {done} of {futures.Length} blocks done, none finished for 120 s";
            }

            if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromMinutes(10))
            {
                return $"timed out: {done} of {futures.Length} blocks done after 10 min";
            }
        }

        return null;
    }

    /// <summary>Each worker process's peak resident memory (Linux VmHWM) in bytes.</summary>
    private static long[] WorkerPeakBytes(LocalCluster cluster) =>
        [.. cluster.WorkerProcessIds.Select(pid => long.Parse(
            File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) * 1024)];
}
