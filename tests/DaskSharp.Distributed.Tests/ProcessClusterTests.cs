using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Loader;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Serialization;
using DaskSharp.Execution;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

/// <summary>Worker processes (`dask worker` under a nanny) talking TCP on 127.0.0.1.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessClusterTests : IDisposable
{
    private readonly LocalCluster _cluster = new(nWorkers: 2, threadsPerWorker: 1, processes: true, dashboardAddress: null);

    public void Dispose() => _cluster.Dispose();

    private static int Inc(int x) => x + 1;

    [Fact]
    public void MapAndGatherOfThousandsOfTasksAcrossProcesses()
    {
        using var client = new Client(_cluster);
        Assert.Equal(2, _cluster.WorkerProcessIds.Count);
        Future<int>[] futures = client.Map(Inc, Enumerable.Range(0, 3000));
        Assert.Equal(Enumerable.Range(1, 3000), client.Gather(futures));
    }

    [Fact]
    public void DelayedGraphWithCapturedStateRunsOnWorkersThatNeverSawTheTestAssembly()
    {
        using var client = new Client(_cluster);
        int offset = 1000;
        var scale = new[] { 2, 3 };
        var inc = Dask.Delayed((int x) => x + offset);
        Delayed<int>[] parts = [.. Enumerable.Range(0, 20).Select(i => inc(i))];
        Delayed<int> total = Dask.Delayed((int[] xs) => xs.Sum() * scale[1])(parts);
        Assert.Equal((Enumerable.Range(0, 20).Sum() + (20 * 1000)) * 3, total.Compute());

        // The lambda's assembly came over the wire: it lives in the worker's code context, not on its disk.
        IReadOnlyDictionary<string, string> contexts = client.Run(() => AssemblyLoadContext.GetLoadContext(typeof(ProcessClusterTests).Assembly)!.Name ?? "?");
        Assert.Equal(2, contexts.Count);
        Assert.All(contexts.Values, name => Assert.StartsWith("worker-code-", name, StringComparison.Ordinal));
        IReadOnlyList<int> workerPids = _cluster.WorkerProcessIds;
        Assert.All(client.Run(() => Environment.ProcessId).Values, pid => Assert.Contains(pid, workerPids));
    }

    [Fact]
    public void TwoClientsShareTheProcessClusterAndADataset()
    {
        using var first = new Client(_cluster);
        using var second = new Client(_cluster);
        Future<int>[] squares = first.Map((int i) => i * i, Enumerable.Range(0, 50));
        first.PublishDataset("squares", squares);
        Future<int>[] got = second.GetDataset<int>("squares");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * i), second.Gather(got));
        Assert.Equal(Enumerable.Range(0, 50).Sum(i => i * i), second.SubmitCall<int>((int[] xs) => xs.Sum(), [got]).Result(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void RestartReplacesEveryWorkerProcess()
    {
        using var client = new Client(_cluster);
        Future<int> before = client.Submit(Inc, 1);
        Assert.Equal(2, before.Result(TimeSpan.FromSeconds(30)));
        int[] oldPids = [.. _cluster.WorkerProcessIds];
        client.Restart();
        Assert.Equal(FutureStatus.Cancelled, before.Status);
        _cluster.WaitForWorkers(2, TimeSpan.FromSeconds(60));
        int[] newPids = [.. client.Run(() => Environment.ProcessId).Values];
        Assert.Equal(2, newPids.Length);
        Assert.Empty(newPids.Intersect(oldPids));
        Assert.Equal(6, client.Submit(Inc, 5).Result(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void AFusedChainOfUserLambdasShipsItsAssembly()
    {
        using var client = new Client(_cluster);
        int step = 7;
        var add = Dask.Delayed((int x) => x + step);
        Delayed<int> chain = add(add(add(1))); // linear fusion makes one task of three user lambdas
        Assert.Equal(22, chain.Compute());
    }

    [Fact]
    public void AUserBlockFunctionInsideAFusedCompositionShipsItsAssembly()
    {
        using var client = new Client(_cluster);

        // Blockwise fusion nests the block function inside a composition of library kernels.
        double factor = 3;
        var x = Da.Arange(0.0, 100.0, chunks: 10);
        Assert.Equal(Enumerable.Range(0, 100).Sum(i => (3.0 * i) + 1), x.MapBlocks(b => (b * factor) + 1.0).Sum().Compute());
    }

    [Fact]
    public void ExceptionsCarryTheOriginalTypeMessageAndStack()
    {
        using var client = new Client(_cluster);
        Future<int> bad = client.Submit((int x) => x > 1 ? throw new ArgumentOutOfRangeException(nameof(x), $"too big: {x}") : x, 7);
        var e = Assert.Throws<TaskFailedException>(() => bad.Result(TimeSpan.FromSeconds(60)));
        var remote = Assert.IsType<RemoteException>(e.InnerException);
        Assert.Equal("System.ArgumentOutOfRangeException", remote.TypeName);
        Assert.Equal("too big: 7 (Parameter 'x')", remote.Message);
        Assert.Contains(nameof(ExceptionsCarryTheOriginalTypeMessageAndStack), remote.RemoteStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewClientWithNoArgumentsStartsAProcessClusterWithDasksDefaults()
    {
        var (workers, threads) = LocalCluster.DefaultLayout(null, null, processes: true, Environment.ProcessorCount);
        using var client = new Client(dashboardAddress: null);
        Assert.True(Assert.IsType<LocalCluster>(client.Cluster).Processes);
        SchedulerInfo info = client.SchedulerInfo();
        Assert.Equal(workers, info.Workers.Count);
        Assert.All(info.Workers.Values, w => Assert.Equal(threads, w.Threads));
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / workers, info.Workers.Values.First().MemoryLimit);
        Assert.Equal(3, client.Submit(Inc, 2).Result(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(2, true, 2, 1)]
    [InlineData(4, true, 4, 1)]
    [InlineData(8, true, 4, 2)]
    [InlineData(16, true, 4, 4)]
    [InlineData(8, false, 1, 8)]
    public void DefaultLayoutSplitsCoresAsDaskDoes(int cores, bool processes, int workers, int threads) =>
        Assert.Equal((workers, threads), LocalCluster.DefaultLayout(null, null, processes, cores));

    [Fact]
    public void ArraysComputeOnWorkerProcesses_ExactlyAsOnTheLocalScheduler()
    {
        using var client = new Client(_cluster);
        var x = Da.Random.DefaultRng(7).Random((600, 600), chunks: 150);
        var y = (x + x.T) - x.Mean(axis: 0);
        double local = y.Sum().Compute(scheduler: "threads");
        Assert.Equal(local, y.Sum().Compute()); // through the client: fused tile kernels shipped as data
        Assert.Equal(x.Std().Compute(scheduler: "threads"), x.Std().Compute());
        var a = Da.Arange(0.0, 1000.0, chunks: 100);
        Assert.Equal(Enumerable.Range(0, 1000).Sum(i => 2.0 * i), (a + a).Sum().Compute());
        Assert.Equal(x.Max(axis: 1).Compute(scheduler: "threads").AsSpan().ToArray(), x.Max(axis: 1).Compute().AsSpan().ToArray());
    }

    [Fact]
    public void TasksThatCannotTravelAreRefusedAtSubmissionAndTheClientGoesOn()
    {
        using var client = new Client(_cluster);
        var e = Assert.Throws<NotSupportedException>(() => client.Submit((Uri u) => u.Host.Length, new Uri("http://example.org")));
        Assert.StartsWith("Task lambda-", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be sent to worker processes", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, client.Submit(Inc, 4).Result(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AWorkerKilledWithSigkillMidComputationStillGivesTheRightResult()
    {
        using var client = new Client(_cluster);
        for (int round = 0; round < 3; round++)
        {
            int seed = round * 1000;
            Future<int>[] slow = client.Map((int x) => { Thread.Sleep(10); return x * 2; }, Enumerable.Range(seed, 300));
            Future<int> sum = client.SubmitCall<int>((int[] xs) => xs.Sum(), [slow]);
            int victim = _cluster.WorkerProcessIds[round % 2];
            await Eventually.True(
                () => _cluster.Scheduler.Snapshot().Workers.SingleOrDefault(w => w.Pid == victim) is { InMemory: > 0, Processing: > 0 },
                TimeSpan.FromSeconds(60),
                $"worker process {victim} to hold results and have tasks in progress (round {round})");
            Process.GetProcessById(victim).Kill(); // SIGKILL: no goodbye to the scheduler
            Assert.Equal(Enumerable.Range(seed, 300).Select(x => x * 2), client.Gather(slow));
            Assert.Equal(Enumerable.Range(seed, 300).Sum(x => x * 2), sum.Result(TimeSpan.FromSeconds(60)));
            _cluster.WaitForWorkers(2, TimeSpan.FromSeconds(60)); // the nanny restarted it
        }
    }

    [Fact]
    public async Task CloseLeavesNoProcessBehind()
    {
        var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: true, dashboardAddress: null);
        int[] pids = [.. cluster.WorkerProcessIds];
        Assert.Equal(2, pids.Length);
        cluster.Scale(3);
        cluster.WaitForWorkers(3, TimeSpan.FromSeconds(60));
        pids = [.. cluster.WorkerProcessIds];
        Assert.Equal(3, pids.Length);
        using (var client = new Client(cluster))
        {
            // Scaling down sends SIGTERM: the worker hands its results over before it exits.
            Future<int>[] kept = client.Map(Inc, Enumerable.Range(0, 300));
            Client.Wait(kept, TimeSpan.FromSeconds(60));
            cluster.Scale(2);
            Assert.Equal(2, client.SchedulerInfo().Workers.Count);
            Assert.True(await cluster.Scheduler.InvokeAsync(s => kept.All(f => s.Story(f.Key).All(t => t.To != Scheduling.TaskState.Released))), "results were lost and recomputed");
            Assert.Equal(Enumerable.Range(1, 300), client.Gather(kept));
        }

        cluster.Close();
        Assert.All(pids, pid => Assert.True(IsGone(pid), $"worker process {pid} is still running"));
    }

    [Fact]
    public async Task GarbageOversizedWrongSecretAndUnknownOperationsAreRefusedWhileARealClientKeepsWorking()
    {
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync(new Scheduling.SchedulerOptions { MaxMessageSize = 1 << 20 });
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Assert.Equal(2, client.Submit(Inc, 1).Result(TimeSpan.FromSeconds(30)));
        Address address = Address.Parse(scheduler.Address);

        // A wrong secret.
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Comms.ConnectAsync(scheduler.Address, "guess"));
        Assert.Contains("wrong secret", refused.Message, StringComparison.Ordinal);

        // Garbage instead of a handshake.
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync(address.Host, address.Port);
            NetworkStream stream = raw.GetStream();
            _ = await stream.ReadAsync(new byte[4096]);
            await stream.WriteAsync(Enumerable.Range(0, 64).Select(i => (byte)(255 - i)).ToArray());
            Assert.Equal(0, await ReadUntilClosed(stream));
        }

        // An authenticated peer sending a frame over the limit.
        await using (IComm big = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            try
            {
                await big.SendAsync(new Message(new Dictionary<string, object?> { ["op"] = "register-client", ["client"] = "big" }, [new byte[(1 << 20) + 1]]));
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                Assert.Null(await big.ReceiveAsync(timeout.Token));
            }
            catch (IOException)
            {
                // closed while the megabyte was still being written
            }
        }

        // A registered client asking for an operation that does not exist.
        await using (IComm odd = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            await odd.SendAsync(new Message(("op", "register-client"), ("client", "odd")));
            Assert.Equal("registered", (await odd.ReceiveAsync())!.Op);
            await odd.SendAsync(new Message(("op", "rm-rf")));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Null(await odd.ReceiveAsync(timeout.Token));
        }

        // A graph that reads a key nobody defines is refused with the key named; the connection stays.
        await using (IComm raw = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            await raw.SendAsync(new Message(("op", "register-client"), ("client", "raw")));
            Assert.Equal("registered", (await raw.ReceiveAsync())!.Op);
            Key orphan = new("orphan-1"), missing = new("missing-1");
            var task = new SubmittedTask(orphan, TaskSpec.Call((Func<int, int>)Inc, TaskArg.Ref(missing)), [missing], 0, 0);
            await raw.SendAsync(new Message(new Dictionary<string, object?> { ["op"] = "update-graph" }, [new[] { task }, new[] { orphan }]));
            Message erred = (await raw.ReceiveAsync())!;
            Assert.Equal("task-erred", erred.Op);
            Assert.Equal("Task orphan-1 depends on missing-1, which is neither in the submitted graph nor on the cluster.", ((TaskError[])erred.Values[1]!)[0].Message);

            // A message whose values do not have the shape its operation needs closes that connection.
            await raw.SendAsync(new Message(new Dictionary<string, object?> { ["op"] = "update-graph" }, ["not a graph", 42]));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Null(await raw.ReceiveAsync(timeout.Token));
        }

        Assert.Equal(5, scheduler.RefusedConnections);
        Assert.Equal(Enumerable.Range(1, 100), client.Gather(client.Map(Inc, Enumerable.Range(0, 100))));
    }

    [Fact]
    public async Task ResultsSpillToTheLocalDirectoryAboveTheMemoryTargetAndComeBackIntact()
    {
        string directory = Directory.CreateTempSubdirectory("dask-spill-").FullName;
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync();
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions
        {
            SchedulerAddress = scheduler.Address,
            Secret = scheduler.Secret,
            Threads = 1,
            MemoryLimit = 20 << 20, // target 0.6: 12 MiB of results stay in memory
            LocalDirectory = directory,
            Memory = new Working.MemoryThresholds(Recompute: false), // cheap results would be dropped, not written
        });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<NDArray<double>>[] chunks = client.Map((int i) => NDArray<double>.FromArray([.. Enumerable.Repeat((double)i, 1 << 17)], 1 << 17), Enumerable.Range(0, 20));
        Client.Wait(chunks, TimeSpan.FromSeconds(60));
        Assert.StartsWith(Path.Combine(directory, "dask-scratch-space", "worker-"), worker.LocalDirectory, StringComparison.Ordinal);
        string storage = Path.Combine(worker.LocalDirectory, "storage");
        await Eventually.True( // spills run on the worker's background writer: wait for it to catch up
            () => worker.SpilledCount >= 8 && Directory.Exists(storage) && worker.SpilledCount == Directory.GetFiles(storage).Length,
            TimeSpan.FromSeconds(30),
            "the spill writer to put at least 8 results on disk, one file each");
        Assert.InRange(worker.SpilledCount, 8, 20); // 20 MiB of results, 12 MiB may stay
        NDArray<double>[] back = client.Gather(chunks);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i * (1 << 17)), back.Select(a => a.AsSpan().ToArray().Sum()));
        await worker.DisposeAsync();
        Assert.False(Directory.Exists(worker.LocalDirectory), "the worker's directory (and its spill files) outlived the worker");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task FuturesDoNotHangWhenTheSchedulerGoesAway()
    {
        Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync();
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<int> never = client.Submit(Inc, 1); // no workers: it can only wait
        await scheduler.DisposeAsync();
        Assert.Throws<SchedulerConnectionLostException>(() => never.Result(TimeSpan.FromSeconds(30)));
        Assert.Equal(FutureStatus.Cancelled, never.Status);
        Assert.Equal($"The connection to the scheduler at {scheduler.Address} was lost.", never.Exception()!.Message);
    }

    [Fact]
    public async Task AWorkerPausesAboveThePauseThresholdAndResumesWhenMemoryIsFreed()
    {
        SizeOf.Register<Ballast>(b => b.Bytes);
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync();
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions
        {
            SchedulerAddress = scheduler.Address,
            Secret = scheduler.Secret,
            Threads = 1,
            MemoryLimit = 20 << 20, // pause at 16 MiB held; Ballast cannot spill (no serializer)
            Memory = new Working.MemoryThresholds(Recompute: false), // nor be dropped to be rebuilt
        });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<Ballast>[] heavy = client.Map((int i) => new Ballast(5 << 20), Enumerable.Range(0, 4));
        Client.Wait(heavy, TimeSpan.FromSeconds(30));
        await Eventually.True(() => worker.Paused, TimeSpan.FromSeconds(30), "20 MiB of unspillable results to pause a worker limited to 20 MiB");
        Future<int> waiting = client.Submit(Inc, 1);

        // The worker's heartbeat says it holds the new task ready and runs nothing: it reached the worker and did not start.
        await Eventually.True(
            () => scheduler.Snapshot().Workers.Single() is { Paused: true, Ready: 1, Executing: 0 },
            TimeSpan.FromSeconds(30),
            "a heartbeat of the paused worker holding the new task ready, not executing");
        Assert.Equal(FutureStatus.Pending, waiting.Status); // no task starts while paused

        foreach (Future f in heavy)
        {
            f.Dispose(); // the scheduler frees them on the worker
        }

        Assert.Equal(2, waiting.Result(TimeSpan.FromSeconds(30)));
        Assert.False(worker.Paused);
    }

    private sealed record Ballast(long Bytes);

    [Fact]
    public async Task CommandLineSchedulerWithItsDashboardAndTwoWorkersWithASchedulerFile()
    {
        string directory = Directory.CreateTempSubdirectory("dask-cli-").FullName;
        string file = Path.Combine(directory, "scheduler.json");
        var (host, prefix) = WorkerHost.Find()!.Value;
        Process Start(params string[] args)
        {
            var start = new ProcessStartInfo(host) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in prefix.Concat(args))
            {
                start.ArgumentList.Add(a);
            }

            var p = Process.Start(start)!;
            p.BeginErrorReadLine();
            p.BeginOutputReadLine();
            return p;
        }

        using Process scheduler = Start("scheduler", "--port", "0", "--scheduler-file", file, "--dashboard-address", ":0");
        using Process worker1 = Start("worker", "--scheduler-file", file, "--nthreads", "1", "--name", "w1");
        using Process worker2 = Start("worker", "--scheduler-file", file, "--nthreads", "1", "--name", "w2");
        try
        {
            await Eventually.True(() => File.Exists(file), TimeSpan.FromSeconds(60), $"the dask scheduler process to write {file}");

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            await using var client = new Client(schedulerFile: file);
            client.WaitForWorkers(2, TimeSpan.FromSeconds(60));
            Assert.Equal(["w1", "w2"], client.SchedulerInfo().Workers.Values.Select(w => w.Name).Order());
            Assert.Equal(Enumerable.Range(1, 1000), client.Gather(client.Map(Inc, Enumerable.Range(0, 1000))));

            // The dashboard runs in the scheduler process, on the port the file names.
            int port = SchedulerFile.Read(file).Services["dashboard"];
            Assert.Equal($"http://127.0.0.1:{port}/status", client.DashboardLink);
            using var http = new HttpClient();
            string identity = await http.GetStringAsync($"http://127.0.0.1:{port}/json/identity.json");
            Assert.Equal(2, System.Text.Json.JsonDocument.Parse(identity).RootElement.GetProperty("workers").EnumerateObject().Count(w => w.Value.GetProperty("name").GetString() is "w1" or "w2"));
        }
        finally
        {
            foreach (Process p in new[] { worker1, worker2, scheduler })
            {
                SendSigterm(p);
            }

            foreach (Process p in new[] { worker1, worker2, scheduler })
            {
                Assert.True(p.WaitForExit(20_000), "dask did not exit on SIGTERM");
            }
        }

        Assert.False(File.Exists(file), "the scheduler file outlived the scheduler");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task CommandLineSchedulerWithoutADashboard()
    {
        string directory = Directory.CreateTempSubdirectory("dask-cli-").FullName;
        string file = Path.Combine(directory, "scheduler.json");
        var (host, prefix) = WorkerHost.Find()!.Value;
        var start = new ProcessStartInfo(host) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in prefix.Concat(["scheduler", "--port", "0", "--scheduler-file", file, "--no-dashboard"]))
        {
            start.ArgumentList.Add(a);
        }

        using Process scheduler = Process.Start(start)!;
        Task<string> log = scheduler.StandardError.ReadToEndAsync();
        Task<string> output = scheduler.StandardOutput.ReadToEndAsync();
        try
        {
            await Eventually.True(() => File.Exists(file), TimeSpan.FromSeconds(60), $"the dask scheduler process to write {file}");

            Assert.Empty(SchedulerFile.Read(file).Services);
            await using var client = new Client(schedulerFile: file);
            Assert.Null(client.DashboardLink);
        }
        finally
        {
            SendSigterm(scheduler);
            Assert.True(scheduler.WaitForExit(20_000), "dask scheduler did not exit on SIGTERM");
        }

        Assert.Contains("dashboard at:   (none)", await log + await output, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("scheduler", "dask scheduler [options]", "--scheduler-file <scheduler-file>")]
    [InlineData("worker", "dask worker [<scheduler>] [options]", "--nthreads <nthreads>")]
    public void CommandLineHelpReadsLikeDasks(string command, string usage, string option)
    {
        var (host, prefix) = WorkerHost.Find()!.Value;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true };
        foreach (string a in prefix.Append(command).Append("--help"))
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        string help = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Contains(usage, help, StringComparison.Ordinal);
        Assert.Contains(option, help, StringComparison.Ordinal);
    }

    private static void SendSigterm(Process p)
    {
        if (!p.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private static bool IsGone(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static async Task<int> ReadUntilClosed(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
