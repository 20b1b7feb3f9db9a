using System.Text.Json;
using DaskSharp.Distributed.Dashboard;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Working;
using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// Memory trouble on workers is visible: a KilledWorker names the last worker and why it left, a
/// cluster whose every worker is paused tells the clients once per episode, and the spill figures
/// reach the heartbeat, <c>/metrics</c> and the dashboard's JSON.
/// </summary>
public sealed class MemoryVisibilityTests
{
    private static readonly Key A = new("a"), B = new("b"), C = new("c"), D = new("d"), E = new("e");

    private static readonly Dictionary<Key, string[]> None = [];

    private static List<SchedulerInstruction> Step(SchedulerState state, params SchedulerEvent[] events)
    {
        List<SchedulerInstruction> result = state.Handle(events);
        state.Validate();
        return result;
    }

    private static UpdateGraphEvent Roots(string stimulus, params Key[] keys) =>
        new("c", [.. keys.Select((k, i) => new TaskSubmission(k, [], i))], keys, stimulus);

    private static WorkerMemoryEvent Beat(string worker, bool paused, string stimulus) =>
        new(worker, paused, 540 << 20, 500 << 20, stimulus);

    // ---- KilledWorker names the last worker and its reason ---------------------------------------

    [Fact]
    public void KilledWorker_NamesTheLastWorkerAndWhatItReportedBeforeLeaving()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 600 << 20, "s0"), Roots("s1", A));
        Step(s, new AddWorkerEvent("w2", 1, 600 << 20, "s2"), new AddWorkerEvent("w3", 1, 600 << 20, "s2"));
        Assert.Equal([new ComputeTask("w2", A, (1, 0), None, "s3")], Step(s, new RemoveWorkerEvent("w1", "s3")));
        Assert.Equal([new ComputeTask("w3", A, (1, 0), None, "s4")], Step(s, new RemoveWorkerEvent("w2", "s4")));

        string reason = Worker.TerminateReason(590 << 20, 600 << 20, 0.95);
        Assert.Equal("it used 590.00 MiB, 98 % of its 600.00 MiB memory limit, above the terminate threshold (95 %)", reason);
        Assert.Empty(Step(s, new WorkerLeavingEvent("w3", reason, "s5")));
        Assert.Equal(reason, s.Workers["w3"].LeavingReason);

        string expected = "KilledWorkerException: Attempted to run task a on 3 different workers, but all those workers died while running it. "
            + "The last worker that attempted to run the task was w3. Before it left it reported: " + reason;
        Assert.Equal([new ReportKey("c", A, TaskState.Erred, expected, "s6")], Step(s, new RemoveWorkerEvent("w3", "s6")));
    }

    [Fact]
    public void KilledWorker_WithoutAReason_StillNamesTheLastWorkerAndPointsAtItsLog()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 0, "s0"), Roots("s1", A));
        Step(s, new AddWorkerEvent("w2", 1, 0, "s2"), new AddWorkerEvent("w3", 1, 0, "s2"));
        Step(s, new WorkerLeavingEvent("w1", "it was told to", "s3")); // an earlier worker's reason is not the last one's
        Step(s, new RemoveWorkerEvent("w1", "s3"), new RemoveWorkerEvent("w2", "s4"));
        var report = Assert.IsType<ReportKey>(Assert.Single(Step(s, new RemoveWorkerEvent("w3", "s5"))));
        Assert.Equal(
            "KilledWorkerException: Attempted to run task a on 3 different workers, but all those workers died while running it. The last worker that attempted to run the task was w3. "
            + "It said nothing before it left; its log (or its nanny's) is the place to look next, e.g. for memory use.",
            report.Exception);
    }

    [Fact]
    public void WorkerLeaving_OfAnUnknownWorker_ChangesNothing()
    {
        var s = new SchedulerState();
        Assert.Empty(Step(s, new WorkerLeavingEvent("nobody", "gone", "s0")));
        Assert.Empty(s.Workers);
    }

    [Fact]
    public void KilledWorkerException_ReadsTheLastWorkerAndReasonBackFromItsMessage()
    {
        string reason = Worker.PausedTooLongReason(500 << 20, 600 << 20, TimeSpan.FromSeconds(60));
        Assert.Equal("it was paused for 60 s with 500.00 MiB in use, 83 % of its 600.00 MiB memory limit, and had nothing left to spill", reason);
        string message = KilledWorkerException.Describe("('x', 3)", 3, "tcp://127.0.0.1:4000", reason);

        // The text crosses processes; the properties come back from it.
        var error = new TaskError(typeof(KilledWorkerException).FullName!, message, string.Empty);
        var killed = Assert.IsType<KilledWorkerException>(error.ToException());
        Assert.Equal((message, "tcp://127.0.0.1:4000", reason), (killed.Message, killed.LastWorker, killed.Reason));
        Assert.Contains("memory", killed.Message, StringComparison.Ordinal);

        KilledWorkerException silent = KilledWorkerException.FromMessage(KilledWorkerException.Describe("a", 3, "tcp://h:1", null));
        Assert.Equal(("tcp://h:1", (string?)null), (silent.LastWorker, silent.Reason));
        KilledWorkerException other = KilledWorkerException.FromMessage("The workers running this task died.");
        Assert.Equal(((string?)null, (string?)null), (other.LastWorker, other.Reason));
    }

    // ---- an all-paused cluster -------------------------------------------------------------------

    [Fact]
    public void AllWorkersPaused_WithWorkWaiting_IsNoticedOncePerEpisode()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 600 << 20, "s0"), new AddWorkerEvent("w2", 1, 600 << 20, "s0"));
        Step(s, Roots("s1", A, B, C, D, E)); // two slots a worker (ceil 1.1 × 1): four processing, one queued

        Assert.Empty(Step(s, Beat("w1", paused: true, "s2"))); // w2 still runs
        Assert.False(s.AllPausedNoticed);
        PausedWorker[] both = [new("w1", 540 << 20, 500 << 20, 600 << 20), new("w2", 540 << 20, 500 << 20, 600 << 20)];
        Assert.Equal([new ClusterPaused(both, 5, "s3")], Step(s, Beat("w2", paused: true, "s3")));
        Assert.True(s.AllPausedNoticed);

        // Still paused, more heartbeats and more work: no new notice.
        Assert.Empty(Step(s, Beat("w1", paused: true, "s4"), Beat("w2", paused: true, "s4")));
        Assert.Empty(Step(s, new UpdateGraphEvent("c", [new TaskSubmission(new Key("f"), [], 0)], [new Key("f")], "s5")));

        Assert.Equal([new ClusterResumed(["w2"], "s6")], Step(s, Beat("w2", paused: false, "s6")));
        Assert.False(s.AllPausedNoticed);

        // A second episode is noticed again.
        Assert.Equal([new ClusterPaused(both, 6, "s7")], Step(s, Beat("w2", paused: true, "s7")));
    }

    [Fact]
    public void AllWorkersPaused_IsNoticedWhenWorkArrives_NotWhileNothingWaits()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 2, 0, "s0"));
        Assert.Empty(Step(s, Beat("w1", paused: true, "s1")));
        Assert.Equal([new ClusterPaused([new("w1", 540 << 20, 500 << 20, 0)], 1, "s2")], Step(s, Roots("s2", A)));
        Assert.Equal(TaskState.Queued, s.Tasks[A].State); // a paused worker gets no new task

        Assert.Equal(
            [new ComputeTask("w1", A, (1, 0), None, "s3"), new ClusterResumed(["w1"], "s3")],
            Step(s, Beat("w1", paused: false, "s3")));
    }

    [Fact]
    public void AllWorkersPaused_WhenTheLastRunningWorkerLeaves_AndOverWhenNoneIsLeft()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"));
        Step(s, Beat("w1", paused: true, "s1"), Roots("s2", A, B, C));
        Assert.False(s.AllPausedNoticed); // w2 runs

        // w2's tasks move to w1 (or its queue): all three wait for the paused worker.
        List<SchedulerInstruction> gone = Step(s, new RemoveWorkerEvent("w2", "s3"));
        Assert.Equal(new ClusterPaused([new("w1", 540 << 20, 500 << 20, 1 << 30)], 3, "s3"), gone[^1]);

        Assert.Equal([new ClusterResumed([], "s4")], Step(s, new RemoveWorkerEvent("w1", "s4")));

        // A new worker that runs: nothing to say (the episode ended).
        Assert.DoesNotContain(Step(s, new AddWorkerEvent("w3", 1, 1 << 30, "s5")), i => i is ClusterPaused or ClusterResumed);
    }

    [Fact]
    public void RetiringWorkers_DoNotCountAsRunning()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 0, "s0"), new AddWorkerEvent("w2", 1, 0, "s0"), Roots("s1", A, B, C, D, E));
        Step(s, Beat("w1", paused: true, "s2"));
        List<SchedulerInstruction> retired = Step(s, new RetireWorkerEvent("w2", "s3"));
        Assert.Equal([new ClusterPaused([new("w1", 540 << 20, 500 << 20, 0)], 3, "s3")], retired);
    }

    [Fact]
    public void TheNotices_SayWhatHappenedWithFigures()
    {
        var two = new ClusterPaused([new("tcp://a:1", 540L << 20, 500L << 20, 600L << 20), new("tcp://b:1", 1L << 30, 0, 0)], 7, "s");
        Assert.Equal(
            "All 2 workers are paused: their memory is above the pause threshold (tcp://a:1: process 540.00 MiB of its 600.00 MiB limit, 500.00 MiB of results in memory; "
            + "tcp://b:1: process 1.00 GiB, 0 B of results in memory). 7 tasks wait until they spill, free memory or restart.",
            two.Describe());
        Assert.Equal(
            "The only worker is paused: its memory is above the pause threshold (w: process 1.00 MiB of its 2.00 MiB limit, 1.00 kiB of results in memory). 1 task waits until they spill, free memory or restart.",
            new ClusterPaused([new("w", 1 << 20, 1 << 10, 2 << 20)], 1, "s").Describe());
        Assert.Equal("Workers run tasks again: tcp://a:1 is no longer paused.", new ClusterResumed(["tcp://a:1"], "s").Describe());
        Assert.Equal("Workers run tasks again: a, b are no longer paused.", new ClusterResumed(["a", "b"], "s").Describe());
        Assert.Equal("The paused workers are gone; tasks wait for a worker.", new ClusterResumed([], "s").Describe());
    }

    // ---- /metrics and the dashboard's JSON ---------------------------------------------------------

    private static ClusterSnapshot Snapshot() => new(
        1000, "Scheduler-1", "tcp://s:1", 1,
        [
            new WorkerSnapshot("tcp://a:1", "a", 2, 600 << 20, 500 << 20, 100 << 20, 450 << 20, 12.5, 3, 4, 1, 2, Paused: true, Retiring: false, 0.25, 11,
                DiskWriteBytes: 300 << 20, DiskReadBytes: 200 << 20, DroppedBytes: 7 << 20),
            new WorkerSnapshot("tcp://b:1", "b", 1, 0, 10, 0, 4, 0, 0, 1, 0, 0, Paused: false, Retiring: true, 1, 12),
        ],
        [],
        0);

    [Fact]
    public void Metrics_GiveEachWorkersMemoryBreakdownSpillTrafficAndPause_WithDasksNames()
    {
        Dictionary<string, double> m = PrometheusParser.Parse(PrometheusText.Write(Snapshot()));
        Assert.Equal(400 << 20, m["dask_worker_memory_bytes{worker=\"tcp://a:1\",type=\"managed\"}"]); // 500 held − 100 spilled
        Assert.Equal(50 << 20, m["dask_worker_memory_bytes{worker=\"tcp://a:1\",type=\"unmanaged\"}"]); // 450 process − 400
        Assert.Equal(100 << 20, m["dask_worker_memory_bytes{worker=\"tcp://a:1\",type=\"spilled\"}"]);
        Assert.Equal(10, m["dask_worker_memory_bytes{worker=\"tcp://b:1\",type=\"managed\"}"]);
        Assert.Equal(0, m["dask_worker_memory_bytes{worker=\"tcp://b:1\",type=\"unmanaged\"}"]); // 4 − 10, floored
        Assert.Equal(300 << 20, m["dask_worker_spill_bytes_total{worker=\"tcp://a:1\",activity=\"disk_write\"}"]);
        Assert.Equal(200 << 20, m["dask_worker_spill_bytes_total{worker=\"tcp://a:1\",activity=\"disk_read\"}"]);
        Assert.Equal(0, m["dask_worker_spill_bytes_total{worker=\"tcp://b:1\",activity=\"disk_write\"}"]);
        Assert.Equal(7 << 20, m["dask_worker_dropped_bytes_total{worker=\"tcp://a:1\"}"]);
        Assert.Equal(1, m["dask_worker_paused{worker=\"tcp://a:1\"}"]);
        Assert.Equal(0, m["dask_worker_paused{worker=\"tcp://b:1\"}"]);
        Assert.Equal(1, m["dask_scheduler_workers{state=\"paused\"}"]);
    }

    [Fact]
    public void DashboardJson_GivesTheBarsManagedUnmanagedSpilledAndStatus()
    {
        using JsonDocument doc = JsonDocument.Parse(DashboardJson.Write(w => DashboardJson.Snapshot(w, Snapshot())));
        JsonElement a = doc.RootElement.GetProperty("workers")[0], b = doc.RootElement.GetProperty("workers")[1];
        Assert.Equal(
            (500L << 20, 400L << 20, 50L << 20, 100L << 20, 450L << 20, 300L << 20, 200L << 20, 7L << 20, "paused", true),
            (a.GetProperty("managed_bytes").GetInt64(), a.GetProperty("managed_memory_bytes").GetInt64(), a.GetProperty("unmanaged_bytes").GetInt64(),
             a.GetProperty("spilled_bytes").GetInt64(), a.GetProperty("process_bytes").GetInt64(), a.GetProperty("disk_write_bytes").GetInt64(),
             a.GetProperty("disk_read_bytes").GetInt64(), a.GetProperty("dropped_bytes").GetInt64(), a.GetProperty("status").GetString(), a.GetProperty("paused").GetBoolean()));
        Assert.Equal(("retiring", 0L), (b.GetProperty("status").GetString(), b.GetProperty("unmanaged_bytes").GetInt64()));
    }

    [Fact]
    public void RecomputeDrop_IsAnActivityOfTheTaskStream()
    {
        Assert.Equal("recompute-drop", WorkerActivity.Name(ActionKind.RecomputeDrop));
        Assert.True(WorkerActivity.TryParse("recompute-drop", out ActionKind kind));
        Assert.Equal(ActionKind.RecomputeDrop, kind);
        var message = new ActivityMessage([new WorkerActivity(ActionKind.RecomputeDrop, 5, 5, 1 << 20, null, new Key("x-1", 4))]);
        Assert.Equal(message.Activities, ((ActivityMessage)MessageCodec.Decode(MessageCodec.Encode(message))).Activities);
        Assert.Equal(
            "A recompute-drop activity must name the key it is about. (Parameter 'activities')",
            Assert.Throws<ArgumentException>(() => MessageCodec.Encode(new ActivityMessage([new WorkerActivity(ActionKind.RecomputeDrop, 5, 5, 1, null)]))).Message);
    }

    // ---- real scheduler, workers and client ------------------------------------------------------

    private static readonly SemaphoreSlim s_running = new(0), s_release = new(0);

    private static int BlockUntilReleased(int x)
    {
        s_running.Release();
        s_release.Wait(TimeSpan.FromSeconds(60));
        return x;
    }

    [Fact]
    public async Task AWorkerThatReportsWhyItLeaves_IsNamedInTheClientsKilledWorkerException()
    {
        await using Scheduler scheduler = await Scheduler.StartAsync();
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<int> doomed = client.Submit(BlockUntilReleased, 1);
        string reason = Worker.TerminateReason(590 << 20, 600 << 20, 0.95);
        string last = string.Empty;
        for (int round = 1; round <= SchedulerState.AllowedFailures; round++)
        {
            Worker worker = await Worker.StartAsync(new WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
            last = worker.Address;
            Assert.True(await s_running.WaitAsync(TimeSpan.FromSeconds(30)), $"the task did not start on worker {round}");
            Assert.True(await worker.ReportLeavingAsync(reason, TimeSpan.FromSeconds(10)), "the leaving message was not written");
            await Eventually.True(
                () => scheduler.InvokeAsync(st => st.Workers.TryGetValue(worker.Address, out SchedulerWorker? w) && w.LeavingReason == reason).Result,
                TimeSpan.FromSeconds(30),
                $"the scheduler to record why worker {round} leaves");
            Task closing = worker.DisposeAsync().AsTask();
            await Eventually.True(() => scheduler.Snapshot().Workers.Count == 0, TimeSpan.FromSeconds(30), $"the scheduler to remove worker {round}");
            s_release.Release(); // the task's thread ends, so the worker's close does not wait for it
            await closing.Within(TimeSpan.FromSeconds(30), $"worker {round} to close");
        }

        TaskFailedException failed = Assert.Throws<TaskFailedException>(() => doomed.Result(TimeSpan.FromSeconds(30)));
        var killed = Assert.IsType<KilledWorkerException>(failed.InnerException);
        Assert.Equal((last, reason), (killed.LastWorker, killed.Reason));
        Assert.Contains("98 % of its 600.00 MiB memory limit, above the terminate threshold (95 %)", killed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportLeaving_WhenTheSchedulerIsGone_ReturnsFalseWithoutThrowing()
    {
        Scheduler scheduler = await Scheduler.StartAsync();
        Worker worker = await Worker.StartAsync(new WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
        await scheduler.DisposeAsync();
        await worker.Finished.Within(TimeSpan.FromSeconds(30), "the worker to stop once its scheduler is gone");
        Assert.False(await worker.ReportLeavingAsync("it is out of memory", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task SpillCountersAndDroppedResults_ReachTheSchedulerThroughHeartbeatsAndTheTaskStream()
    {
        await using Scheduler scheduler = await Scheduler.StartAsync();
        await using Worker worker = await Worker.StartAsync(new WorkerOptions
        {
            SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1,
            MemoryLimit = 8 << 20, // target 0.6: above 4.8 MiB of results it spills
            Memory = new MemoryThresholds(Recompute: false), // cheap results would be dropped, not written
        });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<double[]>[] parts = client.Map((int i) => Enumerable.Range(0, 1 << 17).Select(j => (double)(i * j)).ToArray(), Enumerable.Range(0, 12));
        Client.Wait(parts, TimeSpan.FromSeconds(60));
        await Eventually.True(() => worker.Results.SpilledCount > 0 && !worker.Results.WritesPending, TimeSpan.FromSeconds(30), "the worker to spill results");
        Assert.Equal(12, client.Gather(parts).Length); // reading them all back reads the spilled ones from disk
        Assert.True(worker.Results.DiskBytesRead > 0, "gathering read spilled results back from disk");
        Key dropped = new("x-1", 4);
        worker.NoteDropped(dropped, 1 << 20);
        Assert.Equal((dropped, 1L << 20), (worker.DroppedStory.Single().Key, worker.DroppedStory.Single().NBytes));

        await Eventually.True(
            () => scheduler.Snapshot().Workers.SingleOrDefault() is { } w
                && (w.DiskWriteBytes, w.DiskReadBytes, w.DroppedBytes) == (worker.Results.DiskBytesWritten, worker.Results.DiskBytesRead, worker.Results.DroppedBytes),
            TimeSpan.FromSeconds(30),
            "a heartbeat carrying the store's spill counters");
        await Eventually.True(
            () => scheduler.TaskStream.Since(0, 100).Any(e => e is { Kind: ActionKind.RecomputeDrop, NBytes: 1 << 20 } && e.Worker == worker.Address && e.Key == dropped),
            TimeSpan.FromSeconds(30),
            "a recompute-drop bar in the task stream naming ('x-1', 4)");

        // The spills and reads back name their keys too; only results that were computed here spill.
        IReadOnlyList<TaskStreamEntry> io = [.. scheduler.TaskStream.Since(0, 1000).Where(e => e.Kind is ActionKind.DiskWrite or ActionKind.DiskRead)];
        Assert.NotEmpty(io);
        Assert.All(io, e => Assert.Contains(e.Key, parts.Select(p => p.Key)));

        // The dashboard's task stream carries the key to the bar (its hover text names it).
        IReadOnlyList<TaskStreamEntry> all = scheduler.TaskStream.Since(0, 1000, out long next);
        using JsonDocument stream = JsonDocument.Parse(DashboardJson.Write(w => DashboardJson.Stream(w, all, next)));
        JsonElement bar = stream.RootElement.GetProperty("entries").EnumerateArray().Single(e => e[2].GetInt32() == (int)ActionKind.RecomputeDrop);
        Assert.Equal(("('x-1', 4)", 1L << 20), (bar[6].GetString(), bar[7].GetInt64()));
    }

    private sealed record Ballast(long Bytes);

    private static int Inc(int x) => x + 1;

    [Fact]
    public async Task AClusterWhoseWorkersAreAllPaused_TellsTheClientWhy_AndThatItResumed()
    {
        SizeOf.Register<Ballast>(b => b.Bytes);
        await using Scheduler scheduler = await Scheduler.StartAsync();
        await using Worker worker = await Worker.StartAsync(new WorkerOptions
        {
            SchedulerAddress = scheduler.Address,
            Secret = scheduler.Secret,
            Threads = 1,
            MemoryLimit = 20 << 20, // pause at 16 MiB held; Ballast cannot spill (no serializer)
            Memory = new MemoryThresholds(Recompute: false), // nor be dropped to be rebuilt
        });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        var warned = new TaskCompletionSource<ClusterNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resumed = new TaskCompletionSource<ClusterNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ClusterNoticeReceived += (_, n) => (n.IsWarning ? warned : resumed).TrySetResult(n);

        Future<Ballast>[] heavy = client.Map((int i) => new Ballast(5 << 20), Enumerable.Range(0, 4));
        Client.Wait(heavy, TimeSpan.FromSeconds(30));
        await Eventually.True(() => worker.Paused, TimeSpan.FromSeconds(30), "20 MiB of unspillable results to pause a worker limited to 20 MiB");
        Future<int> waiting = client.Submit(Inc, 1);

        ClusterNotice notice = await warned.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ClusterNoticeMessage.AllPaused, notice.Kind);
        Assert.StartsWith($"The only worker is paused: its memory is above the pause threshold ({worker.Address}: process ", notice.Message, StringComparison.Ordinal);
        Assert.Contains("of its 20.00 MiB limit, 20.00 MiB of results in memory). 1 task waits", notice.Message, StringComparison.Ordinal);
        Assert.Equal(notice.Message, client.LastClusterWarning);

        foreach (Future f in heavy)
        {
            f.Dispose(); // the scheduler frees them on the worker, which resumes
        }

        Assert.Equal(2, waiting.Result(TimeSpan.FromSeconds(30)));
        ClusterNotice over = await resumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal($"Workers run tasks again: {worker.Address} is no longer paused.", over.Message);
        Assert.Null(client.LastClusterWarning);
    }
}
