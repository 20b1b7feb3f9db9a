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

/// <summary>One paused worker's memory, for <see cref="ClusterPaused"/>.</summary>
public readonly record struct PausedWorker(string Worker, long ProcessBytes, long ManagedBytes, long MemoryLimit);

/// <summary>
/// Every worker is paused while <paramref name="Waiting"/> tasks wait: tell every client why nothing
/// runs (once per episode; <see cref="ClusterResumed"/> ends it).
/// </summary>
public sealed record ClusterPaused(IReadOnlyList<PausedWorker> Workers, int Waiting, string StimulusId) : SchedulerInstruction(StimulusId)
{
    /// <summary>The notice in words, e.g. "All 2 workers are paused: their memory is above the pause threshold (tcp://a: process 540 MiB of its 600 MiB limit, 500 MiB of results in memory; …). 7 tasks wait until they spill, free memory or restart."</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder();
        text.Append(Workers.Count == 1 ? "The only worker is paused" : $"All {Workers.Count} workers are paused")
            .Append(": ").Append(Workers.Count == 1 ? "its" : "their").Append(" memory is above the pause threshold (");
        for (int i = 0; i < Workers.Count; i++)
        {
            PausedWorker w = Workers[i];
            text.Append(i == 0 ? string.Empty : "; ").Append(w.Worker).Append(": process ").Append(ByteSize.Format(w.ProcessBytes));
            if (w.MemoryLimit > 0)
            {
                text.Append(" of its ").Append(ByteSize.Format(w.MemoryLimit)).Append(" limit");
            }

            text.Append(", ").Append(ByteSize.Format(w.ManagedBytes)).Append(" of results in memory");
        }

        return text.Append("). ").Append(Waiting).Append(Waiting == 1 ? " task waits" : " tasks wait")
            .Append(" until they spill, free memory or restart.").ToString();
    }

    /// <inheritdoc/>
    public bool Equals(ClusterPaused? other) =>
        other is not null && Workers.SequenceEqual(other.Workers) && Waiting == other.Waiting && StimulusId == other.StimulusId;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Workers.Count, Waiting, StimulusId);
}

/// <summary>The episode of <see cref="ClusterPaused"/> is over: <paramref name="Running"/> workers run tasks again (none: the paused ones are gone).</summary>
public sealed record ClusterResumed(IReadOnlyList<string> Running, string StimulusId) : SchedulerInstruction(StimulusId)
{
    /// <summary>The notice in words.</summary>
    public string Describe() => Running.Count == 0
        ? "The paused workers are gone; tasks wait for a worker."
        : $"Workers run tasks again: {string.Join(", ", Running)} {(Running.Count == 1 ? "is" : "are")} no longer paused.";

    /// <inheritdoc/>
    public bool Equals(ClusterResumed? other) => other is not null && Running.SequenceEqual(other.Running) && StimulusId == other.StimulusId;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Running.Count, StimulusId);
}
