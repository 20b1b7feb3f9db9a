namespace DaskSharp.Distributed.Scheduling;

// Memory trouble made visible: why a worker left (for KilledWorker), and a cluster whose every
// worker is paused while work waits (a notice to clients, once per episode).
public sealed partial class SchedulerState
{
    private int _pausedWorkers;
    private bool _allPausedNoticed;

    /// <summary>True from the <see cref="ClusterPaused"/> notice until its <see cref="ClusterResumed"/>.</summary>
    public bool AllPausedNoticed => _allPausedNoticed;

    private void WorkerLeaving(WorkerLeavingEvent e)
    {
        if (_workers.TryGetValue(e.Worker, out SchedulerWorker? worker))
        {
            worker.LeavingReason = e.Reason;
        }
    }

    /// <remarks>
    /// As distributed's status change: a paused worker leaves the set that takes tasks (queued root
    /// tasks wait, others go to running workers or wait without one); tasks it already has stay
    /// with it. When it resumes, the work that waited for a worker is placed again.
    /// </remarks>
    private void WorkerMemory(WorkerMemoryEvent e, List<SchedulerInstruction> output)
    {
        if (!_workers.TryGetValue(e.Worker, out SchedulerWorker? worker))
        {
            return;
        }

        if (worker.Paused != e.Paused)
        {
            _pausedWorkers += e.Paused ? 1 : -1;
            if (!worker.Retiring)
            {
                _runningWorkers += e.Paused ? -1 : 1;
            }

            worker.Paused = e.Paused;
            if (!e.Paused)
            {
                PlaceWaitingWork(e.StimulusId, output);
            }
        }

        worker.ProcessBytes = e.ProcessBytes;
        worker.ManagedMemoryBytes = e.ManagedBytes;
    }

    /// <summary>A worker left: it no longer counts among the paused ones.</summary>
    private void ForgetPaused(SchedulerWorker worker)
    {
        if (worker.Paused)
        {
            worker.Paused = false;
            _pausedWorkers--;
        }
    }

    /// <summary>
    /// After each batch of events: when every worker that takes tasks (none retiring) is paused and
    /// tasks wait — queued, without a worker, or assigned to a paused worker — the clients are told
    /// once; when some worker runs again (or none is left), they are told it is over. Nothing is
    /// walked while no worker is paused.
    /// </summary>
    private void NoticePausedCluster(string stimulusId, List<SchedulerInstruction> output)
    {
        if (_pausedWorkers == 0 && !_allPausedNoticed)
        {
            return;
        }

        int active = 0, paused = 0, waiting = _queued.Count + _unrunnable.Count;
        foreach (SchedulerWorker w in _workers.Values)
        {
            if (w.Retiring)
            {
                continue;
            }

            active++;
            if (w.Paused)
            {
                paused++;
                waiting += w.Processing.Count;
            }
        }

        bool allPaused = active > 0 && paused == active;
        if (allPaused && !_allPausedNoticed && waiting > 0)
        {
            _allPausedNoticed = true;
            output.Add(new ClusterPaused(
                [.. _workers.Values.Where(w => !w.Retiring).OrderBy(w => w.Address, StringComparer.Ordinal).Select(w => new PausedWorker(w.Address, w.ProcessBytes, w.ManagedMemoryBytes, w.MemoryLimit))],
                waiting,
                stimulusId));
        }
        else if (!allPaused && _allPausedNoticed)
        {
            // An episode ends when a worker runs again, not when the waiting work is done: a
            // cluster that stays paused is not announced again for every new graph.
            _allPausedNoticed = false;
            output.Add(new ClusterResumed([.. _workers.Values.Where(w => !w.Retiring && !w.Paused).Select(w => w.Address).Order(StringComparer.Ordinal)], stimulusId));
        }
    }
}
