namespace DaskSharp.Distributed.Scheduling;

/// <summary>
/// Pins tasks to workers (distributed's <c>worker_restrictions</c>, as the p2p shuffle's scheduler
/// extension sets them on its unpack tasks): a null worker lifts the pin. A pinned task that is
/// ready goes only to its worker, waits without a worker while that one is absent, and is never stolen.
/// </summary>
public sealed record RestrictTasksEvent(IReadOnlyList<(Graphs.Key Key, string? Worker)> Restrictions, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>
/// Run these tasks again from the start, in order, as though their results were lost (distributed's
/// shuffle restart): results are dropped from their holders and recomputed when needed, running
/// ones are cancelled and wait again, parked ones are placed again; released, erred and waiting ones are left.
/// </summary>
public sealed record RestartTasksEvent(IReadOnlyList<Graphs.Key> Keys, string StimulusId) : SchedulerEvent(StimulusId);

// Worker restrictions and restarts of groups of tasks (the p2p shuffle's needs).
public sealed partial class SchedulerState
{
    private void RestrictTasks(RestrictTasksEvent e, List<SchedulerInstruction> output)
    {
        foreach (var (key, worker) in e.Restrictions)
        {
            if (!_tasks.TryGetValue(key, out SchedulerTask? task))
            {
                continue;
            }

            task.WorkerRestriction = worker;
            if (task.State == TaskState.NoWorker && (worker is null || _workers.ContainsKey(worker)))
            {
                _unrunnable.Remove(task); // parked for a worker that is here now, or for none
                Ready(task, e.StimulusId, output);
            }
        }
    }

    /// <summary>A ready pinned task: to its worker when that one is here and not closing, else parked until it comes or the pin changes.</summary>
    private void ReadyRestricted(SchedulerTask task, string worker, string stimulusId, List<SchedulerInstruction> output)
    {
        if (_workers.TryGetValue(worker, out SchedulerWorker? only) && !only.Retiring)
        {
            Assign(task, only, stimulusId, output); // a paused worker keeps it until it resumes
            return;
        }

        Transition(task, TaskState.NoWorker, stimulusId);
        _unrunnable.Add(task);
    }

    private void RestartTasks(RestartTasksEvent e, List<SchedulerInstruction> output)
    {
        foreach (var key in e.Keys)
        {
            if (!_tasks.TryGetValue(key, out SchedulerTask? task))
            {
                continue;
            }

            switch (task.State)
            {
                case TaskState.Memory:
                    foreach (string holder in SortedHolders(task))
                    {
                        output.Add(new FreeKeys(holder, [task.Key], e.StimulusId));
                        if (_workers.TryGetValue(holder, out SchedulerWorker? w))
                        {
                            RemoveReplica(task, w);
                        }
                    }

                    Recompute([task], "was restarted", e.StimulusId, output);
                    break;
                case TaskState.Processing:
                    if (_workers.TryGetValue(task.ProcessingOn!, out SchedulerWorker? runner))
                    {
                        output.Add(new CancelCompute(runner.Address, task.Key, e.StimulusId));
                        StopProcessing(task, runner);
                    }

                    WaitAgain(task, e.StimulusId, output);
                    break;
                case TaskState.Queued or TaskState.NoWorker:
                    _queued.Remove(task);
                    _unrunnable.Remove(task);
                    WaitAgain(task, e.StimulusId, output);
                    break;
            }
        }
    }

    /// <summary>Back to waiting for the inputs not in memory (restarted ones among them); placed at once when none is missing.</summary>
    private void WaitAgain(SchedulerTask task, string stimulusId, List<SchedulerInstruction> output)
    {
        Transition(task, TaskState.Waiting, stimulusId);
        task.WaitingOnSet.Clear();
        foreach (SchedulerTask d in task.DependencySet)
        {
            d.WaiterSet.Add(task);
            if (d.State != TaskState.Memory)
            {
                task.WaitingOnSet.Add(d);
            }
        }

        if (task.WaitingOnSet.Count == 0)
        {
            Ready(task, stimulusId, output);
        }
    }
}
