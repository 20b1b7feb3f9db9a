using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>A worker as the dashboard shows it.</summary>
/// <param name="Address">Where it listens.</param>
/// <param name="Name">Its name (the address when it gave none).</param>
/// <param name="Threads">Task threads.</param>
/// <param name="MemoryLimit">Bytes (0: none).</param>
/// <param name="ManagedBytes">Bytes of results the scheduler knows it holds.</param>
/// <param name="SpilledBytes">Bytes it spilled to disk (last heartbeat).</param>
/// <param name="ProcessBytes">Its process's resident memory (last heartbeat).</param>
/// <param name="Cpu">Its process's CPU use in percent of one core (last heartbeat).</param>
/// <param name="Processing">Tasks the scheduler assigned to it.</param>
/// <param name="InMemory">Results it holds.</param>
/// <param name="Executing">Tasks running on it (last heartbeat).</param>
/// <param name="Ready">Tasks ready to run on it (last heartbeat).</param>
/// <param name="Paused">True while memory pressure keeps it from starting tasks.</param>
/// <param name="Retiring">True while it closes gracefully.</param>
/// <param name="LastSeen">Seconds since it last sent anything.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="DiskWriteBytes">Bytes it spilled to disk since it started (last heartbeat).</param>
/// <param name="DiskReadBytes">Bytes it read back from disk since it started (last heartbeat).</param>
/// <param name="DroppedBytes">Bytes of results it dropped, to be recomputed when needed, since it started (last heartbeat).</param>
public sealed record WorkerSnapshot(
    string Address, string Name, int Threads, long MemoryLimit, long ManagedBytes, long SpilledBytes, long ProcessBytes, double Cpu,
    int Processing, int InMemory, int Executing, int Ready, bool Paused, bool Retiring, double LastSeen, long Pid,
    long DiskWriteBytes = 0, long DiskReadBytes = 0, long DroppedBytes = 0)
{
    /// <summary>Bytes of p2p shuffle pieces it wrote to disk past its shuffle buffer since it started (last heartbeat).</summary>
    public long ShuffleDiskBytes { get; init; }

    /// <summary>Bytes of results it keeps in memory: managed minus spilled, at least 0 (Dask's <c>managed</c> memory).</summary>
    public long ManagedMemoryBytes => Math.Max(0, ManagedBytes - SpilledBytes);

    /// <summary>Process memory that is not results in memory, at least 0 (Dask's <c>unmanaged</c> memory).</summary>
    public long UnmanagedBytes => Math.Max(0, ProcessBytes - ManagedMemoryBytes);

    /// <summary>"paused", "retiring" or "running", as the pages show it.</summary>
    public string Status => Retiring ? "retiring" : Paused ? "paused" : "running";

    /// <summary>No task assigned (distributed's <c>idle</c> set).</summary>
    public bool Idle => Processing == 0;

    /// <summary>More tasks assigned than threads (distributed's <c>saturated</c> set).</summary>
    public bool Saturated => Processing > Threads;
}

/// <summary>A task prefix's progress: tasks by state, plus totals for <c>/metrics</c>.</summary>
/// <param name="Name">The key prefix.</param>
/// <param name="Index">The order the scheduler first saw it in (its colour).</param>
/// <param name="States">Tasks by state now, indexed by <see cref="TaskState"/> (forgotten counts those gone since the group began).</param>
/// <param name="TotalsInto">Transitions into each state since the scheduler started.</param>
/// <param name="DurationAverage">Measured seconds per task, or null.</param>
/// <param name="ComputeSeconds">Measured compute seconds in total.</param>
/// <param name="Suspicious">Times one of its tasks was on a worker that died.</param>
public sealed record PrefixSnapshot(string Name, int Index, int[] States, long[] TotalsInto, double? DurationAverage, double ComputeSeconds, long Suspicious)
{
    /// <summary>Tasks of the current group.</summary>
    public int Total => States.Sum();

    /// <summary>Tasks in <paramref name="state"/>.</summary>
    public int this[TaskState state] => States[(int)state];
}

/// <summary>Everything the dashboard's live pages draw, taken at one instant under the scheduler's lock.</summary>
/// <param name="Time">When it was taken (<see cref="WallClock"/> seconds).</param>
/// <param name="Id">The scheduler's id.</param>
/// <param name="Address">The scheduler's address.</param>
/// <param name="Clients">Clients connected.</param>
/// <param name="Workers">Workers, by address.</param>
/// <param name="Prefixes">Task prefixes with live tasks, in the order they first appeared.</param>
/// <param name="TasksPerSecond">Tasks finished per second over the last five seconds.</param>
public sealed record ClusterSnapshot(double Time, string Id, string Address, int Clients, IReadOnlyList<WorkerSnapshot> Workers, IReadOnlyList<PrefixSnapshot> Prefixes, double TasksPerSecond)
{
    /// <summary>The states of tasks the scheduler still knows (all but forgotten).</summary>
    public static IReadOnlyList<TaskState> KnownStates { get; } = [.. Enum.GetValues<TaskState>().Where(t => t != TaskState.Forgotten)];

    /// <summary>Tasks the scheduler knows in <paramref name="state"/>.</summary>
    public int Tasks(TaskState state) => Prefixes.Sum(p => p[state]);
}

/// <summary>One task as the <c>/info</c> page shows it.</summary>
public sealed record TaskSnapshot(
    string Key, string Prefix, TaskState State, string? ProcessingOn, IReadOnlyList<string> WhoHas, IReadOnlyList<string> WhoWants,
    IReadOnlyList<(string Key, TaskState State)> Dependencies, IReadOnlyList<(string Key, TaskState State)> Dependents,
    long NBytes, string? Exception, IReadOnlyList<(string Key, TaskState From, TaskState To, string StimulusId)> Story);

// Read-only views of the scheduler for diagnostics (the dashboard): each is copied under the lock
// in time proportional to workers and prefixes, never to tasks, so watching does not slow work.
public sealed partial class Scheduler
{
    private static readonly HeartbeatMessage NoHeartbeat = new(0, 0, 0, 0, 0, false, 0, 0);

    /// <summary>The cluster now: workers, progress by prefix and the task rate.</summary>
    public ClusterSnapshot Snapshot()
    {
        double now = WallClock.Now(_time);
        DateTime utcNow = UtcNow;
        lock (_gate)
        {
            var workers = new List<WorkerSnapshot>(_workers.Count);
            foreach (Peer peer in _workers.Values.OrderBy(w => w.Id, StringComparer.Ordinal))
            {
                if (!_state.Workers.TryGetValue(peer.Id, out SchedulerWorker? w))
                {
                    continue;
                }

                HeartbeatMessage beat = peer.Heartbeat ?? NoHeartbeat;
                workers.Add(new WorkerSnapshot(
                    peer.Id, peer.Name ?? peer.Id, w.Threads, w.MemoryLimit, w.NBytes, beat.SpilledBytes, beat.ProcessBytes, beat.Cpu,
                    w.Processing.Count, w.HasWhat.Count, beat.Executing, beat.Ready, beat.Paused, w.Retiring,
                    (utcNow - peer.LastSeen).TotalSeconds, peer.Pid, beat.DiskWriteBytes, beat.DiskReadBytes, beat.DroppedBytes) { ShuffleDiskBytes = beat.ShuffleDiskBytes });
            }

            var prefixes = new List<PrefixSnapshot>();
            foreach (TaskPrefix p in _state.Prefixes.Values.OrderBy(p => p.Index))
            {
                var states = new int[Enum.GetValues<TaskState>().Length];
                var totals = new long[states.Length];
                for (int s = 0; s < states.Length; s++)
                {
                    states[s] = p.Count((TaskState)s);
                    totals[s] = p.TotalInto((TaskState)s);
                }

                prefixes.Add(new PrefixSnapshot(p.Name, p.Index, states, totals, p.DurationAverage, p.ComputeSeconds, p.Suspicious));
            }

            return new ClusterSnapshot(now, Id, Address, _clients.Count, workers, prefixes, TaskStream.TasksPerSecond(now));
        }
    }

    /// <summary>The task with key <paramref name="key"/> and its recent story, or null when the scheduler does not know it.</summary>
    public TaskSnapshot? TaskInfo(Key key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_state.Tasks.TryGetValue(key, out SchedulerTask? t))
            {
                return null;
            }

            return new TaskSnapshot(
                t.Key.ToString(), t.Prefix.Name, t.State, t.ProcessingOn, [.. t.WhoHas.Order(StringComparer.Ordinal)], [.. t.WhoWants.Order(StringComparer.Ordinal)],
                [.. t.Dependencies.OrderBy(d => d.Key).Select(d => (d.Key.ToString(), d.State))],
                [.. t.Dependents.OrderBy(d => d.Key).Select(d => (d.Key.ToString(), d.State))],
                t.NBytes, t.Exception,
                [.. _state.Story(key).Select(s => (s.Key.ToString(), s.From, s.To, s.StimulusId))]);
        }
    }

    /// <summary>Keys of the tasks a worker is processing and holds (at most <paramref name="max"/> of each), for its <c>/info</c> page.</summary>
    public (IReadOnlyList<string> Processing, IReadOnlyList<string> HasWhat)? WorkerTasks(string address, int max)
    {
        lock (_gate)
        {
            return _state.Workers.TryGetValue(address, out SchedulerWorker? w)
                ? ([.. w.Processing.Take(max).Select(t => t.Key.ToString())], [.. w.HasWhat.Take(max).Select(t => t.Key.ToString())])
                : null;
        }
    }
}
