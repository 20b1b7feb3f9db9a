using DaskSharp.Execution;
using DaskSharp.Graphs;

namespace DaskSharp.Optimization;

/// <summary>
/// What happens to a collection's graph before it runs: cull the layers to what the outputs need,
/// fuse stacked blockwise layers, materialise, validate (missing keys, argument types, cycles —
/// all before anything runs), then fold linear chains into single tasks.
/// </summary>
public static class GraphOptimizer
{
    /// <summary>The low-level graph to run for <paramref name="outputs"/>.</summary>
    /// <exception cref="InvalidGraphException">when the graph cannot run, naming the key.</exception>
    public static TaskGraph Optimize(HighLevelGraph graph, IReadOnlyList<Key> outputs, bool optimize = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(outputs);
        if (optimize)
        {
            graph = graph.Cull(outputs);
            var outputLayers = outputs.Select(k => graph.Layers.ContainsKey(k.Name) ? k.Name : GraphBuilder.TaskLayerName).ToHashSet(StringComparer.Ordinal);
            graph = BlockwiseFusion.Fuse(graph, outputLayers);
        }

        TaskGraph tasks = graph.Layers.Count == 1 && graph.Layers.Values.Single() is MaterializedLayer only
            ? only.Tasks
            : graph.Materialize();
        return OptimizeTasks(tasks, outputs, optimize, cull: false);
    }

    /// <summary>The low-level graph to run for a raw graph (Dask's <c>dask.get</c> path).</summary>
    /// <exception cref="InvalidGraphException">when the graph cannot run, naming the key.</exception>
    public static TaskGraph Optimize(TaskGraph graph, IReadOnlyList<Key> outputs, bool optimize = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(outputs);
        return OptimizeTasks(graph, outputs, optimize, cull: optimize);
    }

    /// <summary>For a graph already reduced to what <paramref name="outputs"/> reach.</summary>
    internal static TaskGraph OptimizeCulled(TaskGraph graph, IReadOnlyList<Key> outputs, bool optimize) =>
        OptimizeTasks(graph, outputs, optimize, cull: false);

    private static TaskGraph OptimizeTasks(TaskGraph tasks, IReadOnlyList<Key> outputs, bool optimize, bool cull)
    {
        if (cull)
        {
            tasks = Cull(tasks, outputs);
        }

        // Missing keys, cycles and argument mismatches are all found here, before fusion or execution.
        tasks.Validate(outputs);
        if (optimize && DaskConfig.Get("optimization.fuse.active", true))
        {
            tasks = LinearFusion.Fuse(tasks, tasks.CompilePlan(outputs));
        }

        return tasks;
    }

    /// <summary>Only the tasks <paramref name="outputs"/> reach (Dask's <c>cull</c>); missing keys are left for validation to name.</summary>
    private static TaskGraph Cull(TaskGraph tasks, IReadOnlyList<Key> outputs)
    {
        foreach (Key output in outputs)
        {
            if (!tasks.ContainsKey(output))
            {
                throw new InvalidGraphException($"The requested key {output} is not in the graph.", [output]);
            }
        }

        return ((MaterializedLayer)new MaterializedLayer("graph", tasks).Cull(outputs).Culled).Tasks;
    }
}
