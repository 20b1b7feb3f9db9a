using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Working;

// Running tasks: the dedicated task threads, and functions a client runs on every worker.
public sealed partial class Worker
{
    /// <summary>Task thread number <paramref name="thread"/>: runs what the loop hands it and reports the outcome back to the loop.</summary>
    private void RunTasks(int thread)
    {
        using DaskSharp.Execution.ShuffleServices.Scope shuffles = DaskSharp.Execution.ShuffleServices.Enter(ShuffleService);
        foreach (var (key, spec) in _toRun.GetConsumingEnumerable())
        {
            Process(RunOne(key, spec, thread));

            // Run what was handed out meanwhile (often by this very thread) without sleeping in between.
            while (_toRun.TryTake(out var next))
            {
                Process(RunOne(next.Key, next.Spec, thread));
            }
        }
    }

    private WorkerEvent RunOne(Key key, object spec, int thread)
    {
        double start = WallClock.Now(_time);
        t_runningKey = key; // the shuffle service names the running task when an unpack must move
        try
        {
            GraphNode node = spec as GraphNode ?? Deserialize((SerializedTask)spec);
            object? result = node.Execute(this);
            var timing = new TaskTiming(start, WallClock.Now(_time), thread);
            long nbytes = Store(key, result, node.Dependencies.Count == 0 ? spec : null, timing.Stop - timing.Start);
            return new ExecuteSuccessEvent(key, nbytes, NextStimulus("task-finished")) { Timing = timing };
        }
        catch (OutOfMemoryException) when (_options.OwnsProcess)
        {
            // The heap hit its hard limit (the nanny sets it from the memory limit): as a worker
            // past the terminate threshold, this one leaves and its nanny starts a fresh one; the
            // task counts as running on a worker that died, so three such deaths err with KilledWorker.
            LeaveForMemoryAsync($"task {key} ran out of memory at the heap's hard limit ({ByteSize.Format(_options.MemoryLimit)}, the worker's memory limit)").GetAwaiter().GetResult();
            throw;
        }
        catch (Exception e)
        {
            var timing = new TaskTiming(start, WallClock.Now(_time), thread);
            TaskError error = TaskError.From(e);
            return new ExecuteFailureEvent(key, error.ToString(), error.Traceback, NextStimulus("task-erred")) { Timing = timing, Error = error };
        }
    }

    private void RunFunction(RunMessage message)
    {
        RunResultMessage outcome;
        try
        {
            GraphNode node = message.Function as GraphNode ?? Deserialize((SerializedTask)message.Function);
            outcome = new RunResultMessage(Address, node.Execute(this), null, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            TaskError error = TaskError.From(e);
            outcome = new RunResultMessage(Address, null, error.ToString(), error.Traceback);
        }

        SendToScheduler(outcome with { RequestId = message.RequestId });
    }
}
