namespace DaskSharp.Graphs;

/// <summary>A value in a task graph: a task to run (<see cref="TaskSpec"/>) or data (<see cref="DataNode"/>).</summary>
public abstract class GraphNode
{
    private protected GraphNode()
    {
    }

    /// <summary>The keys this node reads, without duplicates, in first-use order.</summary>
    public abstract IReadOnlyList<Key> Dependencies { get; }

    /// <summary>Computes this node's value from its dependencies' results.</summary>
    public abstract object? Execute(IValueLookup values);

    /// <summary>This node with references renamed (used when fusion folds keys together).</summary>
    internal abstract GraphNode Rename(IReadOnlyDictionary<Key, Key> renames);
}

/// <summary>A literal value stored in the graph under a key (Dask's <c>DataNode</c>).</summary>
public sealed class DataNode : GraphNode
{
    /// <summary>Data under a key.</summary>
    public DataNode(object? value) => Value = value;

    /// <summary>The value.</summary>
    public object? Value { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Key> Dependencies => [];

    /// <inheritdoc/>
    public override object? Execute(IValueLookup values) => Value;

    internal override GraphNode Rename(IReadOnlyDictionary<Key, Key> renames) => this;

    /// <inheritdoc/>
    public override string ToString() => $"DataNode({Value})";
}
