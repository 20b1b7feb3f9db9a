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

        TaskGraph tasks = graph.Materialize();
        tasks.Validate(outputs);
        ExecutionPlan.Compile(tasks, outputs); // finds cycles before any fusion or execution
        if (optimize && DaskConfig.Get("optimization.fuse.active", true))
        {
            tasks = LinearFusion.Fuse(tasks, outputs);
        }

        return tasks;
    }

    /// <summary>The low-level graph to run for a raw graph (Dask's <c>dask.get</c> path).</summary>
    public static TaskGraph Optimize(TaskGraph graph, IReadOnlyList<Key> outputs, bool optimize = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.Validate(outputs);
        TaskGraph culled = optimize ? Culling.Cull(graph, outputs) : graph;
        ExecutionPlan.Compile(culled, outputs);
        return optimize && DaskConfig.Get("optimization.fuse.active", true) ? LinearFusion.Fuse(culled, outputs) : culled;
    }
}
