using System.Runtime.InteropServices;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>
/// The scheduler's logic as a sans-I/O state machine (distributed's <c>SchedulerState</c>): events in,
/// instructions out, no sockets, timers or threads. One thread (the shell's) calls
/// <see cref="Handle"/>; every transition is logged with its stimulus so <see cref="Story"/> can
/// replay a key's life, and <see cref="Validate"/> checks every invariant.
/// </summary>
/// <remarks>
/// Placement minimises the expected start time, as distributed's <c>worker_objective</c>: tasks
/// already assigned per thread, plus the bytes of inputs the worker lacks over the bandwidth;
/// ties go to the worker holding less data. Root tasks (no dependencies) are queued while every
/// worker has <c>ceil(1.1 × threads)</c> tasks, so a wide graph is fed in priority order instead of
/// flooding workers.
/// </remarks>
public sealed partial class SchedulerState
{
    /// <summary>distributed's default <c>worker-saturation</c>.</summary>
    public const double DefaultWorkerSaturation = 1.1;

    /// <summary>Workers a task may die on before it errs with <c>KilledWorker</c>.</summary>
    public const int AllowedFailures = 3;

    private const double Bandwidth = 100e6;

    // A task's expected run time before any task of its prefix has been measured (distributed's unknown-task-duration).
    private const double UnknownTaskSeconds = 0.5;

    private readonly Dictionary<Key, SchedulerTask> _tasks = [];
    private readonly Dictionary<string, SchedulerWorker> _workers = new(StringComparer.Ordinal);
    private readonly TaskQueue _queued = new();
    private readonly HashSet<SchedulerTask> _unrunnable = [];
    private int _runningWorkers; // those that take tasks: neither retiring nor paused
    private readonly HashSet<SchedulerTask> _stealing = [];
    private readonly HashSet<SchedulerWorker> _retiring = [];
    private readonly Dictionary<string, TaskPrefix> _prefixes = new(StringComparer.Ordinal);
    private readonly Queue<(Key Key, TaskState From, TaskState To, string StimulusId)> _log = new();
    private long _generation;

    /// <summary>
    /// Root tasks a worker gets per thread before the rest wait in the scheduler's queue
    /// (distributed's <c>distributed.scheduler.worker-saturation</c>; <see cref="double.PositiveInfinity"/> turns queuing off).
    /// </summary>
    public double WorkerSaturation { get; init; } = DefaultWorkerSaturation;

    /// <summary>Beyond <see cref="WorkerSaturation"/>: how many tiny root tasks a worker may hold.</summary>
    public RootTaskSlots RootSlots { get; init; } = new();

    /// <summary>Transitions kept for <see cref="Story"/> (distributed's <c>transition-log-length</c>); older ones are dropped.</summary>
    public int TransitionLogLength { get; init; } = 100_000;

    /// <summary>Tasks by key.</summary>
    public IReadOnlyDictionary<Key, SchedulerTask> Tasks => _tasks;

    /// <summary>Workers by address.</summary>
    public IReadOnlyDictionary<string, SchedulerWorker> Workers => _workers;

    /// <summary>Task prefixes by name, with their counts by state.</summary>
    public IReadOnlyDictionary<string, TaskPrefix> Prefixes => _prefixes;

    /// <summary>Workers closing gracefully (they get no new tasks).</summary>
    public IReadOnlyCollection<SchedulerWorker> Retiring => _retiring;

    /// <summary>Applies events in order and returns what the shell must do.</summary>
    public List<SchedulerInstruction> Handle(params SchedulerEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var instructions = new List<SchedulerInstruction>();
        foreach (SchedulerEvent e in events)
        {
            switch (e)
            {
                case UpdateGraphEvent g: UpdateGraph(g, instructions); break;
                case AddWorkerEvent a: AddWorker(a, instructions); break;
                case RemoveWorkerEvent r: RemoveWorker(r, instructions); break;
                case MissingDataEvent m: MissingData(m, instructions); break;
                case TaskFinishedEvent f: TaskFinished(f, instructions); break;
                case TaskErredEvent x: TaskErred(x, instructions); break;
                case ReleaseKeysEvent k: ReleaseKeys(k, instructions); break;
                case UpdateDataEvent d: UpdateData(d, instructions); break;
                case RetryEvent r: Retry(r, instructions); break;
                case RetireWorkerEvent w: Retire(w); break;
                case AddReplicasEvent a: AddReplicas(a); break;
                case BalanceEvent b: Balance(b, instructions); break;
                case StealResponseEvent r: StealResponse(r, instructions); break;
                case WorkerLeavingEvent l: WorkerLeaving(l); break;
                case WorkerMemoryEvent m: WorkerMemory(m, instructions); break;
                case RestrictTasksEvent r: RestrictTasks(r, instructions); break;
                case RestartTasksEvent r: RestartTasks(r, instructions); break;
                default: throw new ArgumentException($"Unknown scheduler event {e.GetType().Name}.", nameof(events));
            }
        }

        if (events.Length > 0)
        {
            NoticePausedCluster(events[^1].StimulusId, instructions);
        }

        return instructions;
    }

    /// <summary>
    /// The expected run time of tasks with this key prefix: the running average of measured ones
    /// (each new measurement weighs half, as distributed's <c>duration_average</c>), or 0.5 s before any.
    /// </summary>
    public double ExpectedDuration(string prefix) => _prefixes.TryGetValue(prefix, out TaskPrefix? p) && p.DurationAverage is { } d ? d : UnknownTaskSeconds;

    /// <summary>Every transition of <paramref name="key"/>, in order, with the stimulus that caused it.</summary>
    public IReadOnlyList<(Key Key, TaskState From, TaskState To, string StimulusId)> Story(Key key) =>
        [.. _log.Where(t => t.Key == key)];

    private SchedulerTask NewTask(Key key, (long, int) priority, int retries, object? runSpec)
    {
        string name = key.Prefix;
        if (!_prefixes.TryGetValue(name, out TaskPrefix? prefix))
        {
            _prefixes[name] = prefix = new TaskPrefix(name, _prefixes.Count);
        }

        prefix.Created();
        return new SchedulerTask(key, priority, retries, prefix) { RunSpec = runSpec };
    }

    private void UpdateGraph(UpdateGraphEvent e, List<SchedulerInstruction> output)
    {
        if (UnknownDependency(e) is { } missing)
        {
            // The one check for a graph that reads keys nobody defines: nothing of it is kept, and every
            // key the client wanted fails with the reason.
            string error = $"{typeof(InvalidGraphException).FullName}: Task {missing.Task} depends on {missing.Dependency}, which is neither in the submitted graph nor on the cluster.";
            foreach (Key k in e.Wanted)
            {
                output.Add(new ReportKey(e.Client, k, TaskState.Erred, error, e.StimulusId));
            }

            return;
        }

        long generation = ++_generation;
        IReadOnlyList<TaskSubmission> submissions = e.Tasks;

        // One dictionary probe per submitted task: the tasks are kept by position for the passes below
        // (a million-task map spent most of this method re-finding the same keys).
        var tasks = new SchedulerTask[submissions.Count];
        for (int i = 0; i < tasks.Length; i++)
        {
            TaskSubmission s = submissions[i];
            ref SchedulerTask? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_tasks, s.Key, out bool exists);
            if (!exists)
            {
                slot = NewTask(s.Key, (generation, s.Order), s.Retries, s.RunSpec);
            }
            else if (slot!.RunSpec is null)
            {
                slot.RunSpec = s.RunSpec;
            }

            tasks[i] = slot!;
        }

        for (int i = 0; i < tasks.Length; i++)
        {
            IReadOnlyList<Key> dependencies = submissions[i].Dependencies;
            SchedulerTask task = tasks[i];
            for (int j = 0; j < dependencies.Count; j++)
            {
                Key d = dependencies[j];
                SchedulerTask dep = _tasks[d]; // known: UnknownDependency checked it
                task.DependencySet.Add(dep);
                dep.DependentSet.Add(task);
            }
        }

        IReadOnlyList<Key> wanted = e.Wanted;
        for (int i = 0; i < wanted.Count; i++)
        {
            Key k = wanted[i];

            // A map wants exactly what it submits, in the same order: comparing with the submission
            // at the same position is cheaper than a probe of a dictionary of a million tasks.
            SchedulerTask task = i < tasks.Length && k.Equals(submissions[i].Key) ? tasks[i]
                : _tasks.TryGetValue(k, out SchedulerTask? t) ? t
                : throw new ArgumentException($"Wanted key {k} is not in the graph.", nameof(e));
            task.WhoWantsSet.Add(e.Client);
            switch (task.State)
            {
                case TaskState.Memory:
                    output.Add(new ReportKey(e.Client, k, TaskState.Memory, null, e.StimulusId));
                    break;
                case TaskState.Erred:
                    output.Add(new ReportKey(e.Client, k, TaskState.Erred, task.Exception, e.StimulusId));
                    break;
                default:
                    Need(task, e.StimulusId, output);
                    break;
            }
        }

        // Submitted tasks nothing needs (their results are already in memory downstream) are forgotten at once.
        // A task forgotten by an earlier one's cascade reads as forgotten here, as it would when looked up again.
        foreach (SchedulerTask task in tasks)
        {
            if (task.State == TaskState.Released)
            {
                ReleaseIfUnneeded(task, e.StimulusId, output);
            }
        }
    }


    /// <summary>The first dependency that is neither submitted nor known, or null. The set of submitted keys is built only when some dependency is not known already (a map has none).</summary>
    private (Key Task, Key Dependency)? UnknownDependency(UpdateGraphEvent e)
    {
        HashSet<Key>? submitted = null;
        foreach (TaskSubmission s in e.Tasks)
        {
            foreach (Key d in s.Dependencies)
            {
                if (_tasks.ContainsKey(d))
                {
                    continue;
                }

                if (submitted is null)
                {
                    submitted = new HashSet<Key>(e.Tasks.Count);
                    foreach (TaskSubmission t in e.Tasks)
                    {
                        submitted.Add(t.Key);
                    }
                }

                if (!submitted.Contains(d))
                {
                    return (s.Key, d);
                }
            }
        }

        return null;
    }
    private void AddWorker(AddWorkerEvent e, List<SchedulerInstruction> output)
    {
        if (_workers.ContainsKey(e.Worker))
        {
            return;
        }

        _workers[e.Worker] = new SchedulerWorker(e.Worker, Math.Max(1, e.Threads), e.MemoryLimit, WorkerSaturation);
        _runningWorkers++;
        PlaceWaitingWork(e.StimulusId, output);
    }

    /// <summary>A worker came to take tasks (it joined or stopped being paused): tasks parked without a worker, then queued root tasks, go out.</summary>
    private void PlaceWaitingWork(string stimulusId, List<SchedulerInstruction> output)
    {
        foreach (SchedulerTask task in _unrunnable.OrderBy(t => t.Priority).ToList())
        {
            _unrunnable.Remove(task);
            Ready(task, stimulusId, output);
        }

        FillFromQueue(stimulusId, output);
    }

    private void TaskFinished(TaskFinishedEvent e, List<SchedulerInstruction> output)
    {
        if (!_tasks.TryGetValue(e.Key, out SchedulerTask? task) || task.State != TaskState.Processing || task.ProcessingOn != e.Worker)
        {
            return; // stale: the task was reassigned or released meanwhile
        }

        SchedulerWorker worker = _workers[e.Worker];
        StopProcessing(task, worker);
        task.NBytes = e.NBytes;
        task.Prefix.Finished(e.NBytes);
        if (e.Duration is >= 0 and var measured)
        {
            task.Prefix.Measured(measured);
        }
        AddReplica(task, worker);
        Transition(task, TaskState.Memory, e.StimulusId);
        foreach (string client in task.WhoWantsSet)
        {
            output.Add(new ReportKey(client, task.Key, TaskState.Memory, null, e.StimulusId));
        }

        if (task.DependentSet.Count == 1)
        {
            foreach (SchedulerTask dependent in task.DependentSet)
            {
                ReadyIfLastInput(dependent, task, e.StimulusId, output); // one dependent (a chain): nothing to order
            }
        }
        else if (task.DependentSet.Count > 1)
        {
            foreach (SchedulerTask dependent in task.Dependents.OrderBy(t => t.Priority))
            {
                ReadyIfLastInput(dependent, task, e.StimulusId, output);
            }
        }

        // Inputs nobody waits for any more are released from memory.
        foreach (SchedulerTask dep in task.DependencySet)
        {
            dep.WaiterSet.Remove(task);
            ReleaseIfUnneeded(dep, e.StimulusId, output);
        }

        ReleaseIfUnneeded(task, e.StimulusId, output);
        FillFromQueue(e.StimulusId, output);
    }

    private void ReadyIfLastInput(SchedulerTask dependent, SchedulerTask input, string stimulusId, List<SchedulerInstruction> output)
    {
        if (dependent.State == TaskState.Waiting && dependent.WaitingOnSet.Remove(input) && dependent.WaitingOnSet.Count == 0)
        {
            Ready(dependent, stimulusId, output);
        }
    }

    private void TaskErred(TaskErredEvent e, List<SchedulerInstruction> output)
    {
        if (!_tasks.TryGetValue(e.Key, out SchedulerTask? task) || task.State != TaskState.Processing || task.ProcessingOn != e.Worker)
        {
            return;
        }

        StopProcessing(task, _workers[e.Worker]);
        if (!task.IsNeeded)
        {
            // Released while it ran: nobody waits for the error either.
            Err(task, e.Exception, e.Details, e.StimulusId, output);
            ReleaseIfUnneeded(task, e.StimulusId, output);
        }
        else if (task.RetriesLeft > 0)
        {
            task.RetriesLeft--;
            Transition(task, TaskState.Waiting, e.StimulusId);
            Ready(task, e.StimulusId, output);
        }
        else
        {
            Err(task, e.Exception, e.Details, e.StimulusId, output);
        }

        FillFromQueue(e.StimulusId, output);
    }

    private void RemoveWorker(RemoveWorkerEvent e, List<SchedulerInstruction> output)
    {
        if (!_workers.Remove(e.Worker, out SchedulerWorker? worker))
        {
            return;
        }

        if (worker.TakesTasks)
        {
            _runningWorkers--;
        }

        _retiring.Remove(worker);
        ForgetPaused(worker);

        // Tasks it was running: suspicious; three deaths make a KilledWorker error naming this
        // worker and what it said before it left (e.g. that it ran out of memory), as distributed does.
        List<SchedulerTask> wasRunning = [.. worker.Processing.OrderBy(t => t.Priority)];
        foreach (SchedulerTask task in wasRunning)
        {
            task.ProcessingOn = null;
            task.Suspicious++;
            task.Prefix.Suspicious++;
            if (task.Suspicious >= AllowedFailures)
            {
                Err(task, $"{nameof(KilledWorkerException)}: {KilledWorkerException.Describe(task.Key.ToString(), task.Suspicious, e.Worker, worker.LeavingReason)}", null, e.StimulusId, output);
            }
            else
            {
                Transition(task, TaskState.Waiting, e.StimulusId);
                task.WaitingOnSet.Clear();
                foreach (SchedulerTask d in task.DependencySet)
                {
                    if (d.State != TaskState.Memory)
                    {
                        task.WaitingOnSet.Add(d);
                    }
                }
            }
        }

        // Tasks released while they ran there are not run again, nor kept erred.
        foreach (SchedulerTask task in wasRunning)
        {
            if (!task.IsNeeded)
            {
                ReleaseIfUnneeded(task, e.StimulusId, output);
            }
        }

        // Results only it held are lost: recompute the ones still needed, from lineage.
        var lost = new List<SchedulerTask>();
        foreach (SchedulerTask task in worker.HasWhat)
        {
            task.WhoHasSet.Remove(e.Worker);
            if (task.WhoHasSet.Count == 0 && task.State == TaskState.Memory)
            {
                lost.Add(task);
            }
        }

        Recompute(lost, $"was scattered to {e.Worker} only, and that worker is gone", e.StimulusId, output);

        foreach (SchedulerTask task in _tasks.Values.Where(t => t.State == TaskState.Waiting && t.WaitingOnSet.Count == 0).OrderBy(t => t.Priority).ToList())
        {
            Ready(task, e.StimulusId, output);
        }

        FillFromQueue(e.StimulusId, output);
    }

    private void UpdateData(UpdateDataEvent e, List<SchedulerInstruction> output)
    {
        long generation = ++_generation;
        foreach (var (key, nbytes) in e.Data)
        {
            if (!_tasks.TryGetValue(key, out SchedulerTask? task))
            {
                _tasks[key] = task = NewTask(key, (generation, 0), 0, null);
            }

            task.IsData = true;
            if (task.State is not (TaskState.Memory or TaskState.Released or TaskState.Forgotten or TaskState.Erred))
            {
                TakeOverByData(task, e.StimulusId, output);
            }

            // Holders of an earlier copy counted its old size.
            foreach (string w in task.WhoHas)
            {
                if (_workers.TryGetValue(w, out SchedulerWorker? holder))
                {
                    holder.NBytes += nbytes - task.NBytes;
                }
            }

            task.NBytes = nbytes;
            foreach (string w in e.Workers)
            {
                if (_workers.TryGetValue(w, out SchedulerWorker? worker))
                {
                    AddReplica(task, worker);
                }
            }

            if (task.State != TaskState.Memory)
            {
                Transition(task, TaskState.Memory, e.StimulusId);
                foreach (SchedulerTask dependent in task.DependentSet)
                {
                    if (dependent.State == TaskState.Waiting && dependent.WaitingOnSet.Remove(task) && dependent.WaitingOnSet.Count == 0)
                    {
                        Ready(dependent, e.StimulusId, output);
                    }
                }
            }

            task.WhoWantsSet.Add(e.Client);
            output.Add(new ReportKey(e.Client, key, TaskState.Memory, null, e.StimulusId));
        }
    }

    /// <summary>
    /// Data scattered over a key that was still to be computed takes its place: it stops running (or
    /// waiting for a slot or a worker), its inputs lose a waiter, and the dependents waiting for it
    /// may now run.
    /// </summary>
    private void TakeOverByData(SchedulerTask task, string stimulusId, List<SchedulerInstruction> output)
    {
        if (task.ProcessingOn is { } on && _workers.TryGetValue(on, out SchedulerWorker? runner))
        {
            StopProcessing(task, runner);
            output.Add(new CancelCompute(on, task.Key, stimulusId));
        }

        _queued.Remove(task);
        _unrunnable.Remove(task);
        task.WaitingOnSet.Clear();
        foreach (SchedulerTask dep in task.Dependencies.ToList())
        {
            dep.WaiterSet.Remove(task);
            ReleaseIfUnneeded(dep, stimulusId, output);
        }
    }

    private void Retry(RetryEvent e, List<SchedulerInstruction> output)
    {
        foreach (Key k in e.Keys)
        {
            if (!_tasks.TryGetValue(k, out SchedulerTask? task) || task.State != TaskState.Erred)
            {
                continue;
            }

            // The failure may have come from an input: release every failed task on the way.
            var stack = new Stack<SchedulerTask>([task]);
            while (stack.Count > 0)
            {
                SchedulerTask t = stack.Pop();
                if (t.State != TaskState.Erred)
                {
                    continue;
                }

                t.Exception = null;
                t.ErrorDetails = null;
                Transition(t, TaskState.Released, e.StimulusId);
                foreach (SchedulerTask dep in t.DependencySet)
                {
                    stack.Push(dep);
                }
            }

            task.WhoWantsSet.Add(e.Client);
            Need(task, e.StimulusId, output);
        }
    }

    private void Retire(RetireWorkerEvent e)
    {
        if (_workers.TryGetValue(e.Worker, out SchedulerWorker? worker) && !worker.Retiring)
        {
            if (worker.TakesTasks)
            {
                _runningWorkers--;
            }

            worker.Retiring = true;
            _retiring.Add(worker);
        }
    }

    private void AddReplicas(AddReplicasEvent e)
    {
        if (!_workers.TryGetValue(e.Worker, out SchedulerWorker? worker))
        {
            return;
        }

        foreach (var (key, nbytes) in e.Data)
        {
            if (_tasks.TryGetValue(key, out SchedulerTask? task) && task.State == TaskState.Memory)
            {
                task.NBytes = nbytes;
                AddReplica(task, worker);
            }
        }
    }

    /// <summary>Results only <paramref name="worker"/> holds, which must be copied before it may leave.</summary>
    public IReadOnlyList<SchedulerTask> UniqueData(string worker) =>
        _workers.TryGetValue(worker, out SchedulerWorker? w) ? [.. w.HasWhat.Where(t => t.WhoHasSet.Count == 1).OrderBy(t => t.Key)] : [];

    /// <summary>
    /// Work stealing: a worker with idle threads asks a worker holding more tasks than it can start
    /// to give up its latest ones (lowest priority first), when moving their inputs costs less than
    /// waiting. Only tasks the victim has not started can move; it says which (<see cref="StealResponseEvent"/>).
    /// </summary>
    private void Balance(BalanceEvent e, List<SchedulerInstruction> output)
    {
        foreach (SchedulerWorker thief in _workers.Values.Where(w => w.TakesTasks).OrderBy(w => w.Address, StringComparer.Ordinal))
        {
            int idle = thief.Threads - thief.Processing.Count - _stealing.Count(t => t.StealingTo == thief.Address);
            foreach (SchedulerWorker victim in _workers.Values.Where(w => w != thief && w.Processing.Count > StartsAtOnce(w)).OrderByDescending(w => (double)w.Processing.Count / w.Threads))
            {
                // A paused victim starts nothing until its memory drops: any move is worth it.
                double victimWait = victim.Paused ? double.PositiveInfinity : (double)victim.Processing.Count / victim.Threads;
                foreach (SchedulerTask task in victim.Processing.Where(t => t.StealingTo is null && t.WorkerRestriction is null).OrderByDescending(t => t.Priority).ToList())
                {
                    if (idle <= 0 || victim.Processing.Count - _stealing.Count(t => t.ProcessingOn == victim.Address) <= StartsAtOnce(victim))
                    {
                        break;
                    }

                    double transfer = task.Dependencies.Where(d => !d.WhoHasSet.Contains(thief.Address)).Sum(d => d.NBytes) / Bandwidth;
                    if (transfer >= victimWait * (task.Prefix.DurationAverage ?? UnknownTaskSeconds))
                    {
                        continue; // moving its inputs would take longer than waiting for the victim
                    }

                    task.StealingTo = thief.Address;
                    _stealing.Add(task);
                    idle--;
                    output.Add(new StealRequest(victim.Address, task.Key, thief.Address, e.StimulusId));
                }
            }
        }
    }

    /// <summary>How many of its tasks a worker can be running now: one a thread, none while paused.</summary>
    private static int StartsAtOnce(SchedulerWorker w) => w.Paused ? 0 : w.Threads;

    private void StealResponse(StealResponseEvent e, List<SchedulerInstruction> output)
    {
        if (!_tasks.TryGetValue(e.Key, out SchedulerTask? task) || !_stealing.Remove(task))
        {
            return;
        }

        string? thief = task.StealingTo;
        task.StealingTo = null;
        if (!e.Released || task.State != TaskState.Processing || task.ProcessingOn != e.Victim)
        {
            return; // it had started (or finished, or moved) meanwhile
        }

        StopProcessing(task, _workers[e.Victim]);
        if (thief is not null && _workers.TryGetValue(thief, out SchedulerWorker? target) && target.TakesTasks)
        {
            Assign(task, target, e.StimulusId, output);
        }
        else
        {
            Transition(task, TaskState.Waiting, e.StimulusId);
            Ready(task, e.StimulusId, output);
        }
    }

    private void ReleaseKeys(ReleaseKeysEvent e, List<SchedulerInstruction> output)
    {
        foreach (Key k in e.Keys)
        {
            if (_tasks.TryGetValue(k, out SchedulerTask? task) && task.WhoWantsSet.Remove(e.Client))
            {
                ReleaseIfUnneeded(task, e.StimulusId, output);
            }
        }
    }
}
