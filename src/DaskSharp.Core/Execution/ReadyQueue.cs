namespace DaskSharp.Execution;

/// <summary>
/// Ready tasks by priority. Priorities are a permutation of 0..n-1, so the tasks ready at the start
/// (often most of a wide graph) are bucket-sorted into an array once and read in order; tasks that
/// become ready later go through a heap. Dequeue takes the lower of the two heads.
/// </summary>
internal sealed class ReadyQueue
{
    private readonly int[] _initial;
    private readonly int[] _priority;
    private readonly PriorityQueue<int, int> _later = new();
    private int _next;

    public ReadyQueue(int[] priority, int[] waitingOn)
    {
        _priority = priority;
        var byPriority = new int[priority.Length];
        Array.Fill(byPriority, -1);
        int count = 0;
        for (int task = 0; task < waitingOn.Length; task++)
        {
            if (waitingOn[task] == 0)
            {
                byPriority[priority[task]] = task;
                count++;
            }
        }

        _initial = new int[count];
        int k = 0;
        foreach (int task in byPriority)
        {
            if (task >= 0)
            {
                _initial[k++] = task;
            }
        }
    }

    public int Count => _initial.Length - _next + _later.Count;

    public void Enqueue(int task) => _later.Enqueue(task, _priority[task]);

    public bool TryPeek(out int task)
    {
        bool haveInitial = _next < _initial.Length;
        if (_later.TryPeek(out int laterTask, out int laterPriority)
            && (!haveInitial || laterPriority < _priority[_initial[_next]]))
        {
            task = laterTask;
            return true;
        }

        task = haveInitial ? _initial[_next] : -1;
        return haveInitial;
    }

    public bool TryDequeue(out int task)
    {
        bool haveInitial = _next < _initial.Length;
        if (_later.TryPeek(out int laterTask, out int laterPriority)
            && (!haveInitial || laterPriority < _priority[_initial[_next]]))
        {
            task = _later.Dequeue();
            return true;
        }

        if (haveInitial)
        {
            task = _initial[_next++];
            return true;
        }

        task = -1;
        return false;
    }
}
