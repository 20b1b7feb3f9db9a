using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>What the scheduler's shell must do, as decided by <see cref="SchedulerState.Handle"/>.</summary>
public abstract record SchedulerInstruction(string StimulusId);

/// <summary>Run <paramref name="Key"/> on <paramref name="Worker"/>; its inputs are on the workers in <paramref name="WhoHas"/>.</summary>
public sealed record ComputeTask(string Worker, Key Key, (long Generation, int Order) Priority, IReadOnlyDictionary<Key, string[]> WhoHas, string StimulusId) : SchedulerInstruction(StimulusId)
{
    /// <inheritdoc/>
    public bool Equals(ComputeTask? other) =>
        other is not null && Worker == other.Worker && Key == other.Key && Priority == other.Priority && StimulusId == other.StimulusId
        && WhoHas.Count == other.WhoHas.Count && WhoHas.All(kv => other.WhoHas.TryGetValue(kv.Key, out string[]? w) && w.SequenceEqual(kv.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Worker, Key, Priority, StimulusId);
}

/// <summary>Stop running these tasks on <paramref name="Worker"/> (their inputs were lost, or nobody wants them).</summary>
public sealed record CancelCompute(string Worker, Key Key, string StimulusId) : SchedulerInstruction(StimulusId);

/// <summary>Drop these results from <paramref name="Worker"/>'s memory.</summary>
public sealed record FreeKeys(string Worker, IReadOnlyList<Key> Keys, string StimulusId) : SchedulerInstruction(StimulusId)
{
    /// <inheritdoc/>
    public bool Equals(FreeKeys? other) => other is not null && Worker == other.Worker && Keys.SequenceEqual(other.Keys) && StimulusId == other.StimulusId;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Worker, Keys.Count, StimulusId);
}

/// <summary>Tell <paramref name="Client"/> a wanted key is done (<c>memory</c>) or failed (<c>erred</c>, with the original exception).</summary>
public sealed record ReportKey(string Client, Key Key, TaskState State, string? Exception, string StimulusId) : SchedulerInstruction(StimulusId);

/// <summary>Ask <paramref name="Victim"/> to give up <paramref name="Key"/> if it has not started it (it would move to <paramref name="Thief"/>).</summary>
public sealed record StealRequest(string Victim, Key Key, string Thief, string StimulusId) : SchedulerInstruction(StimulusId);
