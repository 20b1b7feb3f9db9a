using DaskSharp.Distributed.Scheduling;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Shuffle;

/// <summary>One run of a shuffle as the scheduler gave it out: its id, and the worker that owns each output partition.</summary>
public sealed record ShuffleRun(string Id, long Run, IReadOnlyList<string> Workers)
{
    /// <summary>The workers that own an output partition (those a restart or a clean-up tells).</summary>
    public IReadOnlyList<string> Participants => [.. Workers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <inheritdoc/>
    public bool Equals(ShuffleRun? other) => other is not null && Id == other.Id && Run == other.Run && Workers.SequenceEqual(other.Workers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Run);
}

/// <summary>Tell <paramref name="Worker"/> that run <paramref name="Run"/> of shuffle <paramref name="Id"/> (and any earlier) is over: drop its pieces, refuse new ones.</summary>
public sealed record StopShuffleRun(string Worker, string Id, long Run, string Reason);

/// <summary>What a shuffle request gave: the run (or an error saying why none), the events for the scheduler's state machine, and the workers to tell of stopped runs.</summary>
public sealed record ShuffleDecision(ShuffleRun? Run, string? Error, IReadOnlyList<SchedulerEvent> Events, IReadOnlyList<StopShuffleRun> Stops)
{
    /// <inheritdoc/>
    public bool Equals(ShuffleDecision? other) =>
        other is not null && Equals(Run, other.Run) && Error == other.Error && Events.Count == other.Events.Count && Stops.SequenceEqual(other.Stops);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Run, Error);
}

/// <summary>
/// The scheduler's side of the p2p shuffle (distributed's <c>ShuffleSchedulerPlugin</c>), without I/O:
/// the first transfer of a shuffle creates its run, which gives each output partition to a worker
/// (contiguous ranges over the workers, as Dask's range sharding) and pins the unpack tasks — the
/// barrier's dependents — to their owners. A participating worker that leaves, or a barrier that finds
/// its transfers in different runs, restarts the shuffle: its transfers, barrier and unpacks run again
/// and the next transfer creates a new run on the workers left. When the barrier is released (every
/// unpack has run, or nobody wants the shuffle any more) the participants drop what is left.
/// Run ids only grow, so a piece of a stopped run is always told apart.
/// </summary>
public sealed class ShuffleSchedulerState
{
    private readonly Dictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private long _runs;

    /// <summary>How many times a shuffle restarted (a participant left, or a barrier found its transfers in different runs).</summary>
    public int Restarts { get; private set; }

    /// <summary>The runs in progress, by shuffle id.</summary>
    public IReadOnlyDictionary<string, ShuffleRun> Active => _active.ToDictionary(a => a.Key, a => a.Value.Run, StringComparer.Ordinal);

    /// <summary>A transfer asks for the shuffle's run: the current one, or a new one over the workers taking tasks now.</summary>
    public ShuffleDecision GetOrCreate(string id, int outputs, Key barrier, SchedulerState state, string stimulusId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_active.TryGetValue(id, out ActiveRun? active))
        {
            return new ShuffleDecision(active.Run, null, [], []);
        }

        if (!state.Tasks.TryGetValue(barrier, out SchedulerTask? barrierTask) || barrierTask.State is TaskState.Released or TaskState.Forgotten or TaskState.Erred)
        {
            return Refuse($"Shuffle {id} is not running: its barrier {barrier} is {(barrierTask is null ? "unknown" : barrierTask.State.ToString().ToLowerInvariant())} on the scheduler.");
        }

        string[] workers = [.. state.Workers.Values.Where(w => w.TakesTasks).Select(w => w.Address).Order(StringComparer.Ordinal)];
        if (workers.Length == 0)
        {
            return Refuse($"Shuffle {id} has no worker to own its {outputs} output partitions: every worker is paused or closing.");
        }

        // Each unpack task (a dependent of the barrier) is output partition <its key's index>, unless it was
        // fused into a task that numbers its partitions otherwise (a Loc of some of them): the pins are a
        // first guess, and an unpack that runs elsewhere than its owner moves there (Reschedule).
        var unpacks = new Key?[outputs];
        foreach (SchedulerTask dependent in barrierTask.Dependents)
        {
            Key k = dependent.Key;
            if (k.HasIndex && k.Index.Length == 1 && k.Index[0] >= 0 && k.Index[0] < outputs && unpacks[k.Index[0]] is null)
            {
                unpacks[k.Index[0]] = k;
            }
        }

        var owners = new string[outputs];
        for (int j = 0; j < outputs; j++)
        {
            owners[j] = workers[(int)((long)j * workers.Length / outputs)];
        }

        var run = new ShuffleRun(id, ++_runs, owners);
        _active[id] = new ActiveRun(run, barrier);
        var pins = new List<(Key, string?)>();
        for (int j = 0; j < outputs; j++)
        {
            if (unpacks[j] is { } unpack)
            {
                pins.Add((unpack, owners[j]));
            }
        }

        return new ShuffleDecision(run, null, [new RestrictTasksEvent(pins, stimulusId)], []);
    }

    /// <summary>
    /// The barrier ran on <paramref name="worker"/> on transfers of <paramref name="run"/> (<paramref name="consistent"/>
    /// when they all went into it): the run; or, when the scheduler counts that barrier as running there but its
    /// transfers went into different or stopped runs (a transfer's old execution reported for its new one),
    /// a restart. A barrier the scheduler no longer counts as running (a restart reset it) changes nothing.
    /// </summary>
    public ShuffleDecision Barrier(string id, long run, bool consistent, Key barrier, string worker, SchedulerState state, string stimulusId)
    {
        ArgumentNullException.ThrowIfNull(state);
        _active.TryGetValue(id, out ActiveRun? active);
        if (consistent && active is not null && active.Run.Run == run)
        {
            return new ShuffleDecision(active.Run, null, [], []);
        }

        string why = consistent
            ? $"run {run} was restarted (the current run is {(active is null ? "none" : active.Run.Run)})"
            : $"its transfers went into different runs (the barrier saw run {run} and others)";
        if (state.Tasks.TryGetValue(barrier, out SchedulerTask? task) && task.State == TaskState.Processing && task.ProcessingOn == worker)
        {
            ShuffleDecision restart = Restart(id, barrier, why, state, stimulusId);
            return restart with { Error = $"Shuffle {id} restarted: {why}." };
        }

        return Refuse($"Shuffle {id}: {why}.");
    }

    /// <summary>
    /// The unpack of an output partition runs as <paramref name="key"/> on a worker that does not own it
    /// (its pin was a wrong guess): it is pinned to <paramref name="owner"/> and placed there again
    /// (distributed's <c>Reschedule</c> of an unpack), and the worker's own outcome is then stale.
    /// </summary>
    public ShuffleDecision Reschedule(string id, long run, Key key, string owner, string stimulusId)
    {
        if (!_active.TryGetValue(id, out ActiveRun? active) || active.Run.Run != run)
        {
            return Refuse($"Shuffle {id}: run {run} was restarted (the current run is {(active is null ? "none" : active.Run.Run)}).");
        }

        if (!active.Run.Workers.Contains(owner))
        {
            return Refuse($"Shuffle {id}: {owner} owns no output partition of run {run}.");
        }

        return new ShuffleDecision(active.Run, null, [new RestrictTasksEvent([(key, owner)], stimulusId), new RestartTasksEvent([key], stimulusId)], []);
    }

    /// <summary>A worker left: every shuffle it owns outputs of restarts.</summary>
    public ShuffleDecision WorkerRemoved(string worker, SchedulerState state, string stimulusId)
    {
        var events = new List<SchedulerEvent>();
        var stops = new List<StopShuffleRun>();
        foreach (string id in _active.Where(a => a.Value.Run.Workers.Contains(worker)).Select(a => a.Key).Order(StringComparer.Ordinal).ToList())
        {
            ShuffleDecision d = Restart(id, _active[id].Barrier, $"worker {worker} left", state, stimulusId);
            events.AddRange(d.Events);
            stops.AddRange(d.Stops.Where(s => s.Worker != worker));
        }

        return new ShuffleDecision(null, null, events, stops);
    }

    /// <summary>Shuffles whose barrier is released, forgotten or erred are over: their participants drop what is left.</summary>
    public IReadOnlyList<StopShuffleRun> Sweep(SchedulerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_active.Count == 0)
        {
            return [];
        }

        var stops = new List<StopShuffleRun>();
        foreach (var (id, active) in _active.OrderBy(a => a.Key, StringComparer.Ordinal).ToList())
        {
            if (!state.Tasks.TryGetValue(active.Barrier, out SchedulerTask? barrier) || barrier.State is TaskState.Released or TaskState.Forgotten or TaskState.Erred)
            {
                _active.Remove(id);
                stops.AddRange(active.Run.Participants.Select(w => new StopShuffleRun(w, id, active.Run.Run, "the shuffle is over")));
            }
        }

        return stops;
    }

    /// <summary>Stops the run (if one is active), lifts the pins and runs the transfers, the barrier and the unpacks again.</summary>
    private ShuffleDecision Restart(string id, Key barrierKey, string why, SchedulerState state, string stimulusId)
    {
        _active.Remove(id, out ActiveRun? active);
        Restarts++;
        var keys = new List<Key>();
        var unpins = new List<(Key, string?)>();
        if (state.Tasks.TryGetValue(barrierKey, out SchedulerTask? barrier))
        {
            keys.AddRange(barrier.Dependencies.Select(t => t.Key).Order());
            keys.Add(barrier.Key);
            foreach (Key k in barrier.Dependents.Select(t => t.Key).Order())
            {
                keys.Add(k);
                unpins.Add((k, null));
            }
        }

        List<StopShuffleRun> stops = active is null ? [] : [.. active.Run.Participants.Select(w => new StopShuffleRun(w, id, active.Run.Run, $"the shuffle restarted: {why}"))];
        // Restarted first, then unpinned: an unpack parked for a worker that left waits for the barrier again
        // instead of being placed anywhere for a moment.
        return new ShuffleDecision(null, null, [new RestartTasksEvent(keys, stimulusId), new RestrictTasksEvent(unpins, stimulusId)], stops);
    }

    private static ShuffleDecision Refuse(string error) => new(null, error, [], []);

    private sealed record ActiveRun(ShuffleRun Run, Key Barrier);
}
