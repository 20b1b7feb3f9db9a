namespace DaskSharp.Distributed.Scheduling;

// Results no worker holds any more: recomputed from lineage (scattered data, which has none, errs).
public sealed partial class SchedulerState
{
    /// <summary>
    /// A worker could fetch <see cref="MissingDataEvent.Key"/> from none of the holders it was given
    /// (distributed's <c>handle_missing_data</c>): those holders no longer count as holding it (and are
    /// told to drop it, in case they still do), and when nobody is left the result is recomputed.
    /// When others still hold it (a copy made after the worker's task was assigned, which the worker
    /// was never told of), the worker's tasks that need it are sent again with the holders now, so
    /// it fetches from them: it has given the key up, and would otherwise wait for it forever
    /// (distributed's worker asks <c>who_has</c> for its missing keys every second instead).
    /// </summary>
    private void MissingData(MissingDataEvent e, List<SchedulerInstruction> output)
    {
        if (!_tasks.TryGetValue(e.Key, out SchedulerTask? task) || task.State != TaskState.Memory)
        {
            return;
        }

        foreach (string errant in e.Errant)
        {
            if (_workers.TryGetValue(errant, out SchedulerWorker? worker) && RemoveReplica(task, worker))
            {
                output.Add(new FreeKeys(errant, [task.Key], e.StimulusId));
            }
        }

        if (task.WhoHasSet.Count == 0)
        {
            Recompute([task], $"was on {string.Join(", ", e.Errant)}, and {e.Worker} could fetch it from none of them", e.StimulusId, output);
            return;
        }

        foreach (SchedulerTask dependent in task.Dependents.Where(d => d.State == TaskState.Processing && d.ProcessingOn == e.Worker).OrderBy(d => d.Priority))
        {
            output.Add(new ComputeTask(e.Worker, dependent.Key, dependent.Priority, InputHolders(dependent), e.StimulusId));
        }
    }

    /// <summary>Results whose last copy is gone: their running dependents stop and wait, and the ones still needed run again.</summary>
    private void Recompute(List<SchedulerTask> lost, string whyDataIsLost, string stimulusId, List<SchedulerInstruction> output)
    {
        foreach (SchedulerTask task in lost.OrderBy(t => t.Priority))
        {
            if (!task.IsData)
            {
                Transition(task, TaskState.Released, stimulusId);
            }

            foreach (SchedulerTask dependent in task.DependentSet)
            {
                bool running = dependent.State == TaskState.Processing && dependent.ProcessingOn is not null;
                if (running || dependent.State is TaskState.NoWorker or TaskState.Queued)
                {
                    // Its input is gone: stop it (or take it from the queues) and let it wait for the recomputed one.
                    if (running && _workers.TryGetValue(dependent.ProcessingOn!, out SchedulerWorker? w))
                    {
                        output.Add(new CancelCompute(w.Address, dependent.Key, stimulusId));
                        StopProcessing(dependent, w);
                    }

                    _queued.Remove(dependent);
                    _unrunnable.Remove(dependent);
                    Transition(dependent, TaskState.Waiting, stimulusId);
                    dependent.WaitingOnSet.Clear();
                    foreach (SchedulerTask d in dependent.DependencySet)
                    {
                        if (d.State != TaskState.Memory || d == task)
                        {
                            dependent.WaitingOnSet.Add(d);
                        }
                    }
                }
                else if (dependent.State == TaskState.Waiting)
                {
                    dependent.WaitingOnSet.Add(task);
                }
            }

            if (task.IsData)
            {
                // Scattered data has no lineage to recompute it from: it errs, and so does what waits for it.
                Err(task, $"LostDataException: {task.Key} {whyDataIsLost}.", null, stimulusId, output);
                foreach (SchedulerTask dependent in task.Dependents.ToList())
                {
                    if (!dependent.IsNeeded)
                    {
                        ReleaseIfUnneeded(dependent, stimulusId, output); // stopped above, erred now, wanted by nobody
                    }
                }

                ReleaseIfUnneeded(task, stimulusId, output);
            }
            else if (task.IsNeeded)
            {
                Need(task, stimulusId, output);
            }
            else
            {
                ReleaseIfUnneeded(task, stimulusId, output); // lost, and nobody needs it: forget it
            }
        }
    }
}
