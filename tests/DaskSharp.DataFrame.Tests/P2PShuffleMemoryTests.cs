using System.Globalization;
using DaskSharp.DataFrames;
using DaskSharp.Distributed;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Execution;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The p2p shuffle of a frame larger than the workers' memory together: 2 workers of 200 MB, a frame of
/// about 600 MB generated in the tasks, a 64 KiB shuffle buffer. The per-key counts and sums are those of
/// the unshuffled frame (the aggregates read every column, so all of them move), and each worker's peak RSS (VmHWM, read from its process) stays under its limit
/// plus a margin of 60 MB for the runtime, which the limit does not count.
/// </summary>
public sealed class P2PShuffleMemoryTests : IDisposable
{
    private const long Limit = 200L << 20;
    private const long Margin = 60L << 20;
    private const string SchedulerName = "p2p-memory";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"dasksharp-p2p-mem-{Guid.NewGuid():N}");
    private readonly LocalCluster _cluster;
    private readonly Client _client;

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public P2PShuffleMemoryTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_directory);
        // The same value as P2PClusterFixture sets: the variable is the process's, and the two clusters may start at once.
        Environment.SetEnvironmentVariable("DASK_DISTRIBUTED__P2P__BUFFER", "64KiB");
        _cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: true, memoryLimit: "200MiB", dashboardAddress: null, localDirectory: _directory);
        _cluster.WaitForWorkers(2, TimeSpan.FromSeconds(90));
        _client = new Client(_cluster, setAsDefault: false);
        SchedulerRegistry.Register(SchedulerName, _client);
    }

    public void Dispose()
    {
        SchedulerRegistry.Unregister(SchedulerName, _client);
        _client.Dispose();
        _cluster.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ShuffleLargerThanTheWorkersMemory_GivesTheSameAggregates_InBoundedMemory()
    {
        // 15.7 M rows of about 40 bytes (index, id, name, x, y) in 61 partitions of about 10 MB.
        DaskDataFrame df = Dd.Datasets.Timeseries("2000-01-01", "2000-07-01", freq: "1s", partitionFreq: "3D", seed: 11);
        LocalFrame expected = df.GroupBy(["id"], dropna: true).Agg(("n", "x", "count"), ("s", "x", "sum"), ("t", "y", "sum"), ("names", "name", "count")).Compute(SchedulerName);
        LocalFrame actual = df.Shuffle("id", npartitions: 61, method: "p2p").GroupBy(["id"], dropna: true).Agg(("n", "x", "count"), ("s", "x", "sum"), ("t", "y", "sum"), ("names", "name", "count")).Compute(SchedulerName);

        _output.WriteLine($"{expected.Values("n").Sum(v => Convert.ToInt64(v, CultureInfo.InvariantCulture))} rows, {expected.Length} keys");
        Assert.True(expected.Values("n").Sum(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)) > 15_000_000, "the frame has over 15 M rows");
        Assert.Equal(Rows(expected), Rows(actual));
        long transfers = await _cluster.Scheduler.InvokeAsync(s => s.Prefixes["shuffle-transfer"].TotalInto(DaskSharp.Distributed.Scheduling.TaskState.Memory));
        Assert.Equal(61, transfers);

        // Most of the pieces went through the workers' disks (heartbeats report it).
        P2PClusterFixture.WaitFor(
            () => _cluster.Scheduler.Snapshot().Workers.Sum(w => w.ShuffleDiskBytes) > 100L << 20,
            TimeSpan.FromSeconds(30),
            $"heartbeats reporting over 100 MiB of shuffle pieces written to disk (so far {_cluster.Scheduler.Snapshot().Workers.Sum(w => w.ShuffleDiskBytes) >> 20} MiB)");
        foreach (var w in _cluster.Scheduler.Snapshot().Workers)
        {
            long peak = PeakRss(w.Pid);
            _output.WriteLine($"worker {w.Address}: peak RSS {peak >> 20} MiB, {w.ShuffleDiskBytes >> 20} MiB of pieces to disk");
            Assert.True(peak < Limit + Margin, $"worker {w.Address} (pid {w.Pid}) peaked at {peak >> 20} MiB of RSS, over its 200 MiB limit plus 60 MiB");
        }
    }

    // (id, count, sums rounded to 6 significant digits: they add the same values in another order, names) by id.
    private static string[] Rows(LocalFrame f)
    {
        object?[] ids = [.. f.Values(f.Index!)], counts = [.. f.Values("n")], sums = [.. f.Values("s")], ys = [.. f.Values("t")], names = [.. f.Values("names")];
        return [.. Enumerable.Range(0, f.Length).Select(i => $"{ids[i]},{counts[i]},{Round(sums[i])},{Round(ys[i])},{names[i]}").Order(StringComparer.Ordinal)];
    }

    private static string Round(object? sum) => ((double)sum!).ToString("G6", CultureInfo.InvariantCulture);

    private static long PeakRss(long pid)
    {
        string line = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
