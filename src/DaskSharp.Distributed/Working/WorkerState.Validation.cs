namespace DaskSharp.Distributed.Working;

// The transitions a key may take on a worker, and the invariants tests check after every step.
public sealed partial class WorkerState
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first broken invariant and the key's story.</summary>
    public void Validate()
    {
        int executing = 0;
        long nbytes = 0;
        int inMemory = 0;
        foreach (Entry t in _tasks.Values)
        {
            Check(t, t.State != WorkerTaskState.Released || t.Dependents.Count > 0, "is released but still held without dependents");
            Check(t, (t.State == WorkerTaskState.Ready) == _ready.Contains(t), "ready-set membership does not match its state");
            Check(t, (t.State == WorkerTaskState.Fetch) == _toFetch.Contains(t), "fetch-set membership does not match its state");
            Check(t, t.State != WorkerTaskState.Waiting || t.Missing.Count > 0, "waits on no missing input");
            Check(t, t.State is WorkerTaskState.Waiting || t.Missing.Count == 0, $"is {t.State} with missing inputs");
            Check(t, t.Missing.AsView().All(m => m.State is not WorkerTaskState.Memory && t.Inputs.Contains(m)), "misses an input that is here, or not one of its inputs");
            Check(t, t.Inputs.AsView().All(i => i.Dependents.Contains(t)), "has an input that does not list it as a dependent");
            Check(t, t.State is not WorkerTaskState.Fetch || t.Dependents.Count > 0, "is to be fetched for no task");
            Check(t, t.State is not WorkerTaskState.Fetch || t.WhoHas.Count > 0, "is to be fetched from nobody");
            if (t.State == WorkerTaskState.Executing)
            {
                executing++;
            }

            if (t.State == WorkerTaskState.Memory)
            {
                nbytes += t.NBytes;
                inMemory++;
            }
        }

        Check(executing == _executing && _executing <= Threads, $"{_executing} tasks counted executing, {executing} are, on {Threads} threads");
        Check(nbytes == _nbytes && inMemory == InMemory, $"{_nbytes} bytes in {InMemory} results counted; {nbytes} in {inMemory} held");
    }

    /// <summary>The transitions distributed's worker allows that this state machine takes.</summary>
    private static bool IsLegal(WorkerTaskState from, WorkerTaskState to) => (from, to) switch
    {
        (WorkerTaskState.Released, WorkerTaskState.Fetch or WorkerTaskState.Waiting or WorkerTaskState.Ready or WorkerTaskState.Memory) => true,
        (WorkerTaskState.Fetch, WorkerTaskState.Flight or WorkerTaskState.Released or WorkerTaskState.Waiting or WorkerTaskState.Ready or WorkerTaskState.Memory) => true,
        (WorkerTaskState.Flight, WorkerTaskState.Memory or WorkerTaskState.Fetch or WorkerTaskState.Released) => true,
        (WorkerTaskState.Waiting, WorkerTaskState.Ready or WorkerTaskState.Released or WorkerTaskState.Error or WorkerTaskState.Memory) => true,
        (WorkerTaskState.Ready, WorkerTaskState.Executing or WorkerTaskState.Released or WorkerTaskState.Memory) => true,
        (WorkerTaskState.Executing, WorkerTaskState.Memory or WorkerTaskState.Error) => true,
        (WorkerTaskState.Memory, WorkerTaskState.Released) => true,
        (WorkerTaskState.Error, WorkerTaskState.Released or WorkerTaskState.Waiting or WorkerTaskState.Ready or WorkerTaskState.Memory) => true,
        _ => false,
    };

    private string StoryText(DaskSharp.Graphs.Key key) =>
        $"Its story: {string.Join("; ", Story(key).Select(s => $"{s.From} → {s.To} ({s.StimulusId})"))}";

    private void Check(Entry task, bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Worker state: {task.Key} ({task.State}) {what}. {StoryText(task.Key)}");
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Worker state: {what}.");
        }
    }
}
