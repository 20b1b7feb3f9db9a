namespace DaskSharp.Graphs;

/// <summary>
/// Gathers the graphs of several collections into one <see cref="HighLevelGraph"/>, once per key:
/// collections with layers add their high-level graphs; delayed values add single tasks, which
/// end up together in one materialised layer.
/// </summary>
public sealed class GraphBuilder
{
    /// <summary>The name of the layer that holds single tasks added with <see cref="TryAddTask"/>.</summary>
    public const string TaskLayerName = "delayed";

    private readonly TaskGraph _tasks = new();
    private readonly List<HighLevelGraph> _graphs = [];

    /// <summary>Adds one task; false when the key is already present (its dependencies are too).</summary>
    public bool TryAddTask(Key key, GraphNode node)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(node);
        if (_tasks.ContainsKey(key))
        {
            return false;
        }

        _tasks.Add(key, node);
        return true;
    }

    /// <summary>Adds a collection's high-level graph.</summary>
    public void AddGraph(HighLevelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graphs.Add(graph);
    }

    /// <summary>
    /// When only single tasks were added, the tasks themselves. They are exactly what the added
    /// collections' outputs reach, so they need no culling.
    /// </summary>
    internal TaskGraph? TasksOnly => _graphs.Count == 0 ? _tasks : null;

    /// <summary>The merged graph.</summary>
    public HighLevelGraph Build()
    {
        HighLevelGraph merged = HighLevelGraph.Merge([.. _graphs]);
        if (_tasks.Count == 0)
        {
            return merged;
        }

        // Single tasks may read any collection's keys: their layer depends on every other layer.
        var layers = merged.Layers.ToDictionary(StringComparer.Ordinal);
        var deps = merged.Dependencies.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value, StringComparer.Ordinal);
        layers[TaskLayerName] = new MaterializedLayer(TaskLayerName, _tasks);
        deps[TaskLayerName] = merged.Layers.Keys.ToHashSet(StringComparer.Ordinal);
        return new HighLevelGraph(layers, deps);
    }
}
