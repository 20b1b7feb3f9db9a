using System.Collections.Immutable;

namespace DaskSharp.Graphs;

/// <summary>
/// A collection's graph as a list of layers, one per operation, with the dependencies between
/// layers (Dask's <c>HighLevelGraph</c>). Culling and blockwise fusion work on layers; tasks are
/// only created by <see cref="Materialize"/>, after culling, for the blocks actually needed.
/// </summary>
public sealed class HighLevelGraph
{
    private readonly ImmutableDictionary<string, Layer> _layers;
    private readonly ImmutableDictionary<string, ImmutableHashSet<string>> _dependencies;

    /// <summary>A graph of <paramref name="layers"/>; each layer's dependencies are names of other layers.</summary>
    public HighLevelGraph(IReadOnlyDictionary<string, Layer> layers, IReadOnlyDictionary<string, IReadOnlySet<string>> dependencies)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(dependencies);
        _layers = layers.ToImmutableDictionary(StringComparer.Ordinal);
        _dependencies = layers.Keys.ToImmutableDictionary(
            name => name,
            name => dependencies.TryGetValue(name, out var deps) ? deps.Where(_layers.ContainsKey).ToImmutableHashSet(StringComparer.Ordinal) : ImmutableHashSet.Create<string>(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private HighLevelGraph(ImmutableDictionary<string, Layer> layers, ImmutableDictionary<string, ImmutableHashSet<string>> dependencies)
    {
        _layers = layers;
        _dependencies = dependencies;
    }

    /// <summary>The empty graph.</summary>
    public static HighLevelGraph Empty { get; } = new(new Dictionary<string, Layer>(), new Dictionary<string, IReadOnlySet<string>>());

    /// <summary>The layers by name.</summary>
    public IReadOnlyDictionary<string, Layer> Layers => _layers;

    /// <summary>For each layer, the names of the layers it reads.</summary>
    public IReadOnlyDictionary<string, ImmutableHashSet<string>> Dependencies => _dependencies;

    /// <summary>The number of tasks, counted without materialising.</summary>
    public long TaskCount => _layers.Values.Sum(l => l.Count);

    /// <summary>A new layer on top of the graphs of the collections it reads (Dask's <c>from_collections</c>).</summary>
    public static HighLevelGraph FromLayer(Layer layer, params HighLevelGraph[] dependencies)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(dependencies);
        HighLevelGraph merged = Merge(dependencies);
        var layers = merged._layers.SetItem(layer.Name, layer);
        var deps = merged._dependencies.SetItem(
            layer.Name,
            dependencies.SelectMany(d => d.OutputLayers()).ToImmutableHashSet(StringComparer.Ordinal));
        return new HighLevelGraph(layers, deps);
    }

    /// <summary>All layers of several graphs (layers of the same name are the same operation).</summary>
    public static HighLevelGraph Merge(params HighLevelGraph[] graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        if (graphs.Length == 1)
        {
            return graphs[0];
        }

        var layers = ImmutableDictionary.CreateBuilder<string, Layer>(StringComparer.Ordinal);
        var deps = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        foreach (HighLevelGraph g in graphs)
        {
            foreach (var (name, layer) in g._layers)
            {
                layers[name] = layer;
                deps[name] = g._dependencies[name];
            }
        }

        return new HighLevelGraph(layers.ToImmutable(), deps.ToImmutable());
    }

    /// <summary>Layers that no other layer reads: the graph's results.</summary>
    public IEnumerable<string> OutputLayers()
    {
        var read = _dependencies.Values.SelectMany(d => d).ToHashSet(StringComparer.Ordinal);
        return _layers.Keys.Where(name => !read.Contains(name));
    }

    /// <summary>Layer names with every layer after the layers it reads; ties by name.</summary>
    public IReadOnlyList<string> TopologicalLayers()
    {
        var order = new List<string>(_layers.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string root in _layers.Keys.Order(StringComparer.Ordinal))
        {
            var stack = new Stack<(string Name, bool Done)>();
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (name, done) = stack.Pop();
                if (done)
                {
                    state[name] = 2;
                    order.Add(name);
                    continue;
                }

                if (state.TryGetValue(name, out int s))
                {
                    if (s == 1)
                    {
                        throw new InvalidGraphException($"The layers have a cycle through layer {name}.");
                    }

                    continue;
                }

                state[name] = 1;
                stack.Push((name, true));
                foreach (string dep in _dependencies[name].Order(StringComparer.Ordinal))
                {
                    if (!state.TryGetValue(dep, out int ds) || ds == 1)
                    {
                        stack.Push((dep, false));
                    }
                }
            }
        }

        return order;
    }

    /// <summary>
    /// This graph reduced to what <paramref name="outputs"/> need: layers are visited from the last
    /// to the first, each culled to the keys asked of it, and each adds what its kept keys read.
    /// </summary>
    /// <exception cref="InvalidGraphException">when an output or a needed key belongs to no layer.</exception>
    public HighLevelGraph Cull(IEnumerable<Key> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var wanted = new Dictionary<string, HashSet<Key>>(StringComparer.Ordinal);
        var wantedWhole = new HashSet<string>(StringComparer.Ordinal);
        var owner = new LayerOwnerIndex(this);

        void Want(Key key, string requester)
        {
            string layer = owner.Find(key)
                ?? throw new InvalidGraphException($"{requester} needs key {key}, which no layer of the graph holds.", [key]);
            if (!wanted.TryGetValue(layer, out var set))
            {
                wanted[layer] = set = [];
            }

            set.Add(key);
        }

        foreach (Key output in outputs)
        {
            Want(output, "The computation");
        }

        var layers = new Dictionary<string, Layer>(StringComparer.Ordinal);
        var deps = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        IReadOnlyList<string> order = TopologicalLayers();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            string name = order[i];
            Layer layer = _layers[name];
            Layer culled;
            LayerNeeds needs;
            if (wantedWhole.Contains(name))
            {
                (culled, needs) = (layer, layer.AllDependencies());
            }
            else if (wanted.TryGetValue(name, out var keys))
            {
                (culled, needs) = layer.Cull(keys);
            }
            else
            {
                continue;
            }

            layers[name] = culled;
            deps[name] = _dependencies[name];
            foreach (string whole in needs.WholeLayers)
            {
                wantedWhole.Add(whole);
            }

            foreach (Key key in needs.Keys)
            {
                Want(key, $"Task in layer {name}");
            }
        }

        return new HighLevelGraph(layers, deps);
    }

    /// <summary>Every layer's tasks in one low-level graph.</summary>
    public TaskGraph Materialize()
    {
        var graph = new TaskGraph((int)Math.Min(TaskCount, int.MaxValue));
        foreach (Layer layer in _layers.Values)
        {
            layer.MaterializeInto(graph);
        }

        return graph;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"HighLevelGraph with {_layers.Count} layers and {TaskCount} tasks: {string.Join(", ", TopologicalLayers())}";

    /// <summary>Which layer holds a key: by the key's name first (blockwise layers), else by lookup.</summary>
    private sealed class LayerOwnerIndex(HighLevelGraph graph)
    {
        private Dictionary<Key, string>? _materialized;

        public string? Find(Key key)
        {
            if (graph._layers.TryGetValue(key.Name, out Layer? byName) && byName.Contains(key))
            {
                return key.Name;
            }

            if (_materialized is null)
            {
                _materialized = [];
                foreach (var (name, layer) in graph._layers)
                {
                    if (layer is MaterializedLayer)
                    {
                        foreach (Key k in layer.Keys)
                        {
                            _materialized[k] = name;
                        }
                    }
                }
            }

            if (_materialized.TryGetValue(key, out string? owner))
            {
                return owner;
            }

            // Other layer kinds answer Contains without listing their keys.
            foreach (var (name, layer) in graph._layers)
            {
                if (layer is not MaterializedLayer && layer.Contains(key))
                {
                    return name;
                }
            }

            return null;
        }
    }
}
