using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Shuffle;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests.Shuffle;

/// <summary>
/// The p2p shuffle on the bare state machines: the scheduler extension's runs, pins, restarts and
/// clean-up, and the scheduler state's restrictions and restarts, with exact instructions.
/// Two inputs (transfers t0, t1), a barrier b, two outputs (unpacks u0, u1) on workers w1 and w2.
/// </summary>
public sealed class ShuffleSchedulingTests
{
    private static readonly Key T0 = new("shuffle-transfer-x", 0);
    private static readonly Key T1 = new("shuffle-transfer-x", 1);
    private static readonly Key B = new("shuffle-barrier-x");
    private static readonly Key U0 = new("shuffle-x", 0);
    private static readonly Key U1 = new("shuffle-x", 1);
    private static readonly Dictionary<Key, string[]> None = [];

    private static List<SchedulerInstruction> Step(SchedulerState state, params SchedulerEvent[] events)
    {
        List<SchedulerInstruction> result = state.Handle(events);
        state.Validate();
        return result;
    }

    private static List<SchedulerInstruction> Step(SchedulerState state, ShuffleDecision decision) => Step(state, [.. decision.Events]);

    /// <summary>Workers w1, w2 with a thread each, the shuffle's graph submitted (s1), both transfers running.</summary>
    private static SchedulerState Submitted()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"), new AddWorkerEvent("w2", 1, 1 << 30, "s0"));
        Assert.Equal(
            [new ComputeTask("w1", T0, (1, 0), None, "s1"), new ComputeTask("w2", T1, (1, 1), None, "s1")],
            Step(s, new UpdateGraphEvent("c", [new(T0, [], 0), new(T1, [], 1), new(B, [T0, T1], 2), new(U0, [B], 3), new(U1, [B], 4)], [U0, U1], "s1")));
        return s;
    }

    [Fact]
    public void FirstTransfer_CreatesTheRun_AndPinsEachUnpackToItsOwner()
    {
        SchedulerState s = Submitted();
        var shuffles = new ShuffleSchedulerState();
        ShuffleDecision created = shuffles.GetOrCreate("x", 2, B, s, "s2");
        Assert.Equal(new ShuffleRun("x", 1, ["w1", "w2"]), created.Run);
        var pins = Assert.IsType<RestrictTasksEvent>(Assert.Single(created.Events));
        Assert.Equal([(U0, "w1"), (U1, "w2")], pins.Restrictions);
        Assert.Equal("s2", pins.StimulusId);
        Assert.Empty(Step(s, created));
        Assert.Equal(("w1", "w2"), (s.Tasks[U0].WorkerRestriction, s.Tasks[U1].WorkerRestriction));

        // The second transfer gets the same run and changes nothing.
        Assert.Equal(new ShuffleDecision(created.Run, null, [], []), shuffles.GetOrCreate("x", 2, B, s, "s3"));

        Assert.Empty(Step(s, new TaskFinishedEvent(T0, "w1", 8, "s4")));
        Assert.Equal([new ComputeTask("w1", B, (1, 2), new Dictionary<Key, string[]> { [T0] = ["w1"], [T1] = ["w2"] }, "s5")], Step(s, new TaskFinishedEvent(T1, "w2", 8, "s5")));

        // Without its pin u1 would follow the barrier's result to w1.
        Assert.Equal(
            [new ComputeTask("w1", U0, (1, 3), new Dictionary<Key, string[]> { [B] = ["w1"] }, "s6"), new ComputeTask("w2", U1, (1, 4), new Dictionary<Key, string[]> { [B] = ["w1"] }, "s6"),
             new FreeKeys("w1", [T0], "s6"), new FreeKeys("w2", [T1], "s6")],
            Step(s, new TaskFinishedEvent(B, "w1", 8, "s6")));
        Assert.Equal(new ShuffleDecision(created.Run, null, [], []), shuffles.Barrier("x", 1, consistent: true, B, "w1", s, "s7"));
    }

    [Fact]
    public void ParticipantLeaves_RestartsTheShuffle_AndTheNextTransferCreatesARunOnTheWorkersLeft()
    {
        SchedulerState s = Submitted();
        var shuffles = new ShuffleSchedulerState();
        Step(s, shuffles.GetOrCreate("x", 2, B, s, "s2"));
        Step(s, new TaskFinishedEvent(T0, "w1", 8, "s3"), new TaskFinishedEvent(T1, "w2", 8, "s3"), new TaskFinishedEvent(B, "w1", 8, "s4"));
        Assert.Equal((TaskState.Processing, "w2"), (s.Tasks[U1].State, s.Tasks[U1].ProcessingOn));

        // w2 dies: its unpack u1 waits for w2, which is gone...
        Assert.Empty(Step(s, new RemoveWorkerEvent("w2", "s5")));
        Assert.Equal(TaskState.NoWorker, s.Tasks[U1].State);

        // ... until the restart: the barrier's result goes, u0 stops, both transfers run again on w1, and the pins are lifted.
        ShuffleDecision restart = shuffles.WorkerRemoved("w2", s, "s5");
        Assert.Equal([new StopShuffleRun("w1", "x", 1, "the shuffle restarted: worker w2 left")], restart.Stops);
        Assert.Equal([new FreeKeys("w1", [B], "s5"), new CancelCompute("w1", U0, "s5"), new ComputeTask("w1", T0, (1, 0), None, "s5"), new ComputeTask("w1", T1, (1, 1), None, "s5")], Step(s, restart));
        Assert.Equal((TaskState.Waiting, TaskState.Waiting, TaskState.Waiting), (s.Tasks[B].State, s.Tasks[U0].State, s.Tasks[U1].State));
        Assert.Equal(((string?)null, (string?)null), (s.Tasks[U0].WorkerRestriction, s.Tasks[U1].WorkerRestriction));
        Assert.Empty(shuffles.Active);
        Assert.Equal(1, shuffles.Restarts);

        // A barrier of the old run is told it restarted; the next transfer gets run 2, all on w1.
        Assert.Equal("Shuffle x: run 1 was restarted (the current run is none).", shuffles.Barrier("x", 1, consistent: true, B, "w1", s, "s6").Error);
        Assert.Equal(1, shuffles.Restarts); // the barrier is not running: nothing restarts again
        ShuffleDecision next = shuffles.GetOrCreate("x", 2, B, s, "s7");
        Assert.Equal(new ShuffleRun("x", 2, ["w1", "w1"]), next.Run);
        Assert.Empty(Step(s, next));
        Assert.Equal(("w1", "w1"), (s.Tasks[U0].WorkerRestriction, s.Tasks[U1].WorkerRestriction));
    }

    [Fact]
    public void WorkerThatOwnsNoOutput_Leaving_RestartsNothing()
    {
        SchedulerState s = Submitted();
        var shuffles = new ShuffleSchedulerState();
        Step(s, shuffles.GetOrCreate("x", 2, B, s, "s2"));
        Assert.Equal(new ShuffleDecision(null, null, [], []), shuffles.WorkerRemoved("w3", s, "s3"));
        Assert.Single(shuffles.Active);
    }

    [Fact]
    public void Barrier_OnTransfersOfDifferentRuns_RestartsTheShuffle()
    {
        SchedulerState s = Submitted();
        var shuffles = new ShuffleSchedulerState();
        Step(s, shuffles.GetOrCreate("x", 2, B, s, "s2"));
        Step(s, new TaskFinishedEvent(T0, "w1", 8, "s3"), new TaskFinishedEvent(T1, "w2", 8, "s3"));
        Assert.Equal(TaskState.Processing, s.Tasks[B].State);

        Assert.Equal("Shuffle x: its transfers went into different runs (the barrier saw run 1 and others).", shuffles.Barrier("x", 1, consistent: false, B, "w2", s, "s4").Error); // not where it runs: stale
        ShuffleDecision d = shuffles.Barrier("x", 1, consistent: false, B, "w1", s, "s4");
        Assert.Equal("Shuffle x restarted: its transfers went into different runs (the barrier saw run 1 and others).", d.Error);
        Assert.Equal(
            [new StopShuffleRun("w1", "x", 1, "the shuffle restarted: its transfers went into different runs (the barrier saw run 1 and others)"),
             new StopShuffleRun("w2", "x", 1, "the shuffle restarted: its transfers went into different runs (the barrier saw run 1 and others)")],
            d.Stops);

        // Both transfers' results go and they run again; the barrier stops and waits for them.
        Assert.Equal(
            [new FreeKeys("w1", [T0], "s4"), new CancelCompute("w1", B, "s4"), new ComputeTask("w1", T0, (1, 0), None, "s4"),
             new FreeKeys("w2", [T1], "s4"), new ComputeTask("w2", T1, (1, 1), None, "s4")],
            Step(s, d));
        Assert.Equal(TaskState.Waiting, s.Tasks[B].State);
    }

    [Fact]
    public void ShuffleOver_WhenItsBarrierIsReleased_ItsParticipantsDropWhatIsLeft()
    {
        SchedulerState s = Submitted();
        var shuffles = new ShuffleSchedulerState();
        Step(s, shuffles.GetOrCreate("x", 2, B, s, "s2"));
        Step(s, new TaskFinishedEvent(T0, "w1", 8, "s3"), new TaskFinishedEvent(T1, "w2", 8, "s3"), new TaskFinishedEvent(B, "w1", 8, "s4"));
        Assert.Empty(shuffles.Sweep(s));
        Step(s, new TaskFinishedEvent(U0, "w1", 80, "s5"), new TaskFinishedEvent(U1, "w2", 80, "s5"));
        Assert.Equal(TaskState.Released, s.Tasks[B].State);
        Assert.Equal([new StopShuffleRun("w1", "x", 1, "the shuffle is over"), new StopShuffleRun("w2", "x", 1, "the shuffle is over")], shuffles.Sweep(s));
        Assert.Empty(shuffles.Active);
        Assert.Empty(shuffles.Sweep(s));
    }

    [Fact]
    public void GetOrCreate_ForAShuffleThatIsNotRunning_IsRefused()
    {
        var s = new SchedulerState();
        var shuffles = new ShuffleSchedulerState();
        Assert.Equal("Shuffle x is not running: its barrier shuffle-barrier-x is unknown on the scheduler.", shuffles.GetOrCreate("x", 2, B, s, "s1").Error);
        Step(s, new UpdateGraphEvent("c", [new(T0, [], 0), new(T1, [], 1), new(B, [T0, T1], 2), new(U0, [B], 3), new(U1, [B], 4)], [U0, U1], "s2"));
        Assert.Equal("Shuffle x has no worker to own its 2 output partitions: every worker is paused or closing.", shuffles.GetOrCreate("x", 2, B, s, "s3").Error);
    }

    [Fact]
    public void PinnedTask_WaitsForItsWorker_AndIsPlacedWhenThePinIsLifted()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Step(s, new UpdateGraphEvent("c", [new(T0, [], 0), new(U0, [T0], 1)], [U0], "s1"));
        Assert.Empty(Step(s, new RestrictTasksEvent([(U0, "w9")], "s2")));
        Assert.Empty(Step(s, new TaskFinishedEvent(T0, "w1", 8, "s3")));
        Assert.Equal(TaskState.NoWorker, s.Tasks[U0].State);
        Assert.Empty(Step(s, new BalanceEvent("s4")));
        Assert.Equal([new ComputeTask("w1", U0, (1, 1), new Dictionary<Key, string[]> { [T0] = ["w1"] }, "s5")], Step(s, new RestrictTasksEvent([(U0, null)], "s5")));
    }

    [Fact]
    public void UnpackOnANonOwner_IsPinnedToItsOwner_AndPlacedThere()
    {
        SchedulerState s = Submitted();
        var shuffles = new ShuffleSchedulerState();
        Step(s, shuffles.GetOrCreate("x", 2, B, s, "s2"));
        Step(s, new TaskFinishedEvent(T0, "w1", 8, "s3"), new TaskFinishedEvent(T1, "w2", 8, "s3"), new TaskFinishedEvent(B, "w1", 8, "s4"));
        Assert.Equal("w2", s.Tasks[U1].ProcessingOn);

        // u1 finds on w2 that w1 owns its pieces (its pin was a guess from its key).
        ShuffleDecision moved = shuffles.Reschedule("x", 1, U1, "w1", "s5");
        Assert.Null(moved.Error);
        Assert.Equal(
            [new CancelCompute("w2", U1, "s5"), new ComputeTask("w1", U1, (1, 4), new Dictionary<Key, string[]> { [B] = ["w1"] }, "s5")],
            Step(s, moved));
        Assert.Equal("w1", s.Tasks[U1].WorkerRestriction);

        // Its stale error from w2 changes nothing; a reschedule into a stopped run is refused.
        Assert.Empty(Step(s, new TaskErredEvent(U1, "w2", "ShuffleRestartedException: moved", "", "s6")));
        Assert.Equal("Shuffle x: run 7 was restarted (the current run is 1).", shuffles.Reschedule("x", 7, U1, "w1", "s7").Error);
    }

    [Fact]
    public void UnpacksFusedUnderOtherKeys_AreNotPinned_AndTheRunIsStillMade()
    {
        var s = new SchedulerState();
        Step(s, new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        var loc = new Key("loc-y");
        Step(s, new UpdateGraphEvent("c", [new(T0, [], 0), new(B, [T0], 1), new(loc, [B], 2)], [loc], "s1"));
        ShuffleDecision created = new ShuffleSchedulerState().GetOrCreate("x", 2, B, s, "s2");
        Assert.Equal(new ShuffleRun("x", 1, ["w1", "w1"]), created.Run);
        Assert.Empty(Assert.IsType<RestrictTasksEvent>(Assert.Single(created.Events)).Restrictions);
    }
}
