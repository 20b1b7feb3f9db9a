namespace DaskSharp.Distributed.Scheduling;

/// <summary>
/// The scheduler's queue of root tasks waiting for a free worker slot (distributed's <c>queued</c>):
/// a binary min-heap by (priority, key) whose tasks remember their position, so the best task is
/// read at once and any task leaves in O(log n).
/// </summary>
/// <remarks>
/// It replaced a <see cref="SortedSet{T}"/>, which allocated a tree node per task and walked the
/// tree for every <c>Min</c> and <c>Remove</c>; a million-task map queues nearly every task. The
/// order is a total order (keys are unique), so the minimum — all the state machine reads — is the
/// same task either way. Tasks mostly arrive in priority order, where a heap insert does not move.
/// </remarks>
internal sealed class TaskQueue
{
    private SchedulerTask[] _heap = new SchedulerTask[16];

    public int Count { get; private set; }

    /// <summary>The best task: lowest priority, then lowest key. Only when <see cref="Count"/> &gt; 0.</summary>
    public SchedulerTask Min => _heap[0];

    public bool Contains(SchedulerTask task) => task.QueueIndex >= 0 && task.QueueIndex < Count && _heap[task.QueueIndex] == task;

    public void Add(SchedulerTask task)
    {
        if (Contains(task))
        {
            return;
        }

        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        int i = Count++;
        SiftUp(task, i);
    }

    public bool Remove(SchedulerTask task)
    {
        if (!Contains(task))
        {
            return false;
        }

        int i = task.QueueIndex;
        task.QueueIndex = -1;
        int last = --Count;
        SchedulerTask moved = _heap[last];
        _heap[last] = null!;
        if (i != last)
        {
            // The last task fills the hole and moves whichever way restores the heap.
            if (i > 0 && Less(moved, _heap[(i - 1) / 2]))
            {
                SiftUp(moved, i);
            }
            else
            {
                SiftDown(moved, i);
            }
        }

        return true;
    }

    private void SiftUp(SchedulerTask task, int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            SchedulerTask p = _heap[parent];
            if (!Less(task, p))
            {
                break;
            }

            Place(p, i);
            i = parent;
        }

        Place(task, i);
    }

    private void SiftDown(SchedulerTask task, int i)
    {
        int count = Count;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Less(_heap[child], task))
            {
                break;
            }

            Place(_heap[child], i);
            i = child;
        }

        Place(task, i);
    }

    private void Place(SchedulerTask task, int i)
    {
        _heap[i] = task;
        task.QueueIndex = i;
    }

    // (generation, order), then key: the order the sorted set kept.
    private static bool Less(SchedulerTask a, SchedulerTask b)
    {
        var (ag, ao) = a.Priority;
        var (bg, bo) = b.Priority;
        if (ag != bg)
        {
            return ag < bg;
        }

        if (ao != bo)
        {
            return ao < bo;
        }

        return a.Key.CompareTo(b.Key) < 0;
    }
}
