using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

// The transitions themselves: making a task needed, ready, placed, failed or released.
public sealed partial class SchedulerState
{
    /// <summary>Makes <paramref name="root"/> and whatever it needs (and lacks) waiting; starts what is ready.</summary>
    private void Need(SchedulerTask root, string stimulusId, List<SchedulerInstruction> output)
    {
        if (root.DependencySet.Count == 0)
        {
            // A root task (every task of a map): the walk below would do just this, without its stack and list.
            if (root.State is TaskState.Released or TaskState.Forgotten)
            {
                Transition(root, TaskState.Waiting, stimulusId);
                root.WaitingOnSet.Clear();
                Ready(root, stimulusId, output);
            }

            return;
        }

        var stack = new Stack<SchedulerTask>();
        stack.Push(root);
        var ready = new List<SchedulerTask>();
        while (stack.Count > 0)
        {
            SchedulerTask task = stack.Pop();
            if (task.State is not (TaskState.Released or TaskState.Forgotten))
            {
                continue;
            }

            Transition(task, TaskState.Waiting, stimulusId);
            task.WaitingOnSet.Clear();
            foreach (SchedulerTask dep in task.DependencySet)
            {
                dep.WaiterSet.Add(task);
                if (dep.State == TaskState.Erred)
                {
                    Err(task, dep.Exception, dep.ErrorDetails, stimulusId, output);
                    break;
                }

                if (dep.State != TaskState.Memory)
                {
                    task.WaitingOnSet.Add(dep);
                    stack.Push(dep);
                }
            }

            if (task.State == TaskState.Waiting && task.WaitingOnSet.Count == 0)
            {
                ready.Add(task);
            }
        }

        foreach (SchedulerTask task in ready.OrderBy(t => t.Priority))
        {
            Ready(task, stimulusId, output);
        }
    }

    /// <summary>A waiting task whose inputs are all in memory: place it, queue it, or park it until a worker comes.</summary>
    private void Ready(SchedulerTask task, string stimulusId, List<SchedulerInstruction> output)
    {
        if (_workers.Count == _retiring.Count)
        {
            Transition(task, TaskState.NoWorker, stimulusId);
            _unrunnable.Add(task);
            return;
        }

        if (task.WorkerRestriction is { } only)
        {
            ReadyRestricted(task, only, stimulusId, output);
            return;
        }

        // Root tasks wait in the queue for a free slot, also while every worker is paused.
        if (task.DependencySet.Count == 0 && LeastBusyWithFreeSlot(task.Prefix) is null)
        {
            Transition(task, TaskState.Queued, stimulusId);
            _queued.Add(task);
            return;
        }

        if (_runningWorkers == 0)
        {
            Transition(task, TaskState.NoWorker, stimulusId); // every worker is paused: none may start it
            _unrunnable.Add(task);
            return;
        }

        Assign(task, BestWorker(task), stimulusId, output);
    }

    private void Assign(SchedulerTask task, SchedulerWorker worker, string stimulusId, List<SchedulerInstruction> output)
    {
        Transition(task, TaskState.Processing, stimulusId);
        task.ProcessingOn = worker.Address;
        task.ExpectedSeconds = task.Prefix.DurationAverage ?? UnknownTaskSeconds;
        worker.Processing.Add(task);
        worker.Occupancy += task.ExpectedSeconds;
        output.Add(new ComputeTask(worker.Address, task.Key, task.Priority, InputHolders(task), stimulusId));
    }

    /// <summary>Where each input of <paramref name="task"/> is, for the worker that runs it.</summary>
    private static IReadOnlyDictionary<Key, string[]> InputHolders(SchedulerTask task)
    {
        if (task.DependencySet.Count == 0)
        {
            return NoInputs;
        }

        var holders = new Dictionary<Key, string[]>(task.DependencySet.Count);
        foreach (SchedulerTask d in task.DependencySet)
        {
            holders.Add(d.Key, SortedHolders(d));
        }

        return holders;
    }

    /// <summary>Queued root tasks go to workers with free slots, best priority first.</summary>
    private void FillFromQueue(string stimulusId, List<SchedulerInstruction> output)
    {
        while (_queued.Count > 0)
        {
            SchedulerTask next = _queued.Min;
            if (LeastBusyWithFreeSlot(next.Prefix) is not { } free)
            {
                return;
            }

            _queued.Remove(next);
            Assign(next, free, stimulusId, output);
        }
    }

    /// <summary>The worker with a free slot for a root task of <paramref name="prefix"/> and the fewest tasks per thread (ties: by address), or null.</summary>
    private SchedulerWorker? LeastBusyWithFreeSlot(TaskPrefix prefix)
    {
        SchedulerWorker? best = null;
        foreach (SchedulerWorker w in _workers.Values)
        {
            if (w.TakesTasks && w.Processing.Count < RootSlots.For(w, prefix) && (best is null || Compare(w, best) < 0))
            {
                best = w;
            }
        }

        return best;

        static int Compare(SchedulerWorker a, SchedulerWorker b)
        {
            int c = ((double)a.Processing.Count / a.Threads).CompareTo((double)b.Processing.Count / b.Threads);
            return c != 0 ? c : string.CompareOrdinal(a.Address, b.Address);
        }
    }

    /// <summary>Takes a task off a worker's list (it finished, failed, moved or was cancelled).</summary>
    private static void StopProcessing(SchedulerTask task, SchedulerWorker worker)
    {
        if (worker.Processing.Remove(task))
        {
            worker.Occupancy = Math.Max(0, worker.Occupancy - task.ExpectedSeconds);
        }

        task.ProcessingOn = null;
    }

    /// <summary>
    /// distributed's worker objective: earliest expected start — the worker's occupancy (expected
    /// seconds of the tasks it has, per thread) plus the time to move the inputs it lacks — then
    /// least data held, then address.
    /// </summary>
    private SchedulerWorker BestWorker(SchedulerTask task)
    {
        SchedulerWorker? best = null;
        double bestStart = 0;
        foreach (SchedulerWorker w in _workers.Values)
        {
            if (!w.TakesTasks)
            {
                continue;
            }

            double start = w.Occupancy / w.Threads;
            foreach (SchedulerTask d in task.DependencySet)
            {
                if (!d.WhoHasSet.Contains(w.Address))
                {
                    start += d.NBytes / Bandwidth;
                }
            }

            if (best is null || start < bestStart
                || (start == bestStart && (w.NBytes < best.NBytes || (w.NBytes == best.NBytes && string.CompareOrdinal(w.Address, best.Address) < 0))))
            {
                best = w;
                bestStart = start;
            }
        }

        return best!;
    }

    /// <summary>Fails <paramref name="task"/> and every task that needs it, reporting to the clients that wanted them.</summary>
    private void Err(SchedulerTask task, string? exception, object? details, string stimulusId, List<SchedulerInstruction> output)
    {
        var stack = new Stack<SchedulerTask>();
        stack.Push(task);
        while (stack.Count > 0)
        {
            SchedulerTask t = stack.Pop();
            if (t.State == TaskState.Erred)
            {
                continue;
            }

            if (t.ProcessingOn is { } on && _workers.TryGetValue(on, out SchedulerWorker? w))
            {
                StopProcessing(t, w);
            }

            _queued.Remove(t);
            _unrunnable.Remove(t);
            t.Exception = exception;
            t.ErrorDetails = details;
            Transition(t, TaskState.Erred, stimulusId);
            foreach (string client in t.WhoWantsSet)
            {
                output.Add(new ReportKey(client, t.Key, TaskState.Erred, exception, stimulusId));
            }

            foreach (SchedulerTask dependent in t.DependentSet)
            {
                if (dependent.State is TaskState.Waiting or TaskState.Queued or TaskState.NoWorker)
                {
                    stack.Push(dependent);
                }
            }
        }
    }

    /// <summary>
    /// Drops a result nobody needs any more from the workers that hold it; releases a waiting task
    /// and then, depth first, each dependency that no longer has a waiter; forgets tasks nothing refers to.
    /// </summary>
    /// <remarks>
    /// Depth first with an explicit stack of (task, its dependencies still to visit) rather than
    /// recursion, so releasing a long unfinished chain cannot overflow the stack. A task's forget
    /// check runs after all its dependencies were visited, as it would on the way back out of a
    /// recursion, so the transitions and instructions keep the recursive order.
    /// </remarks>
    private void ReleaseIfUnneeded(SchedulerTask task, string stimulusId, List<SchedulerInstruction> output)
    {
        Stack<(SchedulerTask Task, SmallSetView<SchedulerTask>.Enumerator Dependencies)>? open = null; // most releases never descend: no allocation for them
        SchedulerTask? next = task;
        while (true)
        {
            if (next is not null && ReleaseOne(next, stimulusId, output))
            {
                (open ??= new()).Push((next, next.DependencySet.GetEnumerator()));
            }

            next = null;
            if (open is null || !open.TryPop(out var frame))
            {
                return;
            }

            if (frame.Dependencies.MoveNext())
            {
                next = frame.Dependencies.Current;
                open.Push(frame); // the copy holds the advanced enumerator
                next.WaiterSet.Remove(frame.Task);
            }
            else
            {
                ForgetIfUnreferenced(frame.Task, stimulusId);
            }
        }
    }

    /// <summary>
    /// One step of <see cref="ReleaseIfUnneeded"/>: true when <paramref name="task"/> went from waiting
    /// to released and its dependencies must be visited before its own forget check.
    /// </summary>
    private bool ReleaseOne(SchedulerTask task, string stimulusId, List<SchedulerInstruction> output)
    {
        if (task.IsNeeded)
        {
            return false;
        }

        switch (task.State)
        {
            case TaskState.Memory:
                foreach (string w in SortedHolders(task))
                {
                    output.Add(new FreeKeys(w, [task.Key], stimulusId));
                    if (_workers.TryGetValue(w, out SchedulerWorker? worker))
                    {
                        RemoveReplica(task, worker);
                    }
                }

                task.WhoHasSet.Clear();
                Transition(task, TaskState.Released, stimulusId);
                break;
            case TaskState.Waiting or TaskState.Queued or TaskState.NoWorker:
                _queued.Remove(task);
                _unrunnable.Remove(task);
                Transition(task, TaskState.Released, stimulusId);
                return true;
            case TaskState.Processing:
                return false; // let it finish; its result is released when reported
        }

        ForgetIfUnreferenced(task, stimulusId);
        return false;
    }

    private void ForgetIfUnreferenced(SchedulerTask task, string stimulusId)
    {
        if (task.State is not (TaskState.Released or TaskState.Erred))
        {
            return;
        }

        foreach (SchedulerTask d in task.DependentSet)
        {
            if (d.State is not TaskState.Forgotten)
            {
                return;
            }
        }

        Forget(task, stimulusId);
    }

    /// <summary>The workers holding <paramref name="task"/>, in ordinal order (instructions name them deterministically).</summary>
    private static string[] SortedHolders(SchedulerTask task)
    {
        var holders = new string[task.WhoHasSet.Count];
        int i = 0;
        foreach (string w in task.WhoHasSet)
        {
            holders[i++] = w;
        }

        if (holders.Length > 1)
        {
            Array.Sort(holders, StringComparer.Ordinal);
        }

        return holders;
    }

    /// <summary>
    /// Forgets <paramref name="first"/>, then each dependency left released or erred with no
    /// dependents and no one wanting it (distributed's released → forgotten cascade), with a
    /// work list rather than recursion so a long chain cannot overflow the stack.
    /// </summary>
    private void Forget(SchedulerTask first, string stimulusId)
    {
        Stack<SchedulerTask>? pending = null; // most tasks leave nothing behind: no allocation for them
        SchedulerTask? task = first;
        while (task is not null)
        {
            Transition(task, TaskState.Forgotten, stimulusId);
            _tasks.Remove(task.Key);
            foreach (SchedulerTask dep in task.DependencySet)
            {
                // A forgotten task waits for nothing: an erred one still counted as its inputs' waiter kept them alive forever.
                dep.WaiterSet.Remove(task);
                if (dep.DependentSet.Remove(task) && dep.DependentSet.Count == 0 && !dep.IsNeeded && dep.State is TaskState.Released or TaskState.Erred)
                {
                    (pending ??= new Stack<SchedulerTask>()).Push(dep);
                }
            }

            task = pending is not null && pending.TryPop(out SchedulerTask? next) ? next : null;
        }
    }

    private static readonly IReadOnlyDictionary<Key, string[]> NoInputs = new Dictionary<Key, string[]>();

    private void AddReplica(SchedulerTask task, SchedulerWorker worker)
    {
        if (task.WhoHasSet.Add(worker.Address))
        {
            worker.HasWhat.Add(task);
            worker.NBytes += task.NBytes;
        }
    }

    /// <summary>Takes <paramref name="worker"/>'s copy off the books; true when it had one.</summary>
    private static bool RemoveReplica(SchedulerTask task, SchedulerWorker worker)
    {
        if (!task.WhoHasSet.Remove(worker.Address))
        {
            return false;
        }

        worker.HasWhat.Remove(task);
        worker.NBytes -= task.NBytes;
        return true;
    }

    private void Transition(SchedulerTask task, TaskState to, string stimulusId)
    {
        if (!IsLegal(task.State, to))
        {
            throw new InvalidOperationException(
                $"Illegal transition of {task.Key} on the scheduler: {task.State} → {to} ({stimulusId}). Its story: {string.Join("; ", Story(task.Key).Select(t => $"{t.From} → {t.To} ({t.StimulusId})"))}");
        }

        if (_log.Count == TransitionLogLength)
        {
            _log.Dequeue();
        }

        _log.Enqueue((task.Key, task.State, to, stimulusId));
        if (task.StealingTo is not null && to != TaskState.Processing)
        {
            task.StealingTo = null; // a steal request still out is answered into the void
            _stealing.Remove(task);
        }

        task.Prefix.Moved(task.State, to);
        task.State = to;
    }
}
