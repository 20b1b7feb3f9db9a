using System.Globalization;
using System.Diagnostics;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The worker-memory issue's promises on real worker processes: data larger than the workers'
/// memory is persisted and reduced exactly, workers past their limit are restarted and their work
/// finished or failed with a <see cref="KilledWorkerException"/> that names memory, SIGKILLed
/// workers never change an answer, and no dead worker's directory stays on disk.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WorkerMemoryTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(180);

    private readonly string _root = Directory.CreateTempSubdirectory("dask-memory-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Scratch => Path.Combine(_root, "dask-scratch-space");

    private LocalCluster StartCluster(int workers, string? memoryLimit) =>
        new(nWorkers: workers, threadsPerWorker: 1, processes: true, memoryLimit: memoryLimit, dashboardAddress: null, localDirectory: _root);

    /// <summary>The client as a named scheduler, so arrays compute on it without becoming every test's default.</summary>
    private static string Register(Client client)
    {
        string name = $"memory-{Guid.NewGuid():N}";
        SchedulerRegistry.Register(name, client);
        return name;
    }

    /// <summary>16000² float64 (2 GB) in 64 chunks of 32 MiB, seeded: the array.</summary>
    private static DaskArray<double> TwoGigabytes() => Da.Random.DefaultRng(42).Random((16000, 16000), chunks: 2000);

    [Fact]
    public async Task A2GBPersistOn3WorkersOf600MB_GivesTheExactSum()
    {
        DaskArray<double> x = TwoGigabytes();
        double expected = x.Sum().Compute(scheduler: "sync");
        using LocalCluster cluster = StartCluster(3, "600MB");
        using var client = new Client(cluster, setAsDefault: false);
        Future[] persisted = client.Persist(x);
        Client.Wait(persisted, s_bound);
        Assert.Equal(expected, x.Sum().Compute(scheduler: Register(client)));

        // 2 GB cannot stay under 3 × 360 MB targets: results were written or (cheap to rebuild) dropped.
        await Eventually.True(() => cluster.Scheduler.Snapshot().Workers.Sum(w => w.DiskWriteBytes + w.DroppedBytes) > 0, s_bound, "heartbeats saying results were written to disk or dropped");
    }

    [Fact]
    public async Task A2GBPersistOfNonRootChunksOn3WorkersOf300MB_SpillsAndGivesTheExactSum_OrKilledWorkerNamingMemory_AndTheClusterStillWorks()
    {
        DaskArray<double> x = TwoGigabytes();
        DaskArray<double> y = x + x.T; // one task a chunk makes two random blocks and adds them: slower to rebuild than to write, so it is written to disk
        double expected = y.Sum().Compute(scheduler: "sync");
        using LocalCluster cluster = StartCluster(3, "300MB");
        using var client = new Client(cluster, setAsDefault: false);
        string scheduler = Register(client);
        Key[] keys = [.. y.OutputKeys, .. x.OutputKeys];
        try
        {
            Future[] persisted = client.Persist(y);
            WorkerMemoryDiagnostics.Within(() => Client.Wait(persisted, s_bound), "the persisted chunks of x + x.T", cluster, keys);
            double sum = await WorkerMemoryDiagnostics.Within(Task.Run(() => y.Sum().Compute(scheduler: scheduler)), s_bound, "the sum of the persisted chunks", cluster, keys);
            Assert.Equal(expected, sum);
            Assert.True(cluster.Scheduler.Snapshot().Workers.Sum(w => w.DiskWriteBytes) > 0, "2 GB on 3 workers of 300 MB was held without spilling");
        }
        catch (TaskFailedException e) when (e.InnerException is KilledWorkerException killed)
        {
            Assert.Contains("memory", killed.Message, StringComparison.Ordinal);
        }

        cluster.WaitForWorkers(3, s_bound);
        Future<int>[] after = client.Map((int i) => i + 1, Enumerable.Range(0, 100));
        WorkerMemoryDiagnostics.Within(() => Client.Wait(after, s_bound), "100 small tasks after the persist", cluster, [.. after.Select(f => f.Key)]);
        Assert.Equal(Enumerable.Range(1, 100), client.Gather(after));
    }

    [Fact]
    public void ATaskThatAllocatesPastTheLimitOnce_RestartsItsWorkerAndTheComputationCompletes()
    {
        using LocalCluster cluster = StartCluster(1, "400MB");
        using var client = new Client(cluster, setAsDefault: false);
        string marker = Path.Combine(_root, "allocated-once");
        Future<int> future = client.Submit(
            (string path) =>
            {
                if (!File.Exists(path))
                {
                    File.WriteAllText(path, "first attempt");
                    return AllocatePast(600L << 20);
                }

                return 42;
            },
            marker);
        Assert.Equal(42, future.Result(s_bound));
        Assert.True(File.Exists(marker), "the first attempt ran");
        Assert.Equal(0, client.Gather(client.Map((int i) => i - i, Enumerable.Range(0, 10))).Sum());
    }

    [Fact]
    public void ATaskThatAlwaysAllocatesPastTheLimit_ErrsWithKilledWorkerNamingMemory_AfterThreeDeaths()
    {
        using LocalCluster cluster = StartCluster(1, "400MB");
        using var client = new Client(cluster, setAsDefault: false);
        Future<int> hog = client.Submit((long bytes) => AllocatePast(bytes), 600L << 20);
        var failure = Assert.Throws<TaskFailedException>(() => hog.Result(s_bound));
        var killed = Assert.IsType<KilledWorkerException>(failure.InnerException);
        Assert.Contains("on 3 different workers", killed.Message, StringComparison.Ordinal);
        Assert.Contains("memory", killed.Reason, StringComparison.Ordinal);
        cluster.WaitForWorkers(1, s_bound);
        Assert.Equal(7, client.Submit((int i) => i + 1, 6).Result(s_bound)); // the restarted worker takes new work
    }

    [Fact]
    public async Task Sigkill20TimesDuringATreeReduction_AlwaysGivesTheRightAnswer_AndLeavesNoDeadWorkersDirectory()
    {
        using LocalCluster cluster = StartCluster(3, "1GB");
        using var client = new Client(cluster, setAsDefault: false);
        string scheduler = Register(client);
        var random = new Random(20261202);
        for (int round = 0; round < 20; round++)
        {
            DaskArray<double> x = Da.Random.DefaultRng(round).Random((4000, 4000), chunks: 500);
            double expected = x.Sum().Compute(scheduler: "sync");
            Task<double> sum = Task.Run(() => x.Sum().Compute(scheduler: scheduler));
            await Eventually.True(
                () => sum.IsCompleted || cluster.Scheduler.Snapshot().Workers.Any(w => w.InMemory > 0),
                s_bound,
                $"a worker to hold results of round {round}'s reduction");
            IReadOnlyList<int> pids = cluster.WorkerProcessIds;
            Process.GetProcessById(pids[random.Next(pids.Count)]).Kill(); // SIGKILL: no goodbye
            Assert.Equal(expected, await sum.Within(s_bound, $"round {round}'s sum after a worker was killed"));
            await Eventually.True(() => cluster.WorkerProcessIds.Count >= 2, s_bound, "two live workers to kill one of (the killed one restarts meanwhile)");
        }

        cluster.WaitForWorkers(3, s_bound);

        // The nannies removed the directories of the 20 killed workers: one per live worker remains.
        await Eventually.True(() => Directory.GetDirectories(Scratch, "worker-*").Length == 3, s_bound, "the killed workers' directories to be removed");
        cluster.Dispose();
        await Eventually.True(() => Directory.GetDirectories(Scratch, "worker-*").Length == 0, s_bound, "every worker directory to be removed after close");
    }

    [Fact]
    public async Task AMemoryLimitAboveTheMachinesMemory_IsWarnedAbout()
    {
        long physical = Working.SystemMemory.Total;
        var logger = new CapturingLogger();
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync(new Scheduling.SchedulerOptions { Address = $"inproc://scheduler-{Guid.NewGuid():N}" });
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions
        {
            SchedulerAddress = scheduler.Address, ListenAddress = $"inproc://worker-{Guid.NewGuid():N}", Threads = 1, Name = "big",
            MemoryLimit = physical * 2, LocalDirectory = _root, Logger = logger,
        });
        Assert.Contains(
            (LogLevel.Warning, $"Worker big's memory limit of {ByteSize.Format(physical * 2)} is more than this machine's {ByteSize.Format(physical)}: it will not pause or spill before the machine runs out"),
            logger.Entries);
    }

    [Fact]
    public async Task AMemoryLimitAboveTheMachinesMemory_IsWarnedAboutByAWorkerProcess_ThoughItsHeapLimitIsThatLimit()
    {
        // The nanny gives the worker DOTNET_GCHeapHardLimit = its memory limit, and the GC then
        // reports that limit as the memory available: the warning must not ask the GC.
        long limit = Working.SystemMemory.Total * 2;
        var logger = new CapturingLogger();
        using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: true, memoryLimit: limit.ToString(CultureInfo.InvariantCulture), dashboardAddress: null, logger: logger, localDirectory: _root);
        cluster.WaitForWorkers(1, s_bound);
        string expected = $"memory limit of {ByteSize.Format(limit)} is more than this machine's {ByteSize.Format(Working.SystemMemory.Total)}";
        await Eventually.True(() => logger.Entries.Any(e => e.Message.Contains(expected, StringComparison.Ordinal)), s_bound, "the worker process's warning about its memory limit");
    }

    [Fact]
    public void SystemMemory_ReadsMemTotalInBytes()
    {
        string meminfo = Path.Combine(_root, "meminfo");
        File.WriteAllLines(meminfo, ["MemFree:         1000 kB", "MemTotal:       24576000 kB", "Buffers:  12 kB"]);
        Assert.Equal(24576000L * 1024, Working.SystemMemory.MemTotal(meminfo));
        File.WriteAllLines(meminfo, ["MemFree: 1000 kB"]);
        Assert.Null(Working.SystemMemory.MemTotal(meminfo));
        Assert.Null(Working.SystemMemory.MemTotal(Path.Combine(_root, "absent")));
    }

    [Fact]
    public void AutoMemoryLimit_IsTheMachinesMemoryDividedAmongTheWorkers()
    {
        using var cluster = new LocalCluster(nWorkers: 3, threadsPerWorker: 1, processes: false, memoryLimit: "auto", dashboardAddress: null, localDirectory: _root);
        Assert.Equal(Working.SystemMemory.Total / 3, cluster.MemoryLimit);
    }

    [Fact]
    public async Task AWorkerPausedWithNothingToSpill_LeavesAfterThePauseTimeout_SayingWhy()
    {
        SizeOf.Register<Ballast>(b => b.Bytes);
        var logger = new CapturingLogger();
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync();
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions
        {
            SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1, LocalDirectory = _root, Logger = logger,
            MemoryLimit = 20 << 20, // pause at 16 MiB held; Ballast has no serializer, and recompute is off
            Memory = new Working.MemoryThresholds(PauseTimeout: TimeSpan.FromSeconds(1), Recompute: false),
        });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<Ballast>[] heavy = client.Map((int i) => new Ballast(5 << 20), Enumerable.Range(0, 4));
        await worker.Finished.Within(s_bound, "the paused worker with nothing to spill to leave after its 1 s pause timeout");
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Critical && e.Message.Contains("was paused for 1 s with 20.00 MiB in use, 100 % of its 20.00 MiB memory limit, and had nothing left to spill", StringComparison.Ordinal));
        Assert.False(Directory.Exists(worker.LocalDirectory), "the leaving worker removed its directory");
        GC.KeepAlive(heavy);
    }

    private sealed record Ballast(long Bytes);

    private static readonly ManualResetEventSlim s_releaseFirst = new(); // set once: the input made again after its worker left does not wait

    [Fact]
    public async Task AFetchThatRunsOutOfMemory_EndsItsWorkerForMemory_AndTheTaskRunsOnTheOther()
    {
        ValueSerializer.Register(new OutOfMemoryOnArrivalSerializer());
        SizeOf.Register<OutOfMemoryOnArrival>(_ => 1000);
        var logger = new CapturingLogger();
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync();
        Working.WorkerOptions Options() => new() { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1, LocalDirectory = _root, Logger = logger };
        await using Working.Worker first = await Working.Worker.StartAsync(Options());
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);

        // One input on each worker: the first is busy making its own when the second comes, so the second gets the other.
        Future<OutOfMemoryOnArrival> a = client.Submit(() => s_releaseFirst.Wait(s_bound) ? new OutOfMemoryOnArrival(20) : throw new TimeoutException("the test did not release the first input"));
        await Eventually.True(() => scheduler.Snapshot().Workers.Single().Executing == 1, s_bound, "the first input to start on the first worker");
        await using Working.Worker second = await Working.Worker.StartAsync(Options());
        Future<OutOfMemoryOnArrival> b = client.Submit(() => new OutOfMemoryOnArrival(22));
        s_releaseFirst.Set();
        Client.Wait([a, b], s_bound);
        Assert.Equal([first.Address], scheduler.TaskInfo(a.Key)!.WhoHas);
        Assert.Equal([second.Address], scheduler.TaskInfo(b.Key)!.WhoHas);

        // Whichever worker adds them must fetch the other's, and its heap is "full" as the value arrives:
        // it leaves for memory (before, the fetch's task died unseen and the sum waited forever), the
        // scheduler makes its input again on the other worker, and the sum runs there.
        Future<int> sum = client.Submit((OutOfMemoryOnArrival x, OutOfMemoryOnArrival y) => x.N + y.N, a, b);
        Assert.Equal(42, sum.Result(s_bound));
        Task gone = await Task.WhenAny(first.Finished, second.Finished).Within(s_bound, "the worker whose fetch ran out of memory to leave");
        (Working.Worker leaver, Working.Worker stayer) = gone == first.Finished ? (first, second) : (second, first);
        Assert.Contains((LogLevel.Critical, $"Worker {leaver.Address} is leaving: fetching 1 keys from {stayer.Address} ran out of memory"), logger.Entries);
        Assert.False(stayer.Finished.IsCompleted, "the worker that served the value left too");
    }

    /// <summary>A value whose arrival from a peer finds no memory for it.</summary>
    private sealed record OutOfMemoryOnArrival(int N);

    private sealed class OutOfMemoryOnArrivalSerializer : ITypeSerializer
    {
        public string Name => "test-out-of-memory-on-arrival";

        public bool CanSerialize(Type type) => type == typeof(OutOfMemoryOnArrival);

        public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value) => (BitConverter.GetBytes(((OutOfMemoryOnArrival)value).N), []);

        public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames) => throw new OutOfMemoryException("The heap is at its hard limit (the test's codec says so).");
    }

    /// <summary>Allocates and touches <paramref name="bytes"/> so they are resident.</summary>
    private static int AllocatePast(long bytes)
    {
        var blocks = new List<byte[]>();
        for (long held = 0; held < bytes; held += 16 << 20)
        {
            byte[] block = GC.AllocateUninitializedArray<byte>(16 << 20);
            for (int i = 0; i < block.Length; i += 4096)
            {
                block[i] = 1;
            }

            blocks.Add(block);
        }

        return blocks.Count;
    }
}
