using DaskSharp.Distributed.Working;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests.Shuffle;

/// <summary>
/// A task that failed here in a run the scheduler took back (a restarted shuffle's barrier or
/// transfer) while the scheduler holds its result elsewhere: a task here that needs it fetches it,
/// instead of waiting for it forever. Exact instructions on the bare worker state machine.
/// </summary>
public sealed class WorkerStateRerunTests
{
    private static readonly Key A = new("shuffle-barrier-x");
    private static readonly Key B = new("shuffle-x", 4);
    private static readonly Dictionary<Key, string[]> None = [];

    [Fact]
    public void InputThatFailedHere_IsFetchedFromTheHolderTheSchedulerNames()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        Assert.Equal([new Execute(A, "s1")], w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1")));
        Assert.Equal([new SendTaskErred(A, "ShuffleRestartedException: run 4 was restarted", "", "s2")], w.Handle(new ExecuteFailureEvent(A, "ShuffleRestartedException: run 4 was restarted", "", "s2")));
        Assert.Equal(WorkerTaskState.Error, w.StateOf(A));

        Assert.Equal([new GatherDep("p1", [A], "s3")], w.Handle(new ComputeTaskEvent(B, (1, 1), new Dictionary<Key, string[]> { [A] = ["p1"] }, "s3")));
        Assert.Equal([new Execute(B, "s4")], w.Handle(new GatherDepSuccessEvent("p1", new Dictionary<Key, long> { [A] = 8 }, "s4")));
    }

    [Fact]
    public void InputStillRunningHere_ThatFails_IsFetchedInstead()
    {
        var w = new WorkerState(2) { ValidateEachStep = true };
        Assert.Equal([new Execute(A, "s1")], w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1")));

        // The scheduler took A back and ran it on p1; B here waits for the run of A still going here.
        Assert.Empty(w.Handle(new ComputeTaskEvent(B, (1, 1), new Dictionary<Key, string[]> { [A] = ["p1"] }, "s2")));
        Assert.Equal(WorkerTaskState.Waiting, w.StateOf(B));

        Assert.Equal(
            [new SendTaskErred(A, "ShuffleRestartedException: stale", "", "s3"), new GatherDep("p1", [A], "s3")],
            w.Handle(new ExecuteFailureEvent(A, "ShuffleRestartedException: stale", "", "s3")));
        Assert.Equal([new Execute(B, "s4")], w.Handle(new GatherDepSuccessEvent("p1", new Dictionary<Key, long> { [A] = 8 }, "s4")));
    }

    [Fact]
    public void FailedTask_NobodyHereWaitsFor_StaysErred()
    {
        var w = new WorkerState(1) { ValidateEachStep = true };
        w.Handle(new ComputeTaskEvent(A, (1, 0), None, "s1"));
        Assert.Equal([new SendTaskErred(A, "Boom", "", "s2")], w.Handle(new ExecuteFailureEvent(A, "Boom", "", "s2")));
        Assert.Equal(WorkerTaskState.Error, w.StateOf(A));
    }
}
