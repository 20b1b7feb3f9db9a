using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Working;

/// <summary>A key's state on a worker, as distributed's worker state machine.</summary>
public enum WorkerTaskState
{
    /// <summary>Not held, not wanted.</summary>
    Released,

    /// <summary>Asked for; some inputs are missing.</summary>
    Waiting,

    /// <summary>An input to fetch from a peer.</summary>
    Fetch,

    /// <summary>An input being fetched.</summary>
    Flight,

    /// <summary>Inputs present; waiting for a thread.</summary>
    Ready,

    /// <summary>Running.</summary>
    Executing,

    /// <summary>The result is here.</summary>
    Memory,

    /// <summary>Failed here.</summary>
    Error,
}

/// <summary>
/// A worker's logic as a sans-I/O state machine: tasks wait for inputs (fetched from peers, one
/// request per peer at a time), run in priority order on at most <see cref="Threads"/> threads, and
/// report back. The shell turns <see cref="WorkerInstruction"/>s into thread-pool work and network
/// requests and feeds their outcomes back as events.
/// </summary>
public sealed partial class WorkerState
{
    private readonly Dictionary<Key, Entry> _tasks = [];
    private readonly SortedSet<Entry> _ready = new(EntryOrder.Instance);
    private readonly HashSet<string> _busyPeers = new(StringComparer.Ordinal);
    private readonly HashSet<Entry> _toFetch = [];
    private readonly Queue<(Key Key, WorkerTaskState From, WorkerTaskState To, string StimulusId)> _log = new();
    private int _executing;
    private long _nbytes;

    /// <summary>A worker with <paramref name="threads"/> threads.</summary>
    public WorkerState(int threads) => Threads = Math.Max(1, threads);

    /// <summary>Tasks run at once.</summary>
    public int Threads { get; }

    /// <summary>True between a <see cref="PauseEvent"/> and an <see cref="UnpauseEvent"/>: no task starts and no input is fetched.</summary>
    public bool Paused { get; private set; }

    /// <summary>Runs <see cref="Validate"/> after every event (tests turn it on; it costs time proportional to the tasks held).</summary>
    public bool ValidateEachStep { get; init; }

    /// <summary>Bytes of results held.</summary>
    public long NBytes => _nbytes;

    /// <summary>Results held (computed here or fetched for a task here).</summary>
    public int InMemory { get; private set; }

    /// <summary>Tasks running now.</summary>
    public int Executing => _executing;

    /// <summary>Tasks waiting for a thread.</summary>
    public int ReadyCount => _ready.Count;

    /// <summary>Transitions kept for <see cref="Story"/>; older ones are dropped.</summary>
    public int TransitionLogLength { get; init; } = 100_000;

    /// <summary>The state of <paramref name="key"/> here (released when unknown).</summary>
    public WorkerTaskState StateOf(Key key) => _tasks.TryGetValue(key, out Entry? e) ? e.State : WorkerTaskState.Released;

    /// <summary>Every transition of <paramref name="key"/> with its stimulus.</summary>
    public IReadOnlyList<(Key Key, WorkerTaskState From, WorkerTaskState To, string StimulusId)> Story(Key key) => [.. _log.Where(t => t.Key == key)];

    /// <summary>Applies events and returns what the shell must do.</summary>
    public List<WorkerInstruction> Handle(params WorkerEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var output = new List<WorkerInstruction>();
        foreach (WorkerEvent e in events)
        {
            switch (e)
            {
                case ComputeTaskEvent c: Compute(c, output); break;
                case GatherDepSuccessEvent g: Gathered(g, output); break;
                case GatherDepFailureEvent f: GatherFailed(f, output); break;
                case GatherDepRefusedEvent r: GatherRefused(r, output); break;
                case ExecuteSuccessEvent s: Executed(s.Key, s.NBytes, s.Timing, null, s.StimulusId, output); break;
                case ExecuteFailureEvent x: Executed(x.Key, 0, x.Timing, x, x.StimulusId, output); break;
                case FreeKeysEvent k: Free(k, output); break;
                case CancelComputeEvent k: Cancel(k, output); break;
                case PutDataEvent p: PutData(p); break;
                case StealRequestEvent s: Steal(s, output); break;
                case PauseEvent: Paused = true; break;
                case UnpauseEvent: Paused = false; break;
                default: throw new ArgumentException($"Unknown worker event {e.GetType().Name}.", nameof(events));
            }

            StartWork(e.StimulusId, output);
            if (ValidateEachStep)
            {
                Validate();
            }
        }

        return output;
    }

    private void Compute(ComputeTaskEvent e, List<WorkerInstruction> output)
    {
        Entry task = Get(e.Key);
        if (task.State is WorkerTaskState.Memory)
        {
            task.Fetched = false; // the scheduler now counts this copy as ours
            output.Add(new SendTaskFinished(e.Key, task.NBytes, e.StimulusId));
            return;
        }

        if (task.State is WorkerTaskState.Flight)
        {
            // distributed's "resumed": the scheduler lost every copy but the one this worker is
            // fetching (from a peer that may be dead). When the fetch ends the result is reported
            // as ours; when it fails the task runs here. Ignoring the request would leave the
            // scheduler waiting on a task this worker never runs.
            task.Resumed = e;
            return;
        }

        if (task.State is WorkerTaskState.Waiting)
        {
            LearnHolders(task, e);
            return;
        }

        if (task.State is not (WorkerTaskState.Released or WorkerTaskState.Fetch or WorkerTaskState.Error))
        {
            return; // already on its way
        }

        task.Priority = e.Priority;
        task.RunSpec = e.RunSpec ?? task.RunSpec;
        task.Missing.Clear();
        foreach (var (dep, holders) in e.WhoHas)
        {
            Entry input = Get(dep);
            input.Dependents.Add(task);
            task.Inputs.Add(input);
            if (input.State == WorkerTaskState.Memory)
            {
                continue;
            }

            task.Missing.Add(input);
            foreach (string holder in holders)
            {
                input.WhoHas.Add(holder);
            }

            if (input.State == WorkerTaskState.Error && input.WhoHas.Count > 0)
            {
                // It failed here (a run the scheduler took back, e.g. a restarted shuffle's barrier) and is in memory elsewhere now.
                Transition(input, WorkerTaskState.Released, e.StimulusId);
            }

            if (input.State == WorkerTaskState.Released)
            {
                Transition(input, WorkerTaskState.Fetch, e.StimulusId);
            }
        }

        Transition(task, task.Missing.Count == 0 ? WorkerTaskState.Ready : WorkerTaskState.Waiting, e.StimulusId);
        if (task.State == WorkerTaskState.Ready)
        {
            _ready.Add(task);
        }
    }

    /// <summary>
    /// The scheduler sent a waiting task again, with where its inputs are now: after this worker
    /// reported an input missing from every holder it knew, another worker has it. The holders are
    /// added, and an input given up on is fetched again.
    /// </summary>
    private void LearnHolders(Entry task, ComputeTaskEvent e)
    {
        foreach (var (dep, holders) in e.WhoHas)
        {
            if (!_tasks.TryGetValue(dep, out Entry? input) || !task.Missing.Contains(input))
            {
                continue;
            }

            foreach (string holder in holders)
            {
                input.WhoHas.Add(holder);
            }

            if (input.State == WorkerTaskState.Released && input.WhoHas.Count > 0)
            {
                Transition(input, WorkerTaskState.Fetch, e.StimulusId);
            }
        }
    }

    private void Gathered(GatherDepSuccessEvent e, List<WorkerInstruction> output)
    {
        _busyPeers.Remove(e.Worker);
        foreach (var (key, nbytes) in e.Data)
        {
            if (!_tasks.TryGetValue(key, out Entry? input) || input.State != WorkerTaskState.Flight)
            {
                continue;
            }

            input.NBytes = nbytes;
            input.Fetched = input.Resumed is null;
            Transition(input, WorkerTaskState.Memory, e.StimulusId);
            if (input.Resumed is not null)
            {
                input.Resumed = null;
                output.Add(new SendTaskFinished(key, nbytes, e.StimulusId)); // the copy the scheduler asked this worker to make
            }

            InputArrived(input, e.StimulusId);
        }
    }

    private void GatherFailed(GatherDepFailureEvent e, List<WorkerInstruction> output)
    {
        _busyPeers.Remove(e.Worker);
        foreach (Key key in e.Keys)
        {
            if (!_tasks.TryGetValue(key, out Entry? input) || input.State != WorkerTaskState.Flight)
            {
                continue;
            }

            input.WhoHas.Remove(e.Worker);
            input.Errant.Add(e.Worker);
            if (input.Resumed is { } resumed)
            {
                RunInstead(input, resumed, e.StimulusId, output);
            }
            else if (input.WhoHas.Count > 0)
            {
                Transition(input, WorkerTaskState.Fetch, e.StimulusId); // try another holder
            }
            else
            {
                Transition(input, WorkerTaskState.Released, e.StimulusId);
                output.Add(new SendMissingData(key, [.. input.Errant.AsView().Order(StringComparer.Ordinal)], e.StimulusId));
                input.Errant.Clear();
            }
        }
    }

    /// <summary>
    /// Inputs that exist but cannot travel: asking another holder or recomputing would give a value of
    /// the same type again, so the tasks that need them err, naming the input and its type.
    /// </summary>
    private void GatherRefused(GatherDepRefusedEvent e, List<WorkerInstruction> output)
    {
        _busyPeers.Remove(e.Worker);
        foreach (var (key, reason) in e.Refused)
        {
            if (!_tasks.TryGetValue(key, out Entry? input) || input.State != WorkerTaskState.Flight)
            {
                continue;
            }

            if (input.Resumed is { } resumed)
            {
                RunInstead(input, resumed, e.StimulusId, output);
                continue;
            }

            Transition(input, WorkerTaskState.Released, e.StimulusId);
            foreach (Entry dependent in input.Dependents)
            {
                if (dependent.State == WorkerTaskState.Waiting && dependent.Missing.Contains(input))
                {
                    dependent.Missing.Clear();
                    Transition(dependent, WorkerTaskState.Error, e.StimulusId);
                    output.Add(new SendTaskErred(dependent.Key, $"{nameof(NotSupportedException)}: {reason}", string.Empty, e.StimulusId));
                }
            }
        }
    }

    /// <summary>A fetch of a key the scheduler asked this worker to compute failed: it is computed here instead.</summary>
    private void RunInstead(Entry input, ComputeTaskEvent resumed, string stimulusId, List<WorkerInstruction> output)
    {
        input.Resumed = null;
        input.Errant.Clear();
        Transition(input, WorkerTaskState.Released, stimulusId);
        Compute(resumed with { StimulusId = stimulusId }, output);
    }

    private void Executed(Key key, long nbytes, TaskTiming timing, ExecuteFailureEvent? error, string stimulusId, List<WorkerInstruction> output)
    {
        if (!_tasks.TryGetValue(key, out Entry? task) || task.State != WorkerTaskState.Executing)
        {
            return;
        }

        _executing--;
        task.RunSpec = null; // ran: the node need not stay alive
        ReleaseFetchedInputs(task, stimulusId, output);
        if (error is { } failure)
        {
            Transition(task, WorkerTaskState.Error, stimulusId);
            output.Add(new SendTaskErred(key, failure.Exception, failure.Traceback, stimulusId) { Timing = timing, Error = failure.Error });
            if (task.WhoHas.Count > 0 && task.Dependents.AsView().Any(d => d.State == WorkerTaskState.Waiting && d.Missing.Contains(task)))
            {
                // A run the scheduler had taken back (it counts the error as stale) while a task here waits for
                // its result, which the scheduler says is in memory elsewhere: fetch that one instead.
                Transition(task, WorkerTaskState.Released, stimulusId);
                Transition(task, WorkerTaskState.Fetch, stimulusId);
            }

            return;
        }

        task.NBytes = nbytes;
        Transition(task, WorkerTaskState.Memory, stimulusId);
        output.Add(new SendTaskFinished(key, nbytes, stimulusId) { Timing = timing });
        InputArrived(task, stimulusId);
    }

    /// <summary>
    /// Values put here (a scatter, or results copied from a retiring worker) are in memory at once; a
    /// task that was waiting to compute one is done without running. A running task keeps running:
    /// its own result will replace the value.
    /// </summary>
    private void PutData(PutDataEvent e)
    {
        foreach (var (key, nbytes) in e.Data)
        {
            Entry entry = Get(key);
            entry.Fetched = false;
            if (entry.State is not (WorkerTaskState.Memory or WorkerTaskState.Executing))
            {
                _ready.Remove(entry);
                entry.Missing.Clear();
                entry.NBytes = nbytes;
                Transition(entry, WorkerTaskState.Memory, e.StimulusId);
                InputArrived(entry, e.StimulusId);
            }
        }
    }

    private void Free(FreeKeysEvent e, List<WorkerInstruction> output)
    {
        foreach (Key key in e.Keys)
        {
            if (_tasks.TryGetValue(key, out Entry? task) && task.State is WorkerTaskState.Memory or WorkerTaskState.Error or WorkerTaskState.Fetch)
            {
                Transition(task, WorkerTaskState.Released, e.StimulusId);
                _tasks.Remove(key);
            }
        }
    }

    /// <summary>A task not yet started is given up (distributed's <c>steal-request</c>); a started or finished one stays.</summary>
    private void Steal(StealRequestEvent e, List<WorkerInstruction> output)
    {
        bool released = _tasks.TryGetValue(e.Key, out Entry? task) && task.State is WorkerTaskState.Waiting or WorkerTaskState.Ready;
        if (released)
        {
            Cancel(new CancelComputeEvent(e.Key, e.StimulusId), output);
        }

        output.Add(new SendStealResponse(e.Key, released, e.StimulusId));
    }

    private void Cancel(CancelComputeEvent e, List<WorkerInstruction> output)
    {
        if (_tasks.TryGetValue(e.Key, out Entry? task) && task.State is WorkerTaskState.Waiting or WorkerTaskState.Ready)
        {
            _ready.Remove(task);
            Transition(task, WorkerTaskState.Released, e.StimulusId);
            _tasks.Remove(e.Key);
            ReleaseFetchedInputs(task, e.StimulusId, output);
        }
    }

    /// <summary>
    /// Inputs fetched from peers only for tasks here are dropped once none of those tasks still
    /// needs them; the scheduler tracks the copy on the worker that computed them.
    /// </summary>
    private void ReleaseFetchedInputs(Entry task, string stimulusId, List<WorkerInstruction> output)
    {
        foreach (Entry input in task.Inputs)
        {
            input.Dependents.Remove(task);
            if (input.Fetched && input.Dependents.Count == 0 && input.State == WorkerTaskState.Memory)
            {
                Transition(input, WorkerTaskState.Released, stimulusId);
                _tasks.Remove(input.Key);
                output.Add(new ReleaseData(input.Key, stimulusId));
            }
            else if (input.Dependents.Count == 0 && input.State == WorkerTaskState.Fetch)
            {
                // Not yet asked for: no task here needs it any more.
                Transition(input, WorkerTaskState.Released, stimulusId);
                _tasks.Remove(input.Key);
            }
        }

        task.Inputs.Clear();
    }

    /// <summary>An input is now in memory: dependents with nothing else missing become ready.</summary>
    private void InputArrived(Entry input, string stimulusId)
    {
        foreach (Entry dependent in input.Dependents)
        {
            if (dependent.State == WorkerTaskState.Waiting && dependent.Missing.Remove(input) && dependent.Missing.Count == 0)
            {
                Transition(dependent, WorkerTaskState.Ready, stimulusId);
                _ready.Add(dependent);
            }
        }
    }

    /// <summary>Starts ready tasks on free threads (best priority first) and fetches inputs, one request per idle peer; nothing while paused.</summary>
    private void StartWork(string stimulusId, List<WorkerInstruction> output)
    {
        if (Paused)
        {
            return;
        }

        while (_executing < Threads && _ready.Count > 0)
        {
            Entry next = _ready.Min!;
            _ready.Remove(next);
            _executing++;
            Transition(next, WorkerTaskState.Executing, stimulusId);
            output.Add(new Execute(next.Key, stimulusId) { RunSpec = next.RunSpec });
        }

        var byPeer = new SortedDictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (Entry input in _toFetch.OrderBy(t => t.Key))
        {
            string? peer = input.WhoHas.AsView().Where(w => !_busyPeers.Contains(w)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (peer is null)
            {
                continue;
            }

            if (!byPeer.TryGetValue(peer, out List<Entry>? list))
            {
                byPeer[peer] = list = [];
            }

            list.Add(input);
        }

        foreach (var (peer, inputs) in byPeer)
        {
            _busyPeers.Add(peer);
            foreach (Entry input in inputs)
            {
                Transition(input, WorkerTaskState.Flight, stimulusId);
            }

            output.Add(new GatherDep(peer, [.. inputs.Select(i => i.Key)], stimulusId));
        }
    }

    private Entry Get(Key key)
    {
        if (!_tasks.TryGetValue(key, out Entry? e))
        {
            _tasks[key] = e = new Entry(key);
        }

        return e;
    }

    private void Transition(Entry task, WorkerTaskState to, string stimulusId)
    {
        if (!IsLegal(task.State, to))
        {
            throw new InvalidOperationException($"Illegal transition of {task.Key} on a worker: {task.State} → {to} ({stimulusId}). {StoryText(task.Key)}");
        }

        if (_log.Count == TransitionLogLength)
        {
            _log.Dequeue();
        }

        _log.Enqueue((task.Key, task.State, to, stimulusId));
        if (task.State == WorkerTaskState.Memory)
        {
            _nbytes -= task.NBytes;
            InMemory--;
        }

        if (to == WorkerTaskState.Memory)
        {
            _nbytes += task.NBytes;
            InMemory++;
        }

        if (task.State == WorkerTaskState.Fetch)
        {
            _toFetch.Remove(task);
        }
        else if (to == WorkerTaskState.Fetch)
        {
            _toFetch.Add(task);
        }

        task.State = to;
    }

    private sealed class Entry(Key key)
    {
        public Key Key { get; } = key;

        public WorkerTaskState State { get; set; } = WorkerTaskState.Released;

        public (long, int) Priority { get; set; }

        public long NBytes { get; set; }

        // Fields, mutated in place: SmallSet allocates only for a second element, and a root task has none here.
        public SmallSet<Entry> Missing;

        public SmallSet<Entry> Dependents;

        public SmallSet<Entry> Inputs;

        public bool Fetched { get; set; }

        /// <summary>What the shell runs for it (opaque), from the compute request until it has run.</summary>
        public object? RunSpec { get; set; }

        /// <summary>The scheduler's request to compute this key, received while it was in flight (distributed's "resumed").</summary>
        public ComputeTaskEvent? Resumed { get; set; }

        public SmallSet<string> WhoHas;

        /// <summary>Holders that could not give this input, reported with it when none is left.</summary>
        public SmallSet<string> Errant;

        // Equality stays by reference; the key's precomputed hash spares the runtime's per-object identity hash.
        public override int GetHashCode() => Key.GetHashCode();
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static EntryOrder Instance { get; } = new();

        public int Compare(Entry? x, Entry? y)
        {
            int c = x!.Priority.CompareTo(y!.Priority);
            return c != 0 ? c : x.Key.CompareTo(y.Key);
        }
    }
}
