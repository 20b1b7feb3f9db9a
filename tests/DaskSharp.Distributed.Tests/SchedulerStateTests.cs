using DaskSharp.Distributed.Scheduling;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

/// <summary>The bare scheduler state machine: events in, exact instructions out, invariants after every step.</summary>
public class SchedulerStateTests
{
    private static readonly Key A = new("a");
    private static readonly Key B = new("b");
    private static readonly Key C = new("c");

    private static readonly Dictionary<Key, string[]> None = [];

    private static List<SchedulerInstruction> Step(SchedulerState state, params SchedulerEvent[] events)
    {
        List<SchedulerInstruction> result = state.Handle(events);
        state.Validate();
        return result;
    }

    private static UpdateGraphEvent Chain(string stimulus, string client = "client-1") => new(
        client,
        [new TaskSubmission(A, [], 0), new TaskSubmission(B, [A], 1)],
        [B],
        stimulus);

    [Fact]
    public void Chain_RunsInOrder_ReportsAndFreesInputs()
    {
        var s = new SchedulerState();
        Assert.Empty(Step(s, new AddWorkerEvent("w1", 2, 1 << 30, "s0")));

        Assert.Equal([new ComputeTask("w1", A, (1, 0), None, "s1")], Step(s, Chain("s1")));
        Assert.Equal(TaskState.Waiting, s.Tasks[B].State);

        Assert.Equal(
            [new ComputeTask("w1", B, (1, 1), new Dictionary<Key, string[]> { [A] = ["w1"] }, "s2")],
            Step(s, new TaskFinishedEvent(A, "w1", 80, "s2")));

        Assert.Equal(
            [new ReportKey("client-1", B, TaskState.Memory, null, "s3"), new FreeKeys("w1", [A], "s3")],
            Step(s, new TaskFinishedEvent(B, "w1", 8, "s3")));
        Assert.Equal(TaskState.Released, s.Tasks[A].State);

        Assert.Equal(
            [(A, TaskState.Released, TaskState.Waiting, "s1"), (A, TaskState.Waiting, TaskState.Processing, "s1"),
             (A, TaskState.Processing, TaskState.Memory, "s2"), (A, TaskState.Memory, TaskState.Released, "s3")],
            s.Story(A));
    }

    [Fact]
    public void NoWorkers_TasksWaitUntilOneArrives()
    {
        var s = new SchedulerState();
        Assert.Empty(Step(s, Chain("s1")));
        Assert.Equal(TaskState.NoWorker, s.Tasks[A].State);
        Assert.Equal([new ComputeTask("w1", A, (1, 0), None, "s2")], Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s2")));
    }

    private static WorkerMemoryEvent Beat(string worker, bool paused, string stimulus) => new(worker, paused, 0, 0, stimulus);

    [Fact]
    public void PausedWorker_GetsNoNewTasks_AndItsShareGoesOutWhenItResumes()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"));
        Assert.Empty(Step(s, Beat("w1", paused: true, "s1")));
        Assert.False(s.Workers["w1"].TakesTasks);

        // Root tasks fill the running worker's two slots; the third waits in the queue, not on w1.
        Assert.Equal(
            [new ComputeTask("w2", A, (1, 0), None, "s2"), new ComputeTask("w2", B, (1, 1), None, "s2")],
            Step(s, new UpdateGraphEvent("client-1", [new(A, [], 0), new(B, [], 1), new(C, [], 2)], [A, B, C], "s2")));
        Assert.Equal(TaskState.Queued, s.Tasks[C].State);

        Assert.Equal([new ComputeTask("w1", C, (1, 2), None, "s3")], Step(s, Beat("w1", paused: false, "s3")));
        Assert.Empty(Step(s, Beat("w1", paused: false, "s4"))); // a heartbeat that changes nothing places nothing
    }

    [Fact]
    public void ATaskReadyWhileEveryWorkerIsPaused_WaitsWithoutAWorker_NotOnAPausedOne()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), Chain("s1"));
        Step(s, Beat("w1", paused: true, "s2"));

        List<SchedulerInstruction> finished = Step(s, new TaskFinishedEvent(A, "w1", 80, "s3"));
        Assert.DoesNotContain(finished, i => i is ComputeTask);
        Assert.Equal(TaskState.NoWorker, s.Tasks[B].State);

        Assert.Equal(
            new ComputeTask("w1", B, (1, 1), new Dictionary<Key, string[]> { [A] = ["w1"] }, "s4"),
            Step(s, Beat("w1", paused: false, "s4"))[0]);
    }

    [Fact]
    public void APausedWorkersWaitingTasks_MayBeStolen_ByARunningWorker()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 2, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("client-1", [new(A, [], 0), new(B, [], 1)], [A, B], "s1"));
        Step(s, new AddWorkerEvent("w2", 1, 1 << 30, "s2"));
        Assert.Empty(Step(s, new BalanceEvent("s3"))); // w1 runs both at once: nothing to gain

        Step(s, Beat("w1", paused: true, "s4"));
        Assert.Equal([new StealRequest("w1", B, "w2", "s5")], Step(s, new BalanceEvent("s5")));
        Assert.Empty(Step(s, new BalanceEvent("s6"))); // w2's one thread is spoken for
    }

    [Fact]
    public void APausedWorker_IsNeverAThief()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("client-1", [new(A, [], 0), new(B, [], 1)], [A, B], "s1"));
        Step(s, new AddWorkerEvent("w2", 1, 1 << 30, "s2"), Beat("w2", paused: true, "s2"));
        Assert.Empty(Step(s, new BalanceEvent("s3")));
        Step(s, Beat("w2", paused: false, "s4"));
        Assert.Equal([new StealRequest("w1", B, "w2", "s5")], Step(s, new BalanceEvent("s5")));
    }

    [Fact]
    public void Error_PropagatesToDependents_WithTheOriginalException()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), Chain("s1"));
        Assert.Equal(
            [new ReportKey("client-1", B, TaskState.Erred, "ZeroDivisionError: division by zero", "s2")],
            Step(s, new TaskErredEvent(A, "w1", "ZeroDivisionError: division by zero", "tb", "s2")));
        Assert.Equal(TaskState.Erred, s.Tasks[A].State);
        Assert.Equal("ZeroDivisionError: division by zero", s.Tasks[B].Exception);

        // A client asking again later is told at once.
        Assert.Equal(
            [new ReportKey("client-2", B, TaskState.Erred, "ZeroDivisionError: division by zero", "s3")],
            Step(s, new UpdateGraphEvent("client-2", [], [B], "s3")));
    }

    [Fact]
    public void Retries_RunTheTaskAgain()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0, Retries: 1)], [A], "s1"));
        Assert.Equal([new ComputeTask("w1", A, (1, 0), None, "s2")], Step(s, new TaskErredEvent(A, "w1", "flaky", "", "s2")));
        Assert.Equal([new ReportKey("c", A, TaskState.Erred, "flaky", "s3")], Step(s, new TaskErredEvent(A, "w1", "flaky", "", "s3")));
    }

    [Fact]
    public void WorkerDeath_ReschedulesItsTasks_AndThreeDeathsMakeKilledWorker()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0)], [A], "s1"));
        Step(s, new AddWorkerEvent("w2", 1, 1 << 30, "s2"), new AddWorkerEvent("w3", 1, 1 << 30, "s2"));

        Assert.Equal([new ComputeTask("w2", A, (1, 0), None, "s3")], Step(s, new RemoveWorkerEvent("w1", "s3")));
        Assert.Equal([new ComputeTask("w3", A, (1, 0), None, "s4")], Step(s, new RemoveWorkerEvent("w2", "s4")));
        List<SchedulerInstruction> last = Step(s, new AddWorkerEvent("w4", 1, 1 << 30, "s5"), new RemoveWorkerEvent("w3", "s6"));
        var report = Assert.IsType<ReportKey>(Assert.Single(last));
        Assert.Equal(TaskState.Erred, report.State);
        Assert.StartsWith("KilledWorkerException: Attempted to run task a on 3 different workers", report.Exception);
    }

    [Fact]
    public void LostResult_IsRecomputedFromLineage()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0), new TaskSubmission(B, [A], 1), new TaskSubmission(C, [A], 2)], [B, C], "s1"));
        string first = s.Tasks[A].ProcessingOn!;
        Step(s, new TaskFinishedEvent(A, first, 8, "s2")); // b and c start
        string bHolder = s.Tasks[B].ProcessingOn!;
        Step(s, new TaskFinishedEvent(B, bHolder, 8, "s3"));

        // The only holder of a dies while c still needs it: c is cancelled, a recomputed, then c —
        // and b too, if the dead worker was the only one holding it.
        string survivor = first == "w1" ? "w2" : "w1";
        List<SchedulerInstruction> after = Step(s, new RemoveWorkerEvent(first, "s4"));
        Assert.Contains(new ComputeTask(survivor, A, (1, 0), None, "s4"), after);
        Assert.Equal(TaskState.Processing, s.Tasks[A].State);
        Assert.Equal(TaskState.Waiting, s.Tasks[C].State);
        var fromA = new Dictionary<Key, string[]> { [A] = [survivor] };
        List<SchedulerInstruction> expected = bHolder == first
            ? [new ComputeTask(survivor, B, (1, 1), fromA, "s5"), new ComputeTask(survivor, C, (1, 2), fromA, "s5")]
            : [new ComputeTask(survivor, C, (1, 2), fromA, "s5")];
        Assert.Equal(expected, Step(s, new TaskFinishedEvent(A, survivor, 8, "s5")));
    }

    [Fact]
    public void MissingData_OfTheOnlyHolder_IsRecomputedAndItsDependentWaitsForIt()
    {
        var s = new SchedulerState();
        Key x = new("x");
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0), new TaskSubmission(x, [], 1), new TaskSubmission(C, [A, x], 2)], [C], "s1"));
        string aOn = s.Tasks[A].ProcessingOn!;
        string xOn = s.Tasks[x].ProcessingOn!;
        Assert.NotEqual(aOn, xOn);
        Step(s, new TaskFinishedEvent(A, aOn, 8, "s2"));
        Assert.Equal(
            [new ComputeTask(xOn, C, (1, 2), new Dictionary<Key, string[]> { [A] = [aOn], [x] = [xOn] }, "s3")],
            Step(s, new TaskFinishedEvent(x, xOn, 1 << 20, "s3"))); // c goes where its big input is

        // The worker running c could fetch a from none of its holders: a is recomputed, c waits for it.
        Assert.Equal(
            [new FreeKeys(aOn, [A], "s4"), new CancelCompute(xOn, C, "s4"), new ComputeTask(aOn, A, (1, 0), None, "s4")],
            Step(s, new MissingDataEvent(A, xOn, [aOn], "s4")));
        Assert.Equal(TaskState.Waiting, s.Tasks[C].State);
        Assert.Equal(
            [new ComputeTask(xOn, C, (1, 2), new Dictionary<Key, string[]> { [A] = [aOn], [x] = [xOn] }, "s5")],
            Step(s, new TaskFinishedEvent(A, aOn, 8, "s5")));

        // A report about a holder that is not one tells the asker where the key is; one about a key not in memory changes nothing.
        Assert.Equal(
            [new ComputeTask(xOn, C, (1, 2), new Dictionary<Key, string[]> { [A] = [aOn], [x] = [xOn] }, "s6")],
            Step(s, new MissingDataEvent(A, xOn, ["w9"], "s6")));
        Assert.Empty(Step(s, new MissingDataEvent(C, xOn, [aOn], "s7")));
    }

    [Fact]
    public void MissingData_WhileACopyTheAskerWasNotToldOfRemains_SendsItsTaskAgainWithTheHoldersNow()
    {
        var s = new SchedulerState();
        Key x = new("x");
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"), new AddWorkerEvent("w3", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0), new TaskSubmission(x, [], 1), new TaskSubmission(C, [A, x], 2)], [C], "s1"));
        string aOn = s.Tasks[A].ProcessingOn!;
        string xOn = s.Tasks[x].ProcessingOn!;
        string third = new[] { "w1", "w2", "w3" }.Single(w => w != aOn && w != xOn);
        Step(s, new TaskFinishedEvent(A, aOn, 8, "s2"));
        Assert.Equal(
            [new ComputeTask(xOn, C, (1, 2), new Dictionary<Key, string[]> { [A] = [aOn], [x] = [xOn] }, "s3")],
            Step(s, new TaskFinishedEvent(x, xOn, 1 << 20, "s3")));

        // A copy of a reaches the third worker (as a retiring worker's results do) after c was sent
        // to xOn, which knows only aOn; aOn then fails it. c is sent again, naming the copy.
        Assert.Empty(Step(s, new AddReplicasEvent(third, [(A, 8)], "s4")));
        Assert.Equal(
            [new FreeKeys(aOn, [A], "s5"), new ComputeTask(xOn, C, (1, 2), new Dictionary<Key, string[]> { [A] = [third], [x] = [xOn] }, "s5")],
            Step(s, new MissingDataEvent(A, xOn, [aOn], "s5")));
        Assert.Equal((TaskState.Memory, TaskState.Processing), (s.Tasks[A].State, s.Tasks[C].State));
        Assert.Equal(
            [new ReportKey("c", C, TaskState.Memory, null, "s6"), new FreeKeys(third, [A], "s6"), new FreeKeys(xOn, [x], "s6")],
            Step(s, new TaskFinishedEvent(C, xOn, 8, "s6")));
    }

    [Fact]
    public void MissingScatteredData_ErrsWhatNeedsIt()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"));
        Step(s, new UpdateDataEvent("c", [(A, 8)], ["w1"], "s1"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(B, [A], 0)], [B], "s2"));
        List<SchedulerInstruction> lost = Step(s, new MissingDataEvent(A, "w2", ["w1"], "s3"));
        Assert.Contains(new FreeKeys("w1", [A], "s3"), lost);
        Assert.Equal(TaskState.Erred, s.Tasks[A].State);
        Assert.Equal(TaskState.Erred, s.Tasks[B].State);
        ReportKey report = Assert.Single(lost.OfType<ReportKey>(), r => r.Key == B);
        Assert.Equal("LostDataException: a was on w1, and w2 could fetch it from none of them.", report.Exception);
    }

    [Fact]
    public void RootTasks_AreQueuedBeyondWorkerSaturation_AndFedInPriorityOrder()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0")); // ceil(1.1 × 1) = 2 slots
        Key[] keys = [.. Enumerable.Range(0, 5).Select(i => new Key("x", i))];
        List<SchedulerInstruction> start = Step(s, new UpdateGraphEvent("c", [.. keys.Select((k, i) => new TaskSubmission(k, [], i))], keys, "s1"));
        Assert.Equal([keys[0], keys[1]], start.Cast<ComputeTask>().Select(c => c.Key));
        Assert.Equal(3, s.Tasks.Values.Count(t => t.State == TaskState.Queued));

        List<SchedulerInstruction> next = Step(s, new TaskFinishedEvent(keys[0], "w1", 8, "s2"));
        Assert.Equal(
            [new ReportKey("c", keys[0], TaskState.Memory, null, "s2"), new ComputeTask("w1", keys[2], (1, 2), None, "s2")],
            next);
    }

    [Theory]
    [InlineData(2e-6, 16, 64)]           // 2 µs, 16 bytes: a round trip's worth, capped at 64 a thread
    [InlineData(50e-6, 16, 20)]          // 50 µs: 20 cover 1 ms
    [InlineData(200e-6, 16, 2)]          // 200 µs is not far below a round trip: distributed's 2
    [InlineData(2e-6, 1 << 20, 2)]       // results of 1 MiB: 2
    [InlineData(2e-6, 4 << 10, 2621)]    // 4 KiB results: 1 % of 1 GiB holds 2621 of them (64 a thread × 64 threads allows 4096)
    public void TinyRootTasks_FillAWorkerForARoundTrip_BoundedByTheirMemory(double seconds, long nbytes, int expectedSlots)
    {
        int threads = nbytes == 4 << 10 ? 64 : 1;
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", threads, 1 << 30, "s0"));
        Key[] keys = [.. Enumerable.Range(0, 5000).Select(i => new Key("x", i))];
        List<SchedulerInstruction> start = Step(s, new UpdateGraphEvent("c", [.. keys.Select((k, i) => new TaskSubmission(k, [], i))], keys, "s1"));
        int first = (int)Math.Ceiling(threads * 1.1);
        Assert.Equal(first, start.Count); // nothing measured yet: distributed's rule

        // The first result tells the scheduler how long the prefix runs and how big its results are.
        Step(s, new TaskFinishedEvent(keys[0], "w1", nbytes, "s2") { Duration = seconds });
        Assert.Equal(expectedSlots, s.Workers["w1"].Processing.Count);
        Assert.Equal(5000 - 1 - expectedSlots, s.Tasks.Values.Count(t => t.State == TaskState.Queued));
    }

    [Fact]
    public void HandOverPlan_SpreadsARetiringWorkersUniqueResults_LeastLoadedFirst()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"), new AddWorkerEvent("w3", 1, 1 << 30, "s0"));
        Key d = new("d");
        Step(s, new UpdateDataEvent("c", [(A, 8), (B, 8), (C, 8)], ["w1"], "s1"));
        Step(s, new UpdateDataEvent("c", [(d, 1000)], ["w2"], "s2"));
        Step(s, new UpdateDataEvent("c", [(A, 8)], ["w3"], "s3")); // a is not unique to w1 any more

        Step(s, new RetireWorkerEvent("w1", "s4"));
        IReadOnlyList<(string Target, IReadOnlyList<Key> Keys)> plan = s.HandOverPlan("w1");
        Assert.Equal(["w3", "w2"], plan.Select(p => p.Target));
        Assert.Equal([B], plan[0].Keys);
        Assert.Equal([C], plan[1].Keys);
        Assert.Empty(s.HandOverPlan("w9"));
    }

    [Fact]
    public void AGraphReadingAKeyNobodyDefines_ErrsEveryWantedKeyAndKeepsNothing()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Key missing = new("missing");
        const string Error = "DaskSharp.Graphs.InvalidGraphException: Task c depends on missing, which is neither in the submitted graph nor on the cluster.";
        Assert.Equal(
            [new ReportKey("c1", B, TaskState.Erred, Error, "s1"), new ReportKey("c1", C, TaskState.Erred, Error, "s1")],
            Step(s, new UpdateGraphEvent("c1", [new TaskSubmission(A, [], 0), new TaskSubmission(B, [A], 1), new TaskSubmission(C, [B, missing], 2)], [B, C], "s1")));
        Assert.Empty(s.Tasks);

        // A dependency submitted earlier is known: the same graph without the stray key runs.
        Step(s, new UpdateGraphEvent("c1", [new TaskSubmission(A, [], 0)], [A], "s2"));
        Assert.Equal([new ComputeTask("w1", B, (2, 1), new Dictionary<Key, string[]> { [A] = ["w1"] }, "s4")], // the refused graph took no generation
            Step(s, new UpdateGraphEvent("c1", [new TaskSubmission(B, [A], 1)], [B], "s3"), new TaskFinishedEvent(A, "w1", 8, "s4")).OfType<ComputeTask>());
    }

    [Theory]
    [InlineData(TaskState.Processing, TaskState.Processing, true)]   // a steal moves a running-list entry to the thief
    [InlineData(TaskState.Processing, TaskState.Waiting, true)]      // its worker died
    [InlineData(TaskState.Queued, TaskState.Memory, true)]           // scattered over
    [InlineData(TaskState.Memory, TaskState.Processing, false)]
    [InlineData(TaskState.Erred, TaskState.Processing, false)]
    [InlineData(TaskState.Released, TaskState.Processing, false)]
    [InlineData(TaskState.Forgotten, TaskState.Memory, false)]
    [InlineData(TaskState.Waiting, TaskState.Forgotten, false)]
    public void Transitions_FollowTheTable(TaskState from, TaskState to, bool legal) => Assert.Equal(legal, SchedulerState.IsLegal(from, to));

    [Fact]
    public void Placement_PrefersTheWorkerThatHoldsTheInputs()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 4, 1 << 30, "s0"), new AddWorkerEvent("w2", 4, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0)], [A], "s1"));
        string holder = s.Tasks[A].ProcessingOn!;
        Step(s, new TaskFinishedEvent(A, holder, 500_000_000, "s2")); // 500 MB: moving it costs 5 s
        List<SchedulerInstruction> r = Step(s, new UpdateGraphEvent("c", [new TaskSubmission(B, [A], 0)], [B], "s3"));
        Assert.Equal(holder, Assert.IsType<ComputeTask>(Assert.Single(r)).Worker);
    }

    [Fact]
    public void ReleasingWantedKeys_FreesMemoryAndForgets()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0)], [A], "s1"));
        Step(s, new TaskFinishedEvent(A, "w1", 8, "s2"));
        Assert.Equal([new FreeKeys("w1", [A], "s3")], Step(s, new ReleaseKeysEvent("c", [A], "s3")));
        Assert.False(s.Tasks.ContainsKey(A));
        Assert.Equal(TaskState.Forgotten, s.Story(A)[^1].To);
    }

    [Fact]
    public void StaleReports_AreIgnored()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new TaskSubmission(A, [], 0)], [A], "s1"));
        string other = s.Tasks[A].ProcessingOn == "w1" ? "w2" : "w1";
        Assert.Empty(Step(s, new TaskFinishedEvent(A, other, 8, "s2")));
        Assert.Empty(Step(s, new TaskFinishedEvent(new Key("never"), "w1", 8, "s3")));
    }

    [Fact]
    public void Balance_StealsTasksAWorkerHasNotStarted_ForAnIdleWorker()
    {
        var s = new SchedulerState();
        Key data = new("data");
        Key[] t = [.. Enumerable.Range(0, 4).Select(i => new Key("t", i))];
        var onW1 = new Dictionary<Key, string[]> { [data] = ["w1"] };
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new UpdateDataEvent("client-1", [(data, 8)], ["w1"], "s1"));
        Assert.Equal(
            [.. t.Select((k, i) => new ComputeTask("w1", k, (2, i), onW1, "s2"))],
            Step(s, new UpdateGraphEvent("client-1", [.. t.Select((k, i) => new TaskSubmission(k, [data], i))], t, "s2")));

        Assert.Empty(Step(s, new AddWorkerEvent("w2", 1, 1 << 30, "s3")));
        Assert.Equal([new StealRequest("w1", t[3], "w2", "s4")], Step(s, new BalanceEvent("s4")));
        Assert.Empty(Step(s, new BalanceEvent("s5"))); // w2's one thread is already spoken for

        // w1 had not started t[3]: it gives it up, and t[3] moves to w2.
        Assert.Equal([new ComputeTask("w2", t[3], (2, 3), onW1, "s6")], Step(s, new StealResponseEvent(t[3], "w1", true, "s6")));
        Assert.Equal("w2", s.Tasks[t[3]].ProcessingOn);
        Assert.Empty(Step(s, new BalanceEvent("s7"))); // w2 is busy now

        // A third worker asks for t[2], but w1 has started it meanwhile: it stays.
        Step(s, new AddWorkerEvent("w3", 1, 1 << 30, "s8"));
        Assert.Equal([new StealRequest("w1", t[2], "w3", "s9")], Step(s, new BalanceEvent("s9")));
        Assert.Empty(Step(s, new StealResponseEvent(t[2], "w1", false, "s10")));
        Assert.Equal("w1", s.Tasks[t[2]].ProcessingOn);
        Assert.Null(s.Tasks[t[2]].StealingTo);
    }

    [Fact]
    public void Balance_WeighsMovingInputsAgainstMeasuredTaskDurations()
    {
        var s = new SchedulerState();
        Key big = new("big");
        Key[] q = [.. Enumerable.Range(0, 4).Select(i => new Key("q", i))];
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new UpdateDataEvent("client-1", [(big, 1_000_000_000)], ["w1"], "s1")); // 10 s to move at 100 MB/s
        Step(s, new UpdateGraphEvent("client-1", [.. q.Select((k, i) => new TaskSubmission(k, [big], i))], q, "s2"));
        Step(s, new AddWorkerEvent("w2", 1, 1 << 30, "s3"));

        // Unmeasured tasks count 0.5 s each: 4 × 0.5 s of waiting is less than 10 s of moving the input.
        Assert.Equal(0.5, s.ExpectedDuration("q"));
        Assert.Empty(Step(s, new BalanceEvent("s4")));

        // Measured at 100 s (then 50 s: each measurement weighs half), waiting is now far dearer than moving.
        Step(s, new TaskFinishedEvent(q[0], "w1", 8, "s5") { Duration = 100 });
        Assert.Equal(100, s.ExpectedDuration("q"));
        Assert.Equal([new StealRequest("w1", q[3], "w2", "s6")], Step(s, new BalanceEvent("s6")));
        Step(s, new TaskFinishedEvent(q[1], "w1", 8, "s7") { Duration = 0 });
        Assert.Equal(50, s.ExpectedDuration("q"));
    }

    [Fact]
    public void Placement_GoesToTheWorkerWithTheLeastExpectedWork()
    {
        var s = new SchedulerState();
        Key seed = new("seed");
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new AddWorkerEvent("w2", 1, 1 << 30, "s1"));
        Step(s, new UpdateDataEvent("client-1", [(seed, 8)], ["w1", "w2"], "s2"));

        // A long task (measured at 10 s) on w1 weighs more than two short ones (0.1 s) on w2.
        Key longOne = new("long", 0), calibrate = new("short", 0);
        Step(s, new UpdateGraphEvent("client-1", [new TaskSubmission(new Key("long", 9), [seed], 0)], [new Key("long", 9)], "s3"));
        Step(s, new TaskFinishedEvent(new Key("long", 9), s.Tasks[new Key("long", 9)].ProcessingOn!, 8, "s4") { Duration = 10 });
        Step(s, new UpdateGraphEvent("client-1", [new TaskSubmission(calibrate, [seed], 0)], [calibrate], "s5"));
        Step(s, new TaskFinishedEvent(calibrate, s.Tasks[calibrate].ProcessingOn!, 8, "s6") { Duration = 0.1 });

        Assert.Equal([new ComputeTask("w1", longOne, (4, 0), new Dictionary<Key, string[]> { [seed] = ["w1", "w2"] }, "s7")],
            Step(s, new UpdateGraphEvent("client-1", [new TaskSubmission(longOne, [seed], 0)], [longOne], "s7")));
        Key[] shorts = [new("short", 1), new("short", 2)];
        List<SchedulerInstruction> placed = Step(s, new UpdateGraphEvent("client-1", [.. shorts.Select((k, i) => new TaskSubmission(k, [seed], i))], shorts, "s8"));
        Assert.Equal(["w2", "w2"], placed.OfType<ComputeTask>().Select(c => c.Worker));
        Assert.Equal(10, s.Workers["w1"].Occupancy, 9);
        Assert.Equal(0.2, s.Workers["w2"].Occupancy, 9);
    }
}
