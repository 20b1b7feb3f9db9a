using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

/// <summary>
/// A lazy value: one task (a function call or a wrapped value) and the delayed values it reads,
/// as Dask's <c>Delayed</c>. Build with <see cref="Dask.Delayed{T1, TResult}(Func{T1, TResult}, string?, bool)"/>;
/// nothing runs until <see cref="Delayed{T}.Compute"/>.
/// </summary>
public abstract class Delayed : IDaskCollection, ITokenizable
{
    private readonly Delayed[] _dependencies;

    private protected Delayed(Key key, GraphNode node, Delayed[] dependencies)
    {
        Key = key;
        Node = node;
        _dependencies = dependencies;
    }

    /// <summary>The key of this value's task.</summary>
    public Key Key { get; }

    /// <summary>The value's type.</summary>
    public abstract Type ResultType { get; }

    internal GraphNode Node { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Key> OutputKeys => [Key];

    /// <summary>The graph of this value and everything it reads.</summary>
    public HighLevelGraph Graph
    {
        get
        {
            var builder = new GraphBuilder();
            AddGraph(builder);
            return builder.Build();
        }
    }

    /// <inheritdoc/>
    public void AddGraph(GraphBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Iterative walk: a chain of 10,000 delayed calls must not recurse 10,000 deep.
        var stack = new Stack<Delayed>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            Delayed d = stack.Pop();
            if (builder.TryAddTask(d.Key, d.Node))
            {
                foreach (Delayed dep in d._dependencies)
                {
                    stack.Push(dep);
                }
            }
        }
    }

    /// <inheritdoc/>
    public object? Finalize(ReadOnlySpan<object?> values) => values[0];

    /// <inheritdoc/>
    public void WriteToken(TokenWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteValue(Key);
    }

    /// <summary>The graph in Graphviz DOT, as <c>dask.visualize</c> draws it (tasks as circles, results as boxes).</summary>
    public string ToDot(bool optimizeGraph = false) => GraphVisualizer.ToDot(this, optimizeGraph);

    /// <summary>
    /// Writes the graph to <paramref name="path"/>: DOT for a <c>.dot</c> path; for <c>.svg</c>, <c>.png</c>
    /// or <c>.pdf</c>, the DOT file beside it and, when Graphviz <c>dot</c> is installed, the picture.
    /// </summary>
    /// <returns>The files written.</returns>
    public IReadOnlyList<string> Visualize(string path, bool optimizeGraph = false) => GraphVisualizer.Write(ToDot(optimizeGraph), path);

    /// <summary>Dask's repr: <c>Delayed('inc-…')</c>.</summary>
    public override string ToString() => $"Delayed('{Key}')";
}

/// <summary>A lazy value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type <see cref="Compute"/> returns.</typeparam>
public sealed class Delayed<T> : Delayed
{
    internal Delayed(Key key, GraphNode node, Delayed[] dependencies)
        : base(key, node, dependencies)
    {
    }

    /// <inheritdoc/>
    public override Type ResultType => typeof(T);

    /// <summary>
    /// Runs the graph and returns the value: on <paramref name="scheduler"/> if given, else on the
    /// configured one (<c>threads</c>, or a live distributed client).
    /// </summary>
    /// <exception cref="TaskFailedException">a task threw; the inner exception is the original.</exception>
    /// <exception cref="Graphs.InvalidGraphException">the graph cannot run (named key), before anything ran.</exception>
    public T Compute(string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        (T)Collections.Compute([this], scheduler, optimizeGraph, cancellationToken)[0]!;

    /// <summary>The asynchronous twin of <see cref="Compute"/>.</summary>
    public async Task<T> ComputeAsync(string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        (T)(await Collections.ComputeAsync([this], scheduler, optimizeGraph, cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>Computes the value now and returns a delayed value that holds it under the same key.</summary>
    public Delayed<T> Persist(string? scheduler = null, CancellationToken cancellationToken = default) =>
        new(Key, new DataNode(Compute(scheduler, cancellationToken: cancellationToken)), []);
}
