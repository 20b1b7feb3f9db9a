using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Deploy;
using DaskProcess = DaskSharp.Distributed.Tests.WorkerLifecycleTests.DaskProcess;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary>Bad launches end every rank promptly with an error that names the problem; none waits forever.</summary>
[Collection(LaunchCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MpiLaunchErrorTests
{
    private static readonly TimeSpan s_prompt = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DaskMpi_SchedulerFileInAMissingDirectory_EveryRankStopsNamingTheDirectory()
    {
        string missing = Path.Combine(Launches.NewDirectory(), "not-there");
        using var launch = Launches.MpirunDask(3, "mpi", "--scheduler-file", Path.Combine(missing, "scheduler.json"), "--interface", "lo", "--no-nanny");
        Assert.NotEqual(0, await launch.WaitForExitAsync(s_prompt, "mpirun of dask mpi with a missing scheduler-file directory"));
        Assert.Contains($"The directory '{missing}' of the scheduler file", launch.Output, StringComparison.Ordinal);
        Assert.Contains("does not exist", launch.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaskMpi_SchedulerFileInAnUnwritableDirectory_EveryRankStopsSayingSo()
    {
        // root may write anywhere a mode allows, but not into sysfs; others get a directory of mode 0500.
        string directory = Environment.UserName == "root" ? "/sys/fs" : MakeReadOnly(Launches.NewDirectory());
        using var launch = Launches.MpirunDask(3, "mpi", "--scheduler-file", Path.Combine(directory, "scheduler.json"), "--interface", "lo", "--no-nanny");
        Assert.NotEqual(0, await launch.WaitForExitAsync(s_prompt, "mpirun of dask mpi with an unwritable scheduler-file directory"));
        Assert.Contains($"the directory '{directory}' is not writable", launch.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaskMpi_OneRank_IsRefusedForWantOfAWorker()
    {
        string file = Path.Combine(Launches.NewDirectory(), "scheduler.json");
        using var launch = Launches.MpirunDask(1, "mpi", "--scheduler-file", file, "--interface", "lo");
        Assert.NotEqual(0, await launch.WaitForExitAsync(s_prompt, "mpirun -np 1 of dask mpi"));
        Assert.Contains("Not enough ranks to start a cluster: found 1", launch.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_TwoRanks_IsRefusedOnEveryRank()
    {
        string file = Path.Combine(Launches.NewDirectory(), "scheduler.json");
        using var launch = Launches.MpirunBatchChild(2, "mpi", file);
        Assert.NotEqual(0, await launch.WaitForExitAsync(s_prompt, "mpirun -np 2 of a DaskMpi.Initialize program"));
        Assert.Contains("Not enough MPI ranks to start a cluster: found 2, need at least 3, one each for the scheduler, the client and a worker.", launch.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("result=", launch.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerRank_SchedulerThatDoesNotAnswer_GivesUpWithinItsTimeoutNamingTheAddress()
    {
        // This launch's ticket and scheduler file name a port nothing listens on (rank 0 died after writing them).
        string file = Path.Combine(Launches.NewDirectory(), "scheduler.json");
        string dead = $"tcp://127.0.0.1:{ClosedPort()}";
        new SchedulerFile("Scheduler", "Scheduler-dead", dead, new Dictionary<string, int>(), new Dictionary<string, object>(), "s").Write(file);
        LaunchRendezvous.Publish(file, "launch-unreachable", "Scheduler-dead");

        using DaskProcess rank = RankOfLaunch("launch-unreachable", rank: 1, size: 3, "mpi", "--scheduler-file", file, "--no-nanny", "--timeout", "3s");
        var watch = Stopwatch.StartNew();
        Assert.Equal(1, await rank.WaitForExitAsync(s_prompt, "a worker rank whose scheduler does not answer"));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(25));
        Assert.Contains($"Rank 1: could not reach the scheduler at {dead} within 3 s; giving up", rank.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerRank_OnlyAnEarlierLaunchsSchedulerFile_IsIgnoredAndTheRankGivesUpNamingIt()
    {
        string file = Path.Combine(Launches.NewDirectory(), "scheduler.json");
        new SchedulerFile("Scheduler", "Scheduler-old", "tcp://127.0.0.1:9", new Dictionary<string, int>(), new Dictionary<string, object>(), "s").Write(file);
        LaunchRendezvous.Publish(file, "launch-yesterday", "Scheduler-old");

        using DaskProcess rank = RankOfLaunch("launch-today", rank: 2, size: 3, "mpi", "--scheduler-file", file, "--no-nanny", "--timeout", "2s");
        Assert.Equal(1, await rank.WaitForExitAsync(s_prompt, "a worker rank that finds only an earlier launch's scheduler file"));
        Assert.Contains($"No scheduler of this launch (launch-today) wrote the scheduler file '{file}' within 2 s (found a ticket from another launch (launch-yesterday, scheduler Scheduler-old), which was ignored", rank.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:9", rank.Output.Replace(file, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>One rank of a launch, started as mpirun would start it (its rank, size and namespace in the environment), without the other ranks.</summary>
    private static DaskProcess RankOfLaunch(string launch, int rank, int size, params string[] arguments) =>
        DaskProcess.Dask(
            new Dictionary<string, string>
            {
                ["OMPI_COMM_WORLD_RANK"] = rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["OMPI_COMM_WORLD_SIZE"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PMIX_NAMESPACE"] = launch,
            },
            arguments);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when disposed
    }

    private static string MakeReadOnly(string directory)
    {
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return directory;
    }
}
