using System.Collections;

namespace DaskSharp.Graphs;

/// <summary>
/// A low-level task graph: a map from key to task or data, as Dask's graph dict. Collections build
/// <see cref="HighLevelGraph"/>s of layers instead; those materialise into one of these.
/// </summary>
public sealed class TaskGraph : IEnumerable<KeyValuePair<Key, GraphNode>>
{
    private readonly Dictionary<Key, GraphNode> _nodes;

    // The last compiled plan: validation compiles (to find cycles) and the local scheduler reuses it.
    // A reference (not a tuple struct) so concurrent readers never see a torn pair.
    private PlanCache? _plan;

    /// <summary>An empty graph.</summary>
    public TaskGraph()
        : this(0)
    {
    }

    /// <summary>An empty graph with room for <paramref name="capacity"/> keys.</summary>
    public TaskGraph(int capacity) => _nodes = new Dictionary<Key, GraphNode>(capacity);

    /// <summary>The number of keys.</summary>
    public int Count => _nodes.Count;

    /// <summary>The keys.</summary>
    public IEnumerable<Key> Keys => _nodes.Keys;

    /// <summary>Gets or sets the node under a key.</summary>
    public GraphNode this[Key key]
    {
        get => _nodes.TryGetValue(key, out GraphNode? node)
            ? node
            : throw new KeyNotFoundException($"The graph has no key {key}.");
        set
        {
            _nodes[key] = value ?? throw new ArgumentNullException(nameof(value));
            _plan = null;
        }
    }

    /// <summary>Adds a node; a key already present is overwritten, as in a dict.</summary>
    public void Add(Key key, GraphNode node) => this[key] = node;

    /// <summary>True if the graph holds <paramref name="key"/>.</summary>
    public bool ContainsKey(Key key) => _nodes.ContainsKey(key);

    /// <summary>Looks up a key.</summary>
    public bool TryGetValue(Key key, out GraphNode node) => _nodes.TryGetValue(key, out node!);

    /// <summary>Adds every key of <paramref name="other"/> (same key, same task: keys are tokens).</summary>
    public void Update(TaskGraph other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _plan = null;
        _nodes.EnsureCapacity(_nodes.Count + other.Count);
        foreach (var (key, node) in other._nodes)
        {
            _nodes[key] = node;
        }
    }

    /// <summary>
    /// Checks, before anything runs, that every requested output and every referenced key exists,
    /// that there is no cycle, and that every task's arguments fit its function (count and, where
    /// known, type).
    /// </summary>
    /// <exception cref="InvalidGraphException">naming the offending key(s).</exception>
    public void Validate(IReadOnlyList<Key> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentCheck.CheckAll(CompilePlan(outputs));
    }

    /// <summary>
    /// The static priority of every task needed for <paramref name="outputs"/> (Dask's
    /// <c>dask.order</c>): lower runs first; the distributed scheduler uses it within a submission.
    /// </summary>
    /// <exception cref="InvalidGraphException">on a cycle or a missing key.</exception>
    public IReadOnlyDictionary<Key, int> Order(IReadOnlyList<Key> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        Execution.ExecutionPlan plan = CompilePlan(outputs);
        int[] priority = Optimization.GraphOrder.Compute(plan);
        var order = new Dictionary<Key, int>(plan.Keys.Length);
        for (int i = 0; i < priority.Length; i++)
        {
            order[plan.Keys[i]] = priority[i];
        }

        return order;
    }

    /// <summary>The graph compiled for execution with <paramref name="outputs"/>; finds cycles.</summary>
    /// <exception cref="InvalidGraphException">on a cycle or a missing key.</exception>
    internal Execution.ExecutionPlan CompilePlan(IReadOnlyList<Key> outputs)
    {
        Key[] wanted = [.. outputs];
        if (_plan is { } cached && cached.Outputs.AsSpan().SequenceEqual(wanted))
        {
            return cached.Plan;
        }

        Execution.ExecutionPlan plan = Execution.ExecutionPlan.Compile(this, wanted);
        _plan = new PlanCache(wanted, plan);
        return plan;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<Key, GraphNode>> GetEnumerator() => _nodes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal Dictionary<Key, GraphNode> Nodes => _nodes;

    private sealed record PlanCache(Key[] Outputs, Execution.ExecutionPlan Plan);
}
