using DaskSharp.Distributed.Working;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

/// <summary>The bare worker state machine: events in, exact instructions out.</summary>
public class WorkerStateTests
{
    private static readonly Key A = new("a");
    private static readonly Key B = new("b");
    private static readonly Key C = new("c");
    private static readonly Dictionary<Key, string[]> None = [];

    [Fact]
    public void Task_WithoutInputs_RunsAndReports()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        Assert.Equal([new Execute(A, "s1")], w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1")));
        Assert.Equal([new SendTaskFinished(A, 80, "s2")], w.Handle(new ExecuteSuccessEvent(A, 80, "s2")));
        Assert.Equal(WorkerTaskState.Memory, w.StateOf(A));
        Assert.Equal(80, w.NBytes);
    }

    [Fact]
    public void Inputs_AreFetchedOnePeerRequestAtATime_ThenTheTaskRuns()
    {
        var w = new WorkerState(2) { ValidateEachStep = true };
        var whoHas = new Dictionary<Key, string[]> { [A] = ["peer-1"], [B] = ["peer-1"] };
        Assert.Equal([new GatherDep("peer-1", [A, B], "s1")], w.Handle(new ComputeTaskEvent(C, (1, 2), whoHas, "s1")));
        Assert.Equal(WorkerTaskState.Flight, w.StateOf(A));
        Assert.Equal(WorkerTaskState.Waiting, w.StateOf(C));

        Assert.Equal([new Execute(C, "s2")], w.Handle(new GatherDepSuccessEvent("peer-1", new Dictionary<Key, long> { [A] = 8, [B] = 8 }, "s2")));
        Assert.Equal(
            [(C, WorkerTaskState.Released, WorkerTaskState.Waiting, "s1"), (C, WorkerTaskState.Waiting, WorkerTaskState.Ready, "s2"), (C, WorkerTaskState.Ready, WorkerTaskState.Executing, "s2")],
            w.Story(C));
    }

    [Fact]
    public void FailedFetch_TriesAnotherHolder_ThenReportsMissingData()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(B, (1, 1), new Dictionary<Key, string[]> { [A] = ["p1", "p2"] }, "s1"));
        Assert.Equal([new GatherDep("p2", [A], "s2")], w.Handle(new GatherDepFailureEvent("p1", [A], "s2")));
        Assert.Equal([new SendMissingData(A, ["p1", "p2"], "s3")], w.Handle(new GatherDepFailureEvent("p2", [A], "s3")));
        Assert.Equal(WorkerTaskState.Waiting, w.StateOf(B));
    }

    [Fact]
    public void AnInputMissingFromEveryHolder_IsFetchedFromTheHolderTheSchedulerNamesWhenItSendsTheTaskAgain()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        Assert.Equal([new GatherDep("p1", [A], "s1")], w.Handle(new ComputeTaskEvent(B, (1, 1), new Dictionary<Key, string[]> { [A] = ["p1"] }, "s1")));
        Assert.Equal([new SendMissingData(A, ["p1"], "s2")], w.Handle(new GatherDepFailureEvent("p1", [A], "s2")));
        Assert.Equal((WorkerTaskState.Released, WorkerTaskState.Waiting), (w.StateOf(A), w.StateOf(B)));

        // Before, B waited for A forever: nothing here asked for it again.
        Assert.Equal([new GatherDep("p3", [A], "s3")], w.Handle(new ComputeTaskEvent(B, (1, 1), new Dictionary<Key, string[]> { [A] = ["p3"] }, "s3")));
        Assert.Equal([new Execute(B, "s4")], w.Handle(new GatherDepSuccessEvent("p3", new Dictionary<Key, long> { [A] = 8 }, "s4")));
        Assert.Equal(
            [(A, WorkerTaskState.Released, WorkerTaskState.Fetch, "s1"), (A, WorkerTaskState.Fetch, WorkerTaskState.Flight, "s1"), (A, WorkerTaskState.Flight, WorkerTaskState.Released, "s2"),
             (A, WorkerTaskState.Released, WorkerTaskState.Fetch, "s3"), (A, WorkerTaskState.Fetch, WorkerTaskState.Flight, "s3"), (A, WorkerTaskState.Flight, WorkerTaskState.Memory, "s4")],
            w.Story(A));
    }

    [Fact]
    public void ComputeOfAKeyInFlight_RunsItWhenTheFetchFails()
    {
        // The peer holding A died: the scheduler asks this worker (fetching A for B) to compute A.
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(B, (1, 1), new Dictionary<Key, string[]> { [A] = ["p1"] }, "s1"));
        Assert.Empty(w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s2")));
        Assert.Equal([new Execute(A, "s3")], w.Handle(new GatherDepFailureEvent("p1", [A], "s3")));
        Assert.Equal([new SendTaskFinished(A, 8, "s4"), new Execute(B, "s4")], w.Handle(new ExecuteSuccessEvent(A, 8, "s4")));
    }

    [Fact]
    public void ComputeOfAKeyInFlight_ReportsTheFetchedCopyAsItsResult()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(B, (1, 1), new Dictionary<Key, string[]> { [A] = ["p1"] }, "s1"));
        Assert.Empty(w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s2")));
        Assert.Equal([new SendTaskFinished(A, 8, "s3"), new Execute(B, "s3")], w.Handle(new GatherDepSuccessEvent("p1", new Dictionary<Key, long> { [A] = 8 }, "s3")));
    }

    [Fact]
    public void ReadyTasks_RunInPriorityOrder_OnAtMostThreads()
    {
        var w = new WorkerState(2) { ValidateEachStep = true };
        Key[] keys = [.. Enumerable.Range(0, 4).Select(i => new Key("x", i))];
        List<WorkerInstruction> first = w.Handle([.. keys.Reverse().Select((k, i) => (WorkerEvent)new ComputeTaskEvent(k, (1, 3 - i), None, "s1"))]);

        // Handled one event at a time: x3 and x2 arrive first and take the two threads.
        Assert.Equal([new Execute(keys[3], "s1"), new Execute(keys[2], "s1")], first);
        Assert.Equal(
            [new SendTaskFinished(keys[3], 1, "s2"), new Execute(keys[0], "s2")],
            w.Handle(new ExecuteSuccessEvent(keys[3], 1, "s2")));
    }

    [Fact]
    public void Error_IsReportedWithTheException()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1"));
        Assert.Equal([new SendTaskErred(A, "ValueError: bad", "tb", "s2")], w.Handle(new ExecuteFailureEvent(A, "ValueError: bad", "tb", "s2")));
        Assert.Equal(WorkerTaskState.Error, w.StateOf(A));
    }

    [Fact]
    public void FreeAndCancel_DropState()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1"), new ExecuteSuccessEvent(A, 8, "s2"));
        Assert.Empty(w.Handle(new FreeKeysEvent([A], "s3")));
        Assert.Equal(WorkerTaskState.Released, w.StateOf(A));
        Assert.Equal(0, w.NBytes);

        w.Handle(new ComputeTaskEvent(C, (1, 0), new Dictionary<Key, string[]> { [B] = ["p"] }, "s4"));
        Assert.Empty(w.Handle(new CancelComputeEvent(C, "s5")));
        Assert.Equal(WorkerTaskState.Released, w.StateOf(C));
    }

    [Fact]
    public void Paused_StartsNoTaskAndFetchesNothing_UntilUnpaused()
    {
        var w = new WorkerState(2) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1"));
        Assert.Empty(w.Handle(new PauseEvent("s2")));
        Assert.True(w.Paused);

        // Asked for more while paused: nothing runs, nothing is fetched; the running task may finish.
        Assert.Empty(w.Handle(new ComputeTaskEvent(B, (1, 1), None, "s3")));
        Assert.Empty(w.Handle(new ComputeTaskEvent(C, (1, 2), new Dictionary<Key, string[]> { [new Key("d")] = ["p1"] }, "s4")));
        Assert.Equal([new SendTaskFinished(A, 8, "s5")], w.Handle(new ExecuteSuccessEvent(A, 8, "s5")));
        Assert.Equal(WorkerTaskState.Ready, w.StateOf(B));
        Assert.Equal(WorkerTaskState.Fetch, w.StateOf(new Key("d")));

        Assert.Equal([new Execute(B, "s6"), new GatherDep("p1", [new Key("d")], "s6")], w.Handle(new UnpauseEvent("s6")));
        Assert.False(w.Paused);
    }

    [Fact]
    public void Steal_GivesUpATaskNotStarted_AndKeepsARunningOne()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1"), new ComputeTaskEvent(B, (1, 1), None, "s2"));
        Assert.Equal(WorkerTaskState.Executing, w.StateOf(A));
        Assert.Equal(WorkerTaskState.Ready, w.StateOf(B));
        Assert.Equal([new SendStealResponse(B, true, "s3")], w.Handle(new StealRequestEvent(B, "s3")));
        Assert.Equal(WorkerTaskState.Released, w.StateOf(B));
        Assert.Equal([new SendStealResponse(A, false, "s4")], w.Handle(new StealRequestEvent(A, "s4")));
        Assert.Equal(WorkerTaskState.Executing, w.StateOf(A));
    }

    [Fact]
    public void PutData_ServesAWaitingTask_AndCopiesKeepTheirSizes()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(C, (1, 0), new Dictionary<Key, string[]> { [A] = ["p1"], [B] = ["p2"] }, "s1"));

        // A retiring worker's results arrive by acquire/put-data while A is in flight and B not yet asked for.
        Assert.Equal([new Execute(C, "s2")], w.Handle(new PutDataEvent(new Dictionary<Key, long> { [A] = 16, [B] = 24 }, "s2")));
        Assert.Equal(40, w.NBytes);
        Assert.Equal(2, w.InMemory);

        // The late reply from p1 changes nothing.
        Assert.Empty(w.Handle(new GatherDepSuccessEvent("p1", new Dictionary<Key, long> { [A] = 16 }, "s3")));
        Assert.Equal(40, w.NBytes);
    }

    [Fact]
    public void AnInputThePeerLost_IsFetchedFromTheNextHolder_ThenReportedMissing()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(C, (1, 0), new Dictionary<Key, string[]> { [A] = ["p1", "p2"], [B] = ["p1"] }, "s1"));

        // p1 sends B but no longer has A.
        Assert.Equal([new GatherDep("p2", [A], "s3")], w.Handle(new GatherDepSuccessEvent("p1", new Dictionary<Key, long> { [B] = 8 }, "s2"), new GatherDepFailureEvent("p1", [A], "s3")).Skip(0).ToList());
        Assert.Equal([new SendMissingData(A, ["p1", "p2"], "s4")], w.Handle(new GatherDepFailureEvent("p2", [A], "s4")));
        Assert.Equal(WorkerTaskState.Waiting, w.StateOf(C));
        Assert.Equal(WorkerTaskState.Memory, w.StateOf(B));
    }

    [Fact]
    public void AnInputThatCannotTravel_ErrsTheTasksWaitingForIt()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(C, (1, 0), new Dictionary<Key, string[]> { [A] = ["p1"] }, "s1"));
        Assert.Equal(
            [new SendTaskErred(C, "NotSupportedException: A is a Uri", string.Empty, "s2")],
            w.Handle(new GatherDepRefusedEvent("p1", [(A, "A is a Uri")], "s2")));
        Assert.Equal(WorkerTaskState.Error, w.StateOf(C));
        Assert.Equal(WorkerTaskState.Released, w.StateOf(A));
    }

    [Fact]
    public void ACancelledTask_StopsTheFetchOfItsInputs()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new PauseEvent("s0"), new ComputeTaskEvent(C, (1, 0), new Dictionary<Key, string[]> { [A] = ["p1"] }, "s1"));
        Assert.Equal(WorkerTaskState.Fetch, w.StateOf(A));
        Assert.Empty(w.Handle(new CancelComputeEvent(C, "s2")));
        Assert.Equal(WorkerTaskState.Released, w.StateOf(A));
        Assert.Empty(w.Handle(new UnpauseEvent("s3")));
    }

    [Fact]
    public void RunSpecs_TravelOnInstructions_AndTimingsAndErrorsOnEvents()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        object spec = new object();
        var timing = new Protocol.TaskTiming(10.5, 10.75, 0);
        Execute run = Assert.IsType<Execute>(Assert.Single(w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1") { RunSpec = spec })));
        Assert.Same(spec, run.RunSpec);
        SendTaskFinished done = Assert.IsType<SendTaskFinished>(Assert.Single(w.Handle(new ExecuteSuccessEvent(A, 8, "s2") { Timing = timing })));
        Assert.Equal(timing, done.Timing);

        object error = new object();
        w.Handle(new ComputeTaskEvent(B, (1, 1), None, "s3") { RunSpec = spec });
        SendTaskErred erred = Assert.IsType<SendTaskErred>(Assert.Single(w.Handle(new ExecuteFailureEvent(B, "ValueError: bad", "tb", "s4") { Timing = timing, Error = error })));
        Assert.Equal(timing, erred.Timing);
        Assert.Same(error, erred.Error);

        // A result that was here already reports no run.
        Assert.Equal(Protocol.TaskTiming.Unknown, Assert.IsType<SendTaskFinished>(Assert.Single(w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s5")))).Timing);
    }
}
