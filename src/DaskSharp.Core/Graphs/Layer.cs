namespace DaskSharp.Graphs;

/// <summary>
/// One operation's tasks in a <see cref="HighLevelGraph"/>. A layer knows its keys and how to make
/// their tasks, and can cull itself to a subset of keys, without creating a task object per key
/// until it is <see cref="MaterializeInto"/> a <see cref="TaskGraph"/>.
/// </summary>
public abstract class Layer
{
    /// <summary>Creates a layer.</summary>
    protected Layer(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The layer's name (for a collection's layer, the collection's name).</summary>
    public string Name { get; }

    /// <summary>The number of keys, counted without materialising.</summary>
    public abstract long Count { get; }

    /// <summary>The keys, produced lazily.</summary>
    public abstract IEnumerable<Key> Keys { get; }

    /// <summary>True when <paramref name="key"/> is one of this layer's keys.</summary>
    public abstract bool Contains(Key key);

    /// <summary>
    /// This layer reduced to <paramref name="keys"/> (all of which it contains), and what the kept
    /// tasks read from other layers.
    /// </summary>
    public abstract (Layer Culled, LayerNeeds External) Cull(IReadOnlyCollection<Key> keys);

    /// <summary>What all of this layer's tasks read from other layers.</summary>
    public abstract LayerNeeds AllDependencies();

    /// <summary>Adds this layer's tasks to <paramref name="graph"/>.</summary>
    public abstract void MaterializeInto(TaskGraph graph);

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}<{Name}, {Count} tasks>";
}

/// <summary>What a layer's tasks read outside the layer: single keys, and whole layers by name.</summary>
public sealed class LayerNeeds
{
    /// <summary>Nothing.</summary>
    public static LayerNeeds None { get; } = new([], []);

    /// <summary>Creates the set.</summary>
    public LayerNeeds(IReadOnlyCollection<Key> keys, IReadOnlyCollection<string> wholeLayers)
    {
        Keys = keys;
        WholeLayers = wholeLayers;
    }

    /// <summary>Individual keys needed.</summary>
    public IReadOnlyCollection<Key> Keys { get; }

    /// <summary>Layers needed in full (said without listing their keys).</summary>
    public IReadOnlyCollection<string> WholeLayers { get; }
}
