using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>Something that happened, fed to <see cref="SchedulerState.Handle"/>; every event names the stimulus that caused it.</summary>
public abstract record SchedulerEvent(string StimulusId);

/// <summary>One task of a submitted graph: what it reads and where it sits in the static order.</summary>
public sealed record TaskSubmission(Key Key, IReadOnlyList<Key> Dependencies, int Order, int Retries = 0)
{
    /// <summary>What to run, opaque to the state machine (a graph node or its bytes); the shell sends it to the worker.</summary>
    public object? RunSpec { get; init; }
}

/// <summary>A client submitted tasks and wants the results of <paramref name="Wanted"/>.</summary>
public sealed record UpdateGraphEvent(string Client, IReadOnlyList<TaskSubmission> Tasks, IReadOnlyList<Key> Wanted, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>A worker joined.</summary>
public sealed record AddWorkerEvent(string Worker, int Threads, long MemoryLimit, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>A worker left or died; everything it held or ran is lost.</summary>
public sealed record RemoveWorkerEvent(string Worker, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary><paramref name="Worker"/> could fetch <paramref name="Key"/> from none of <paramref name="Errant"/>, the holders it was given.</summary>
public sealed record MissingDataEvent(Key Key, string Worker, IReadOnlyList<string> Errant, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>A worker finished a task and holds its result.</summary>
public sealed record TaskFinishedEvent(Key Key, string Worker, long NBytes, string StimulusId) : SchedulerEvent(StimulusId)
{
    /// <summary>How long the task ran, in seconds, when the worker measured it.</summary>
    public double? Duration { get; init; }
}

/// <summary>A task raised an exception on a worker.</summary>
public sealed record TaskErredEvent(Key Key, string Worker, string Exception, string Traceback, string StimulusId) : SchedulerEvent(StimulusId)
{
    /// <summary>The error as the shell wants to report it (opaque here); kept on the task and its failed dependents.</summary>
    public object? Details { get; init; }
}

/// <summary>A client no longer wants some results.</summary>
public sealed record ReleaseKeysEvent(string Client, IReadOnlyList<Key> Keys, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>A client scattered data: <paramref name="Data"/> (key, bytes) now sits on <paramref name="Workers"/>.</summary>
public sealed record UpdateDataEvent(string Client, IReadOnlyList<(Key Key, long NBytes)> Data, IReadOnlyList<string> Workers, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>A client asks to run failed tasks again (with the failed tasks they need).</summary>
public sealed record RetryEvent(string Client, IReadOnlyList<Key> Keys, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>A worker is closing gracefully: give it no new tasks; its results stay until copied elsewhere.</summary>
public sealed record RetireWorkerEvent(string Worker, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary><paramref name="Worker"/> now holds copies of these results (sizes in bytes).</summary>
public sealed record AddReplicasEvent(string Worker, IReadOnlyList<(Key Key, long NBytes)> Data, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>Time to even out the work (distributed's periodic work stealing).</summary>
public sealed record BalanceEvent(string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>A worker answered a steal request: <paramref name="Released"/> when it had not started the task and gave it up.</summary>
public sealed record StealResponseEvent(Key Key, string Victim, bool Released, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary><paramref name="Worker"/> said it is about to exit, and why (e.g. its memory passed the terminate threshold).</summary>
public sealed record WorkerLeavingEvent(string Worker, string Reason, string StimulusId) : SchedulerEvent(StimulusId);

/// <summary>
/// A worker's memory as its last heartbeat gave it: whether it is paused (its memory is above the
/// pause threshold, so it starts no task), its process's memory and the bytes of results it keeps in memory.
/// </summary>
public sealed record WorkerMemoryEvent(string Worker, bool Paused, long ProcessBytes, long ManagedBytes, string StimulusId) : SchedulerEvent(StimulusId);
