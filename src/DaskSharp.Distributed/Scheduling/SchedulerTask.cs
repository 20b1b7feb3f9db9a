using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>The scheduler's record of one task (distributed's <c>TaskState</c>).</summary>
public sealed class SchedulerTask
{
    internal SchedulerTask(Key key, (long, int) priority, int retries, TaskPrefix prefix)
    {
        Key = key;
        Prefix = prefix;
        Priority = priority;
        RetriesLeft = retries;
    }

    /// <summary>The task's key.</summary>
    public Key Key { get; }

    /// <summary>The tasks sharing its key prefix.</summary>
    public TaskPrefix Prefix { get; }

    /// <summary>Where the task is in its life.</summary>
    public TaskState State { get; internal set; } = TaskState.Released;

    /// <summary>(submission generation, static order): lower runs first.</summary>
    public (long Generation, int Order) Priority { get; internal set; }

    // The sets live inline (see SmallSet): a task of a wide map has none of its first four and one
    // element in each of the last two. The state machine mutates these fields in place.
    internal SmallSet<SchedulerTask> DependencySet;
    internal SmallSet<SchedulerTask> DependentSet;
    internal SmallSet<SchedulerTask> WaitingOnSet;
    internal SmallSet<SchedulerTask> WaiterSet;
    internal SmallSet<string> WhoHasSet;
    internal SmallSet<string> WhoWantsSet;

    /// <summary>Tasks this one reads.</summary>
    public SmallSetView<SchedulerTask> Dependencies => DependencySet.AsView();

    /// <summary>Tasks that read this one.</summary>
    public SmallSetView<SchedulerTask> Dependents => DependentSet.AsView();

    /// <summary>Dependencies not yet in memory (while waiting).</summary>
    public SmallSetView<SchedulerTask> WaitingOn => WaitingOnSet.AsView();

    /// <summary>Dependents that still need this result.</summary>
    public SmallSetView<SchedulerTask> Waiters => WaiterSet.AsView();

    /// <summary>Workers holding the result (addresses compare ordinally).</summary>
    public SmallSetView<string> WhoHas => WhoHasSet.AsView();

    /// <summary>Clients that asked for this result.</summary>
    public SmallSetView<string> WhoWants => WhoWantsSet.AsView();

    /// <summary>Its position in the scheduler's queue of root tasks, or -1.</summary>
    internal int QueueIndex = -1;

    /// <summary>The idle worker it would move to, while a steal request for it is out.</summary>
    public string? StealingTo { get; internal set; }

    /// <summary>The worker running it, while processing.</summary>
    public string? ProcessingOn { get; internal set; }

    /// <summary>The run time expected when it was assigned (its prefix's average), counted in its worker's occupancy.</summary>
    public double ExpectedSeconds { get; internal set; }

    /// <summary>Bytes of the result, once known.</summary>
    public long NBytes { get; internal set; }

    /// <summary>Workers that died while running it (three make it a <c>KilledWorker</c> error).</summary>
    public int Suspicious { get; internal set; }

    /// <summary>How many more times it may be retried after an error.</summary>
    public int RetriesLeft { get; internal set; }

    /// <summary>The exception text, when erred (a dependent's is its failed dependency's).</summary>
    public string? Exception { get; internal set; }

    /// <summary>The error details the shell attached to the failure (see <see cref="TaskErredEvent.Details"/>).</summary>
    public object? ErrorDetails { get; internal set; }

    /// <summary>What to run (opaque to the state machine; the shell ships it to workers).</summary>
    public object? RunSpec { get; internal set; }

    /// <summary>True for scattered data: it has no lineage, so losing every copy is an error.</summary>
    public bool IsData { get; internal set; }

    /// <summary>The only worker that may run it (a p2p shuffle's unpack runs where its pieces are), or null for any (<see cref="RestrictTasksEvent"/>).</summary>
    public string? WorkerRestriction { get; internal set; }

    /// <summary>True while some client or waiting dependent needs the result.</summary>
    internal bool IsNeeded => WhoWantsSet.Count > 0 || WaiterSet.Count > 0;

    /// <inheritdoc/>
    public override string ToString() => $"<Task {Key} {State}>";

    /// <summary>The key's hash: equality stays by reference, only the hash is the key's.</summary>
    /// <remarks>
    /// The runtime's identity hash is made on first use, per object, and cost a good part of every
    /// Assign of a million-task map (each task's first add to its worker's set). Hash sets enumerate
    /// in insertion order whatever the hash, so instructions come in the same order.
    /// </remarks>
    public override int GetHashCode() => Key.GetHashCode();
}

/// <summary>The scheduler's record of one worker.</summary>
public sealed class SchedulerWorker
{
    internal SchedulerWorker(string address, int threads, long memoryLimit, double saturation)
    {
        Slots = double.IsPositiveInfinity(saturation) ? int.MaxValue : Math.Max(1, (int)Math.Ceiling(threads * saturation));
        Address = address;
        Threads = threads;
        MemoryLimit = memoryLimit;
    }

    /// <summary>The worker's address.</summary>
    public string Address { get; }

    /// <summary>Threads running tasks.</summary>
    public int Threads { get; }

    /// <summary>Its memory limit in bytes.</summary>
    public long MemoryLimit { get; }

    /// <summary>Tasks assigned to it.</summary>
    public HashSet<SchedulerTask> Processing { get; } = [];

    /// <summary>Results it holds.</summary>
    public HashSet<SchedulerTask> HasWhat { get; } = [];

    /// <summary>True while it closes gracefully: it gets no new tasks.</summary>
    public bool Retiring { get; internal set; }

    /// <summary>Expected seconds of work assigned to it (distributed's <c>occupancy</c>).</summary>
    public double Occupancy { get; internal set; }

    /// <summary>Bytes of results it holds.</summary>
    public long NBytes { get; internal set; }

    /// <summary>True while its memory is above the pause threshold (last heartbeat): it starts no task.</summary>
    public bool Paused { get; internal set; }

    /// <summary>
    /// distributed's "running" status: neither retiring nor paused, so new tasks (and stolen ones)
    /// may go to it. Tasks it already has stay while it is paused; stealing may move them.
    /// </summary>
    public bool TakesTasks => !Retiring && !Paused;

    /// <summary>Its process's memory (last heartbeat).</summary>
    public long ProcessBytes { get; internal set; }

    /// <summary>Bytes of results it keeps in memory, not spilled (last heartbeat).</summary>
    public long ManagedMemoryBytes { get; internal set; }

    /// <summary>Why it said it is leaving (<see cref="WorkerLeavingEvent"/>), or null.</summary>
    public string? LeavingReason { get; internal set; }

    /// <summary>Tasks beyond which root tasks wait in the queue (distributed's worker-saturation 1.1).</summary>
    internal int Slots { get; }
}
