using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Optimization;

namespace DaskSharp;

/// <summary>The path every collection's <c>Compute()</c> takes: merge graphs, optimise, run, finalise.</summary>
internal static class Collections
{
    public static (TaskGraph Graph, Key[] Outputs) Prepare(IReadOnlyList<IDaskCollection> collections, bool optimize)
    {
        var builder = new GraphBuilder();
        var outputs = new List<Key>();
        var seen = new HashSet<Key>();
        foreach (IDaskCollection c in collections)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(collections));
            c.AddGraph(builder);
            foreach (Key k in c.OutputKeys)
            {
                if (seen.Add(k))
                {
                    outputs.Add(k);
                }
            }
        }

        Key[] outputArray = [.. outputs];
        TaskGraph graph = builder.TasksOnly is { } tasks
            ? GraphOptimizer.OptimizeCulled(tasks, outputArray, optimize)
            : GraphOptimizer.Optimize(builder.Build(), outputArray, optimize);
        return (graph, outputArray);
    }

    public static object?[] Compute(IReadOnlyList<IDaskCollection> collections, string? scheduler, bool optimize, CancellationToken cancellationToken)
    {
        IScheduler target = SchedulerRegistry.Resolve(scheduler);
        var (graph, outputs) = Prepare(collections, optimize);
        return Finalize(collections, outputs, target.Get(graph, outputs, cancellationToken));
    }

    public static async Task<object?[]> ComputeAsync(IReadOnlyList<IDaskCollection> collections, string? scheduler, bool optimize, CancellationToken cancellationToken)
    {
        IScheduler target = SchedulerRegistry.Resolve(scheduler);
        var (graph, outputs) = Prepare(collections, optimize);
        object?[] values = await target.GetAsync(graph, outputs, cancellationToken).ConfigureAwait(false);
        return Finalize(collections, outputs, values);
    }

    private static object?[] Finalize(IReadOnlyList<IDaskCollection> collections, Key[] outputs, object?[] values)
    {
        if (outputs.Length == collections.Count && SingleKeyEach(collections, outputs))
        {
            // The common case (delayed values, distinct keys): value i belongs to collection i.
            var direct = new object?[values.Length];
            for (int i = 0; i < direct.Length; i++)
            {
                direct[i] = collections[i].Finalize(values.AsSpan(i, 1));
            }

            return direct;
        }

        var byKey = new Dictionary<Key, object?>(outputs.Length);
        for (int i = 0; i < outputs.Length; i++)
        {
            byKey[outputs[i]] = values[i];
        }

        var results = new object?[collections.Count];
        for (int c = 0; c < results.Length; c++)
        {
            IReadOnlyList<Key> keys = collections[c].OutputKeys;
            var mine = new object?[keys.Count];
            for (int i = 0; i < mine.Length; i++)
            {
                mine[i] = byKey[keys[i]];
            }

            results[c] = collections[c].Finalize(mine);
        }

        return results;
    }

    private static bool SingleKeyEach(IReadOnlyList<IDaskCollection> collections, Key[] outputs)
    {
        for (int i = 0; i < outputs.Length; i++)
        {
            IReadOnlyList<Key> keys = collections[i].OutputKeys;
            if (keys.Count != 1 || !ReferenceEquals(keys[0], outputs[i]) && !keys[0].Equals(outputs[i]))
            {
                return false;
            }
        }

        return true;
    }
}
