using DaskSharp.Distributed;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Execution;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// A process cluster of its own for the p2p shuffle tests: three worker processes with two threads,
/// a shuffle buffer of 64 KiB (so pieces go to disk), their directories under one temporary
/// directory the tests look into, and a client registered as <see cref="SchedulerName"/>.
/// </summary>
public sealed class P2PClusterFixture : IDisposable
{
    public const string SchedulerName = "p2p-processes";
    public const int Workers = 3;

    public P2PClusterFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"dasksharp-p2p-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);

        // Read by the worker processes (they inherit the environment): dask's DASK_DISTRIBUTED__P2P__BUFFER.
        Environment.SetEnvironmentVariable("DASK_DISTRIBUTED__P2P__BUFFER", "64KiB");
        Cluster = new LocalCluster(nWorkers: Workers, threadsPerWorker: 2, processes: true, dashboardAddress: null, localDirectory: Directory);
        Cluster.WaitForWorkers(Workers, TimeSpan.FromSeconds(90));
        Client = new Client(Cluster, setAsDefault: false);
        SchedulerRegistry.Register(SchedulerName, Client);
    }

    public string Directory { get; }

    public LocalCluster Cluster { get; }

    public Client Client { get; }

    public Scheduler Scheduler => Cluster.Scheduler;

    /// <summary>Files left under any worker's shuffle directory.</summary>
    public string[] ShuffleFiles() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Where(f => f.Split(Path.DirectorySeparatorChar).Contains("shuffle"))];

    /// <summary>Run directories left under any worker's shuffle directory.</summary>
    public string[] ShuffleRunDirectories() =>
        [.. System.IO.Directory.EnumerateDirectories(Directory, "*", SearchOption.AllDirectories).Where(d => Path.GetFileName(Path.GetDirectoryName(d)) == "shuffle")];

    /// <summary>How many tasks of each prefix have gone into memory on the scheduler so far.</summary>
    public Dictionary<string, long> MemoryTotals() =>
        Scheduler.InvokeAsync(s => s.Prefixes.Values.ToDictionary(p => p.Name, p => p.TotalInto(TaskState.Memory))).GetAwaiter().GetResult();

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 50 ms, or fails naming <paramref name="what"/>.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            }

            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        SchedulerRegistry.Unregister(SchedulerName, Client);
        Client.Dispose();
        Cluster.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The p2p cluster test classes share one cluster (they register the same scheduler name) and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class P2PClusterCollection : ICollectionFixture<P2PClusterFixture>
{
    public const string Name = "p2p-cluster";
}
