using DaskSharp.Distributed;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Execution;

namespace DaskSharp.Tests;

/// <summary>
/// One <c>LocalCluster(processes: true)</c> with two single-threaded worker processes, shared by a test
/// class, and a client registered under <see cref="SchedulerName"/> without becoming the default (so
/// the other test classes, running beside it, keep their local schedulers). Compiled into the
/// collection test projects (arrays, dataframes), whose executor matrices run on it.
/// </summary>
public sealed class ProcessClusterFixture : IDisposable
{
    public const string SchedulerName = "test-processes";

    private readonly LocalCluster _cluster = new(nWorkers: 2, threadsPerWorker: 1, processes: true, dashboardAddress: null);
    private readonly Client _client;

    public ProcessClusterFixture()
    {
        _cluster.WaitForWorkers(2, TimeSpan.FromSeconds(60));
        _client = new Client(_cluster, setAsDefault: false);
        SchedulerRegistry.Register(SchedulerName, _client);
    }

    public Client Client => _client;

    public void Dispose()
    {
        SchedulerRegistry.Unregister(SchedulerName, _client);
        _client.Dispose();
        _cluster.Dispose();
    }
}
