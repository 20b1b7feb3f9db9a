using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Shuffle;
using DaskSharp.Graphs;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Scheduling;

// The p2p shuffle's scheduler extension in the shell: requests of the workers' shuffle tasks, restarts
// when a participant leaves, and the clean-up of shuffles that are over. The decisions are
// ShuffleSchedulerState's; this only feeds it and sends what it says.
public sealed partial class Scheduler
{
    private readonly ShuffleSchedulerState _shuffles = new();

    /// <summary>The shuffles in progress (for tests and diagnostics).</summary>
    public IReadOnlyDictionary<string, ShuffleRun> ActiveShuffles
    {
        get
        {
            lock (_gate)
            {
                return _shuffles.Active;
            }
        }
    }

    /// <summary>How many times a shuffle restarted on this scheduler.</summary>
    public int ShuffleRestarts
    {
        get
        {
            lock (_gate)
            {
                return _shuffles.Restarts;
            }
        }
    }

    private void HandleShuffleMessage(Peer worker, ProtocolMessage message, string stimulus, List<SchedulerInstruction> output)
    {
        (ShuffleDecision decision, string id) = message switch
        {
            ShuffleGetMessage m => (_shuffles.GetOrCreate(m.Id, m.Outputs, new Key(m.Barrier), _state, stimulus), m.Id),
            ShuffleBarrierMessage m => (_shuffles.Barrier(m.Id, m.Run, m.Consistent, new Key(m.Barrier), worker.Id, _state, stimulus), m.Id),
            ShuffleRescheduleMessage m => (_shuffles.Reschedule(m.Id, m.Run, m.Key, m.Owner, stimulus), m.Id),
            _ => throw new ProtocolException($"'{message.Op}' is not a shuffle request."),
        };

        Carry(decision, stimulus, output);
        ShuffleRun? run = decision.Run;
        worker.Send(new ShuffleRunReply(id, run?.Run ?? 0, run is null ? [] : [.. run.Workers], decision.Error) { RequestId = message.RequestId });
    }

    private void ShuffleWorkerRemoved(string worker, string stimulus, List<SchedulerInstruction> output) =>
        Carry(_shuffles.WorkerRemoved(worker, _state, stimulus), stimulus, output);

    /// <summary>After every event: the participants of shuffles that are over drop their pieces.</summary>
    private void SweepShuffles()
    {
        foreach (StopShuffleRun stop in _shuffles.Sweep(_state))
        {
            SendStop(stop);
        }
    }

    private void Carry(ShuffleDecision decision, string stimulus, List<SchedulerInstruction> output)
    {
        foreach (StopShuffleRun stop in decision.Stops)
        {
            _logger.LogWarning("Shuffle {Id} run {Run} stopped on {Worker}: {Reason} ({Stimulus})", stop.Id, stop.Run, LogText.Truncate(stop.Worker), stop.Reason, stimulus);
            SendStop(stop);
        }

        if (decision.Events.Count > 0)
        {
            output.AddRange(_state.Handle([.. decision.Events]));
        }
    }

    private void SendStop(StopShuffleRun stop)
    {
        if (_workers.TryGetValue(stop.Worker, out Peer? peer))
        {
            peer.Send(new ShuffleStopMessage(stop.Id, stop.Run, stop.Reason));
        }
    }
}
