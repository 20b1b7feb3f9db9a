using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Deploy;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary><c>dask mpi</c> under a real <c>mpirun -np 4</c>: rank 0 the scheduler, ranks 1-3 workers, reached through the scheduler file.</summary>
[Collection(LaunchCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class MpiCommandTests
{
    private const int SumOfSquaresBelow100 = 328350;

    [Fact]
    public async Task DaskMpi_FourRanks_ClientSeesThreeWorkersComputesExactlyAndShutdownEndsEveryRankWithZero()
    {
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler.json");

        // An earlier run's leftovers: a scheduler file naming a scheduler long gone, and its ticket.
        // The workers must not take them for this launch's (dask-mpi#45).
        new SchedulerFile("Scheduler", "Scheduler-stale", "tcp://127.0.0.1:9", new Dictionary<string, int>(), new Dictionary<string, object>(), "stale-secret").Write(file);
        LaunchRendezvous.Publish(file, "an-earlier-launch", "Scheduler-stale");

        using var launch = Launches.MpirunDask(4, "mpi", "--scheduler-file", file, "--interface", "lo", "--nthreads", "1", "--memory-limit", "0", "--dashboard-address", ":0", "--no-nanny", "--timeout", "30s");
        await launch.WaitForLineAsync("clients:", Launches.Bound);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        SchedulerFile written = SchedulerFile.Read(file);
        Assert.NotEqual("Scheduler-stale", written.Id);
        Assert.StartsWith("tcp://127.0.0.1:", written.Address, StringComparison.Ordinal);

        using (var client = new Client(schedulerFile: file))
        {
            client.WaitForWorkers(3, Launches.Bound);
            SchedulerInfo info = client.SchedulerInfo();
            Assert.Equal(["dask_mpi-1", "dask_mpi-2", "dask_mpi-3"], info.Workers.Values.Select(w => w.Name).Order(StringComparer.Ordinal));
            Assert.Equal(3, info.TotalThreads);
            Assert.Equal(SumOfSquaresBelow100, client.Gather(client.Map((int i) => i * i, Enumerable.Range(0, 100))).Sum());
            client.Shutdown();
        }

        // mpirun exits 0 only when every rank did.
        Assert.Equal(0, await launch.WaitForExitAsync(TimeSpan.FromSeconds(20), "mpirun after client.Shutdown() (every rank should end)"));
        Assert.Equal(3, Regex.Count(launch.Output, "closed; end worker"));
        Assert.Contains("Rank 0: the scheduler closed; end", launch.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(file), "rank 0 removes its scheduler file when it closes");
        Assert.False(File.Exists(LaunchRendezvous.TicketPath(file)), "rank 0 removes its ticket when it closes");
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DaskMpi_WithNanny_AWorkerKilledMidComputationIsReplacedAndTheResultIsExact()
    {
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler.json");
        using var launch = Launches.MpirunDask(4, "mpi", "--scheduler-file", file, "--interface", "lo", "--nthreads", "1", "--memory-limit", "0", "--dashboard-address", ":0", "--timeout", "30s");
        await launch.WaitForLineAsync("clients:", Launches.Bound);
        string address = SchedulerFile.Read(file).Address;
        string started = await launch.WaitForLineAsync("nanny started worker dask_mpi-2 (pid ", Launches.Bound);
        int victim = int.Parse(WorkerPid().Match(started).Groups[1].Value, CultureInfo.InvariantCulture);

        using (var client = new Client(schedulerFile: file))
        {
            client.WaitForWorkers(3, Launches.Bound);

            // 60 tasks of 50 ms on 3 single-threaded workers take about a second: kill one worker process mid-way.
            Future<int>[] futures = client.Map((int i) => { Thread.Sleep(50); return i * i; }, Enumerable.Range(0, 60)).ToArray();
            await futures[10];
            using (Process worker = Process.GetProcessById(victim))
            {
                worker.Kill(); // SIGKILL: no goodbye to the scheduler
            }

            int[] squares = client.Gather(futures);
            Assert.Equal(Enumerable.Range(0, 60).Sum(i => i * i), squares.Sum());

            // The rank's nanny started a new worker process under the same name.
            await launch.WaitForLineAsync("restarting", Launches.Bound);
            client.WaitForWorkers(3, Launches.Bound);
            Assert.Contains("dask_mpi-2", client.SchedulerInfo().Workers.Values.Select(w => w.Name));
            Assert.Equal(SumOfSquaresBelow100, client.Gather(client.Map((int i) => i * i, Enumerable.Range(0, 100))).Sum());
            client.Shutdown();
        }

        Assert.Equal(0, await launch.WaitForExitAsync(TimeSpan.FromSeconds(30), "mpirun after client.Shutdown() (every rank and its nanny's worker should end)"));
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(10));
        await Launches.AssertNoneLeftAsync(address, TimeSpan.FromSeconds(10)); // the nannies' worker processes name the scheduler's address
    }

    [Fact]
    public async Task DaskMpi_NoNanny_AWorkerRankKilledMidComputation_TheOthersFinishItExactlyUnderEnableRecovery()
    {
        // Without a nanny the worker *is* the rank: by default mpirun answers a rank's death by ending
        // every rank (SIGTERM, after which they close cleanly). With --enable-recovery it lets the
        // others run on, and the scheduler recomputes what the dead worker held.
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler.json");
        using var launch = Launches.Mpirun(4, [.. DaskCommand(), "mpi", "--scheduler-file", file, "--interface", "lo", "--nthreads", "1", "--memory-limit", "0", "--dashboard-address", ":0", "--no-nanny", "--timeout", "30s"], new() { ["OMPI_MCA_orte_enable_recovery"] = "1" });
        await launch.WaitForLineAsync("clients:", Launches.Bound);
        string joined = await launch.WaitForLineAsync("Rank 2: worker dask_mpi-2 at ", Launches.Bound);

        using (var client = new Client(schedulerFile: file))
        {
            client.WaitForWorkers(3, Launches.Bound);
            int victim = (int)client.SchedulerInfo().Workers.Values.Single(w => w.Name == "dask_mpi-2").Pid;
            Future<int>[] futures = client.Map((int i) => { Thread.Sleep(50); return i * i; }, Enumerable.Range(0, 60)).ToArray();
            await futures[10];
            using (Process rank = Process.GetProcessById(victim))
            {
                rank.Kill();
            }

            Assert.Equal(Enumerable.Range(0, 60).Sum(i => i * i), client.Gather(futures).Sum());
            Assert.Equal(["dask_mpi-1", "dask_mpi-3"], client.SchedulerInfo().Workers.Values.Select(w => w.Name).Order(StringComparer.Ordinal));
            client.Shutdown();
        }

        // Under recovery mpirun's code is the surviving ranks' (Open MPI 4.1): all of them ended with 0.
        Assert.Equal(0, await launch.WaitForExitAsync(TimeSpan.FromSeconds(30), "mpirun after client.Shutdown() with one rank killed"));
        Assert.Equal(2, Regex.Count(launch.Output, "closed; end worker"));
        Assert.Contains("Rank 0: the scheduler closed; end", launch.Output, StringComparison.Ordinal);
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DaskMpi_MpirunItselfKilled_EveryRankNoticesItsLauncherIsGoneAndEnds()
    {
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler.json");
        using var launch = Launches.MpirunDask(3, "mpi", "--scheduler-file", file, "--interface", "lo", "--nthreads", "1", "--memory-limit", "0", "--dashboard-address", ":0", "--no-nanny", "--timeout", "30s");
        await launch.WaitForLineAsync("Rank 2: worker dask_mpi-2 at ", Launches.Bound);
        await launch.WaitForLineAsync("Rank 1: worker dask_mpi-1 at ", Launches.Bound);
        Assert.Equal(3, Launches.ProcessesMentioning(file).Length - 1); // mpirun and its 3 ranks
        launch.Kill(); // SIGKILL to mpirun alone: it cannot pass anything on to its ranks
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(20));
    }

    private static string[] DaskCommand()
    {
        var (host, prefix) = WorkerHost.Find() ?? throw new InvalidOperationException("DaskSharp.Cli.dll is not next to the tests");
        return [host, .. prefix];
    }

    [Fact]
    public async Task DaskMpi_PlainSrunFourTasksOnTwoNodes_RanksFromSlurmProcIdAndRankZeroPrintsTheSshTunnel()
    {
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler.json");
        using var launch = Launches.Srun(["-N2", "-n4", .. DaskCommand(), "mpi", "--scheduler-file", file, "--interface", "lo", "--nthreads", "1", "--memory-limit", "0", "--dashboard-address", ":0", "--no-nanny", "--timeout", "30s"]);
        string tunnelLine = await launch.WaitForLineAsync("dashboard from your computer: run `ssh -N -L ", Launches.Bound);
        Match tunnel = SshTunnel().Match(tunnelLine);
        Assert.True(tunnel.Success, tunnelLine);
        Assert.Equal("node1", tunnel.Groups["node"].Value); // task 0 runs on the first node of the allocation
        Assert.Contains($"then open http://localhost:{tunnel.Groups["port"].Value}/status", tunnelLine, StringComparison.Ordinal);
        await launch.WaitForLineAsync("clients:", Launches.Bound);

        using (var client = new Client(schedulerFile: file))
        {
            client.WaitForWorkers(3, Launches.Bound);
            Assert.Equal(["dask_mpi-1", "dask_mpi-2", "dask_mpi-3"], client.SchedulerInfo().Workers.Values.Select(w => w.Name).Order(StringComparer.Ordinal));
            Assert.Equal(SumOfSquaresBelow100, client.Gather(client.Map((int i) => i * i, Enumerable.Range(0, 100))).Sum());
            client.Shutdown();
        }

        Assert.Equal(0, await launch.WaitForExitAsync(TimeSpan.FromSeconds(30), "srun of dask mpi after client.Shutdown() (every task should end)"));
        Assert.Contains("launch slurm-", launch.Output, StringComparison.Ordinal); // the rendezvous was keyed to the job and step
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(10));
    }

    [GeneratedRegex(@"ssh -N -L (?<port>\d+):(?<node>[^:]+):\k<port> \S+@\S+`")]
    private static partial Regex SshTunnel();

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex WorkerPid();
}
