using System.Globalization;
using System.Text;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// What a memory test prints when a wait runs out: the scheduler's view of the keys that are not
/// done (state, where each is processing, who holds its inputs, the end of its story), every
/// worker's status (with what it is processing), and the last lines of the cluster's and the
/// scheduler's logs (the nannies forward the worker processes' lines to the cluster's), so a hang
/// that happens once in many runs can be told from slowness, and traced.
/// </summary>
internal static class WorkerMemoryDiagnostics
{
    private const int KeysShown = 12;
    private const int StorySteps = 8;
    private const int LogLines = 60;

    /// <summary>Runs <paramref name="wait"/>; when it times out, throws a <see cref="TimeoutException"/> naming <paramref name="what"/> followed by <see cref="Describe"/>.</summary>
    public static void Within(Action wait, string what, LocalCluster cluster, IEnumerable<Key> keys)
    {
        try
        {
            wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what}: {e.Message}{Environment.NewLine}{Describe(cluster, keys)}", e);
        }
    }

    /// <inheritdoc cref="Within(Action, string, LocalCluster, IEnumerable{Key})"/>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan bound, string what, LocalCluster cluster, IEnumerable<Key> keys)
    {
        try
        {
            return await task.Within(bound, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}{Environment.NewLine}{Describe(cluster, keys)}", e);
        }
    }

    /// <summary>The scheduler's view of <paramref name="keys"/> not yet in memory (with their inputs' states), the workers, and the logs' tails.</summary>
    public static string Describe(LocalCluster cluster, IEnumerable<Key> keys)
    {
        Scheduler scheduler = cluster.Scheduler;
        var text = new StringBuilder();
        text.AppendLine("Workers (address: status, processing, in memory, executing, ready, process bytes, last seen):");
        foreach (WorkerSnapshot w in scheduler.Snapshot().Workers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {w.Address}: {w.Status}, {w.Processing}, {w.InMemory}, {w.Executing}, {w.Ready}, {w.ProcessBytes}, {w.LastSeen:F1} s ago");
            if (scheduler.WorkerTasks(w.Address, 5) is var (processing, _) && processing.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    processing {string.Join(", ", processing)}");
            }
        }

        // The keys not done, by state, and the first few in detail: a hang shows as one that stays put.
        List<TaskSnapshot> open = [.. keys.Select(scheduler.TaskInfo).OfType<TaskSnapshot>().Where(t => t.State != TaskState.Memory)];
        text.AppendLine(CultureInfo.InvariantCulture, $"Tasks not in memory: {open.Count} ({string.Join(", ", open.GroupBy(t => t.State).Select(g => $"{g.Count()} {g.Key}"))}); the first {Math.Min(open.Count, KeysShown)} (state, processing on, held by, inputs, story's end):");
        foreach (TaskSnapshot t in open.Take(KeysShown))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {t.Key}: {t.State}, on {t.ProcessingOn ?? "-"}, held by [{string.Join(", ", t.WhoHas)}]");
            text.AppendLine(CultureInfo.InvariantCulture, $"    inputs {string.Join(", ", t.Dependencies.Select(d => $"{d.Key}={d.State}"))}");
            foreach (var (_, from, to, stimulus) in t.Story.TakeLast(StorySteps))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {from} -> {to} ({stimulus})");
            }
        }

        foreach (var (source, lines) in cluster.GetLogs())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Last {LogLines} lines of the {source} log:");
            foreach (string line in lines.TakeLast(LogLines))
            {
                text.Append("  ").AppendLine(line);
            }
        }

        return text.ToString();
    }
}
