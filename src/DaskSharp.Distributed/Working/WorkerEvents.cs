using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Working;

/// <summary>Something that happened to a worker, fed to <see cref="WorkerState.Handle"/>.</summary>
public abstract record WorkerEvent(string StimulusId);

/// <summary>The scheduler asks for <paramref name="Key"/>; its inputs are on the workers in <paramref name="WhoHas"/>.</summary>
public sealed record ComputeTaskEvent(Key Key, (long Generation, int Order) Priority, IReadOnlyDictionary<Key, string[]> WhoHas, string StimulusId) : WorkerEvent(StimulusId)
{
    /// <summary>What to run (opaque here: the shell's task node); it comes back on <see cref="Execute"/>.</summary>
    public object? RunSpec { get; init; }
}

/// <summary>Inputs arrived from a peer (with their sizes).</summary>
public sealed record GatherDepSuccessEvent(string Worker, IReadOnlyDictionary<Key, long> Data, string StimulusId) : WorkerEvent(StimulusId);

/// <summary>A peer could not give these inputs (it died, or no longer has them).</summary>
public sealed record GatherDepFailureEvent(string Worker, IReadOnlyList<Key> Keys, string StimulusId) : WorkerEvent(StimulusId);

/// <summary>A peer holds these inputs but cannot send them (no codec handles their type); the reason for each.</summary>
public sealed record GatherDepRefusedEvent(string Worker, IReadOnlyList<(Key Key, string Reason)> Refused, string StimulusId) : WorkerEvent(StimulusId);

/// <summary>A task ran and produced a result of <paramref name="NBytes"/> bytes.</summary>
public sealed record ExecuteSuccessEvent(Key Key, long NBytes, string StimulusId) : WorkerEvent(StimulusId)
{
    /// <summary>When it ran, and on which thread; it travels on to <see cref="SendTaskFinished"/>.</summary>
    public TaskTiming Timing { get; init; } = TaskTiming.Unknown;
}

/// <summary>A task raised an exception.</summary>
public sealed record ExecuteFailureEvent(Key Key, string Exception, string Traceback, string StimulusId) : WorkerEvent(StimulusId)
{
    /// <summary>When it ran, and on which thread; it travels on to <see cref="SendTaskErred"/>.</summary>
    public TaskTiming Timing { get; init; } = TaskTiming.Unknown;

    /// <summary>The error as the shell will report it (opaque here).</summary>
    public object? Error { get; init; }
}

/// <summary>Data was put here directly (a client's scatter), with the sizes of the values.</summary>
public sealed record PutDataEvent(IReadOnlyDictionary<Key, long> Data, string StimulusId) : WorkerEvent(StimulusId);

/// <summary>The scheduler no longer needs these results here.</summary>
public sealed record FreeKeysEvent(IReadOnlyList<Key> Keys, string StimulusId) : WorkerEvent(StimulusId);

/// <summary>The scheduler cancels a task it had asked for.</summary>
public sealed record CancelComputeEvent(Key Key, string StimulusId) : WorkerEvent(StimulusId);

/// <summary>Memory is above the pause threshold: start no task and fetch nothing until <see cref="UnpauseEvent"/>.</summary>
public sealed record PauseEvent(string StimulusId) : WorkerEvent(StimulusId);

/// <summary>Memory is back below the pause threshold: work resumes.</summary>
public sealed record UnpauseEvent(string StimulusId) : WorkerEvent(StimulusId);

/// <summary>What the worker's shell must do.</summary>
public abstract record WorkerInstruction(string StimulusId);

/// <summary>Run <paramref name="Key"/> on a thread of the pool.</summary>
public sealed record Execute(Key Key, string StimulusId) : WorkerInstruction(StimulusId)
{
    /// <summary>What to run: the <see cref="ComputeTaskEvent.RunSpec"/> it was asked for with.</summary>
    public object? RunSpec { get; init; }
}

/// <summary>Fetch <paramref name="Keys"/> from <paramref name="Worker"/>.</summary>
public sealed record GatherDep(string Worker, IReadOnlyList<Key> Keys, string StimulusId) : WorkerInstruction(StimulusId)
{
    /// <inheritdoc/>
    public bool Equals(GatherDep? other) => other is not null && Worker == other.Worker && Keys.SequenceEqual(other.Keys) && StimulusId == other.StimulusId;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Worker, Keys.Count, StimulusId);
}

/// <summary>Tell the scheduler a task finished here.</summary>
public sealed record SendTaskFinished(Key Key, long NBytes, string StimulusId) : WorkerInstruction(StimulusId)
{
    /// <summary>When it ran (unknown for a result that was here already).</summary>
    public TaskTiming Timing { get; init; } = TaskTiming.Unknown;
}

/// <summary>Tell the scheduler a task failed here.</summary>
public sealed record SendTaskErred(Key Key, string Exception, string Traceback, string StimulusId) : WorkerInstruction(StimulusId)
{
    /// <summary>When it ran (unknown for a task that failed before it could run).</summary>
    public TaskTiming Timing { get; init; } = TaskTiming.Unknown;

    /// <summary>The error as the shell reports it, when the failure came from running the task.</summary>
    public object? Error { get; init; }
}

/// <summary>Tell the scheduler an input could be fetched from none of <paramref name="Errant"/>, the holders it named (it must be recomputed).</summary>
public sealed record SendMissingData(Key Key, IReadOnlyList<string> Errant, string StimulusId) : WorkerInstruction(StimulusId)
{
    /// <inheritdoc/>
    public bool Equals(SendMissingData? other) => other is not null && Key == other.Key && Errant.SequenceEqual(other.Errant) && StimulusId == other.StimulusId;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Key, Errant.Count, StimulusId);
}

/// <summary>Drop the value of <paramref name="Key"/> from the data store: it was fetched for tasks here that are all done.</summary>
public sealed record ReleaseData(Key Key, string StimulusId) : WorkerInstruction(StimulusId);

/// <summary>The scheduler would move <paramref name="Key"/> to another worker, if it has not started here.</summary>
public sealed record StealRequestEvent(Key Key, string StimulusId) : WorkerEvent(StimulusId);

/// <summary>Tell the scheduler whether <paramref name="Key"/> was given up for stealing.</summary>
public sealed record SendStealResponse(Key Key, bool Released, string StimulusId) : WorkerInstruction(StimulusId);
