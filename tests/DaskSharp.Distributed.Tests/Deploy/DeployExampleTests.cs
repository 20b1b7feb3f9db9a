using DaskProcess = DaskSharp.Distributed.Tests.WorkerLifecycleTests.DaskProcess;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary>examples/MpiJob/job.sh, the seed's job script, run here as its README says: 4 ranks on the loopback interface.</summary>
[Collection(LaunchCollection.Name)]
public sealed class DeployExampleTests
{
    [Fact]
    public async Task MpiJobScript_FourRanksOnLoopback_ClientComputesTheSeedsArrayOnThreeWorkersAndTheJobExitsZero()
    {
        string home = Launches.NewDirectory(); // the script's ~/dask-scheduler.json
        string script = Path.Combine(SlurmTestCluster.RepositoryRoot(), "examples", "MpiJob", "job.sh");
        var (host, prefix) = WorkerHost.Find() ?? throw new InvalidOperationException("DaskSharp.Cli.dll is not next to the tests");
        string dotnet = Launches.Dotnet();
        using var port = DefaultDashboardPort.Acquire(); // the script's rank 0 serves the dashboard on the default :8787, which other tests take turns on
        using var job = DaskProcess.Start("bash", [script], new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["NP"] = "4",
            ["INTERFACE"] = "lo",
            ["SIZE"] = "2000",
            ["DASK"] = $"{host} {string.Join(' ', prefix)}",
            ["CLIENT"] = $"{dotnet} {Launches.Sibling("MpiJob", "MpiJob.dll", folder: "examples")}",
            ["OMPI_ALLOW_RUN_AS_ROOT"] = "1",
            ["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1",
            ["OMPI_MCA_rmaps_base_oversubscribe"] = "1",
            ["OMPI_MCA_oob_tcp_if_include"] = "lo",
            ["OMPI_MCA_btl_tcp_if_include"] = "lo",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0",
        });
        Assert.Equal(0, await job.WaitForExitAsync(Launches.Bound, "examples/MpiJob/job.sh (mpirun -np 4 dask mpi, then the client)"));
        Assert.Contains("Connection method: Scheduler file", job.Output, StringComparison.Ordinal);
        Assert.Contains("Dashboard: http://127.0.0.1:8787/status", job.Output, StringComparison.Ordinal);
        Assert.Contains("Workers: 3, Total threads: ", job.Output, StringComparison.Ordinal);
        Assert.Contains(" on 3 workers in ", job.Output, StringComparison.Ordinal);
        Assert.Contains("they agree: True", job.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home, "dask-scheduler.json")), "rank 0 removes the scheduler file when the client shuts the cluster down");
        await Launches.AssertNoneLeftAsync(Path.Combine(home, "dask-scheduler.json"), TimeSpan.FromSeconds(10));
    }
}
