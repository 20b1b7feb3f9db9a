using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Scheduling;

// Where a retiring worker's results go (distributed's retire_workers: replicate unique data first).
public sealed partial class SchedulerState
{
    /// <summary>
    /// The hand-over of a retiring worker that has finished its tasks: each result only it holds goes
    /// to one of the workers that stay, in turn, the ones holding least first (ties by address), so
    /// nothing has to be recomputed. Empty when it is still running tasks, holds nothing unique, or no
    /// worker stays to take the results (then it may simply go).
    /// </summary>
    public IReadOnlyList<(string Target, IReadOnlyList<Key> Keys)> HandOverPlan(string retiring)
    {
        if (!_workers.TryGetValue(retiring, out SchedulerWorker? worker) || worker.Processing.Count > 0)
        {
            return [];
        }

        List<SchedulerWorker> targets = [.. _workers.Values.Where(w => !w.Retiring && w != worker).OrderBy(w => w.NBytes).ThenBy(w => w.Address, StringComparer.Ordinal)];
        IReadOnlyList<SchedulerTask> unique = UniqueData(retiring);
        if (unique.Count == 0 || targets.Count == 0)
        {
            return [];
        }

        var keys = new List<Key>[targets.Count];
        for (int i = 0; i < unique.Count; i++)
        {
            (keys[i % targets.Count] ??= []).Add(unique[i].Key);
        }

        var plan = new List<(string, IReadOnlyList<Key>)>(targets.Count);
        for (int i = 0; i < targets.Count; i++)
        {
            if (keys[i] is { } mine)
            {
                plan.Add((targets[i].Address, mine));
            }
        }

        return plan;
    }
}
