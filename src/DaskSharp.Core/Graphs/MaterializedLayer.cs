namespace DaskSharp.Graphs;

/// <summary>A layer that already holds its tasks (Dask's <c>MaterializedLayer</c>): a graph fragment.</summary>
public sealed class MaterializedLayer : Layer
{
    private readonly TaskGraph _tasks;

    /// <summary>A layer over <paramref name="tasks"/>.</summary>
    public MaterializedLayer(string name, TaskGraph tasks)
        : base(name)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
    }

    /// <summary>The tasks.</summary>
    public TaskGraph Tasks => _tasks;

    /// <inheritdoc/>
    public override long Count => _tasks.Count;

    /// <inheritdoc/>
    public override IEnumerable<Key> Keys => _tasks.Keys;

    /// <inheritdoc/>
    public override bool Contains(Key key) => _tasks.ContainsKey(key);

    /// <inheritdoc/>
    public override (Layer Culled, LayerNeeds External) Cull(IReadOnlyCollection<Key> keys)
    {
        // Follow dependencies inside the layer; anything outside it is the caller's to find.
        var kept = new TaskGraph();
        var external = new HashSet<Key>();
        var stack = new Stack<Key>(keys);
        while (stack.Count > 0)
        {
            Key key = stack.Pop();
            if (kept.ContainsKey(key))
            {
                continue;
            }

            GraphNode node = _tasks[key];
            kept.Add(key, node);
            foreach (Key dep in node.Dependencies)
            {
                if (_tasks.ContainsKey(dep))
                {
                    stack.Push(dep);
                }
                else
                {
                    external.Add(dep);
                }
            }
        }

        Layer culled = kept.Count == _tasks.Count ? this : new MaterializedLayer(Name, kept);
        return (culled, new LayerNeeds(external, []));
    }

    /// <inheritdoc/>
    public override LayerNeeds AllDependencies()
    {
        var external = new HashSet<Key>();
        foreach (var (_, node) in _tasks)
        {
            foreach (Key dep in node.Dependencies)
            {
                if (!_tasks.ContainsKey(dep))
                {
                    external.Add(dep);
                }
            }
        }

        return new LayerNeeds(external, []);
    }

    /// <inheritdoc/>
    public override void MaterializeInto(TaskGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.Update(_tasks);
    }
}
