namespace DaskSharp.Distributed.Scheduling;

// The transitions a task may take here, and the invariants tests check after every step.
public sealed partial class SchedulerState
{
    /// <summary>
    /// The transitions this scheduler takes: distributed's table plus the direct steps it takes where
    /// distributed goes through released (processing → waiting when a worker dies or a steal finds no
    /// thief; processing → processing when a steal moves a task), and any state → memory for data a
    /// client scatters over a key.
    /// </summary>
    internal static bool IsLegal(TaskState from, TaskState to) => (to == TaskState.Memory && from != TaskState.Forgotten) || (from, to) switch
    {
        (TaskState.Released, TaskState.Waiting or TaskState.Forgotten or TaskState.Erred) => true,
        (TaskState.Forgotten, TaskState.Waiting) => true, // a forgotten task a client asks for again
        (TaskState.Waiting, TaskState.Processing or TaskState.Queued or TaskState.NoWorker or TaskState.Released or TaskState.Erred) => true,
        (TaskState.Queued, TaskState.Processing or TaskState.Released or TaskState.Erred or TaskState.Waiting) => true,
        (TaskState.NoWorker, TaskState.Processing or TaskState.Queued or TaskState.Released or TaskState.Erred or TaskState.Waiting) => true,
        (TaskState.Processing, TaskState.Erred or TaskState.Released or TaskState.Waiting or TaskState.Processing) => true,
        (TaskState.Memory, TaskState.Released or TaskState.Forgotten or TaskState.Erred) => true,
        (TaskState.Erred, TaskState.Released or TaskState.Forgotten) => true,
        _ => false,
    };

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first broken invariant.</summary>
    public void Validate()
    {
        foreach (SchedulerTask t in _tasks.Values)
        {
            Check(t.State != TaskState.Forgotten, $"{t} is forgotten but still known");
            Check(!(t.State is TaskState.Released or TaskState.Erred && t.Dependents.Count == 0 && !t.IsNeeded), $"{t} is needed by no one but not forgotten");
            Check((t.State == TaskState.Processing) == (t.ProcessingOn is not null), $"{t} processing-on mismatch ({t.ProcessingOn})");
            Check(t.ProcessingOn is null || (_workers.TryGetValue(t.ProcessingOn, out var w) && w.Processing.Contains(t)), $"{t} is not in its worker's processing set");
            Check((t.State == TaskState.Memory) == (t.WhoHas.Count > 0), $"{t} has who_has {string.Join(",", t.WhoHas)}");
            Check(t.WhoHas.All(a => _workers.TryGetValue(a, out var w) && w.HasWhat.Contains(t)), $"{t} names a worker that does not hold it");
            Check((t.State == TaskState.Queued) == _queued.Contains(t), $"{t} queue membership");
            Check((t.State == TaskState.NoWorker) == _unrunnable.Contains(t), $"{t} no-worker membership");
            if (t.State == TaskState.Waiting)
            {
                Check(t.WaitingOn.All(d => d.State != TaskState.Memory && t.Dependencies.Contains(d)), $"{t} waits on something in memory or not a dependency");
                Check(t.Dependencies.All(d => d.State == TaskState.Memory || t.WaitingOn.Contains(d)), $"{t} does not wait on an unfinished dependency");
            }

            if (t.State is TaskState.Processing or TaskState.Queued or TaskState.NoWorker)
            {
                Check(t.Dependencies.All(d => d.State == TaskState.Memory), $"{t} is runnable but a dependency is not in memory");
            }
        }

        foreach (var group in _tasks.Values.GroupBy(t => t.Prefix))
        {
            foreach (TaskState state in Enum.GetValues<TaskState>().Where(s => s != TaskState.Forgotten))
            {
                Check(group.Key.Count(state) == group.Count(t => t.State == state), $"prefix {group.Key.Name} counts {group.Key.Count(state)} {state} tasks; there are {group.Count(t => t.State == state)}");
            }
        }

        Check(_prefixes.Values.All(p => p.Total == p.Count(TaskState.Forgotten) + _tasks.Values.Count(t => t.Prefix == p)), "a prefix counts tasks that do not exist");

        Check(_runningWorkers == _workers.Values.Count(w => w.TakesTasks), $"{_runningWorkers} workers counted as taking tasks; {_workers.Values.Count(w => w.TakesTasks)} do");
        Check(_pausedWorkers == _workers.Values.Count(w => w.Paused), $"{_pausedWorkers} workers counted as paused; {_workers.Values.Count(w => w.Paused)} are");
        foreach (SchedulerWorker w in _workers.Values)
        {
            Check(w.Processing.All(t => t.ProcessingOn == w.Address && t.State == TaskState.Processing), $"worker {w.Address} processing set is stale");
            Check(w.HasWhat.All(t => t.WhoHas.Contains(w.Address)), $"worker {w.Address} holds a task that does not list it");
            Check(w.NBytes == w.HasWhat.Sum(t => t.NBytes), $"worker {w.Address} byte count {w.NBytes} is wrong");
            Check(w.Retiring == _retiring.Contains(w), $"worker {w.Address} retiring membership");
            Check(Math.Abs(w.Occupancy - w.Processing.Sum(t => t.ExpectedSeconds)) < 1e-9, $"worker {w.Address} occupancy {w.Occupancy} is not the sum of its tasks' expected seconds");
            Check(_stealing.All(t => t.StealingTo is not null && t.State == TaskState.Processing), "a steal request is recorded for a task no longer processing");
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Scheduler invariant broken: " + message);
        }
    }
}
