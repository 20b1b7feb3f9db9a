using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

/// <summary>
/// The entry points a Dask user looks for: <c>Dask.Delayed</c>, <c>Dask.Compute</c>,
/// <c>Dask.Persist</c>, <c>Dask.Visualize</c>.
/// </summary>
/// <example><code>
/// static int Inc(int x) => x + 1;
/// var a = Dask.Delayed(Inc)(1);
/// var b = Dask.Delayed((int p, int q) => p + q)(a, 2);
/// int r = b.Compute();   // 4
/// </code></example>
public static partial class Dask
{
    /// <summary>Wraps a value as a delayed value (Dask's <c>delayed(obj)</c>), keyed by its content.</summary>
    public static Delayed<T> DelayedValue<T>(T value, string? name = null)
    {
        string prefix = name ?? typeof(T).Name.ToLowerInvariant().Replace("[]", "s", StringComparison.Ordinal).Replace('`', '-');
        return new Delayed<T>(new Key($"{prefix}-{Tokenizer.Tokenize(value)}"), new DataNode(value), []);
    }

    /// <summary>Computes several delayed values together: shared tasks run once.</summary>
    public static T[] Compute<T>(IReadOnlyList<Delayed<T>> values, string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        object?[] results = Collections.Compute([.. values], scheduler, optimizeGraph, cancellationToken);
        var typed = new T[results.Length];
        for (int i = 0; i < typed.Length; i++)
        {
            typed[i] = (T)results[i]!;
        }

        return typed;
    }

    /// <summary>Computes two delayed values together: shared tasks run once.</summary>
    public static (T1, T2) Compute<T1, T2>(Delayed<T1> first, Delayed<T2> second, string? scheduler = null, CancellationToken cancellationToken = default)
    {
        object?[] r = Collections.Compute([first, second], scheduler, true, cancellationToken);
        return ((T1)r[0]!, (T2)r[1]!);
    }

    /// <summary>Computes three delayed values together: shared tasks run once.</summary>
    public static (T1, T2, T3) Compute<T1, T2, T3>(Delayed<T1> first, Delayed<T2> second, Delayed<T3> third, string? scheduler = null, CancellationToken cancellationToken = default)
    {
        object?[] r = Collections.Compute([first, second, third], scheduler, true, cancellationToken);
        return ((T1)r[0]!, (T2)r[1]!, (T3)r[2]!);
    }

    /// <summary>Computes any collections together (delayed values, arrays, dataframes); results in order.</summary>
    public static object?[] ComputeCollections(IReadOnlyList<IDaskCollection> collections, string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        Collections.Compute(collections, scheduler, optimizeGraph, cancellationToken);

    /// <summary>The asynchronous twin of <see cref="ComputeCollections"/>.</summary>
    public static Task<object?[]> ComputeCollectionsAsync(IReadOnlyList<IDaskCollection> collections, string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        Collections.ComputeAsync(collections, scheduler, optimizeGraph, cancellationToken);

    /// <summary>Computes several delayed values together and returns delayed values holding the results.</summary>
    public static Delayed<T>[] Persist<T>(IReadOnlyList<Delayed<T>> values, string? scheduler = null, CancellationToken cancellationToken = default)
    {
        T[] results = Compute(values, scheduler, true, cancellationToken);
        var persisted = new Delayed<T>[results.Length];
        for (int i = 0; i < results.Length; i++)
        {
            persisted[i] = new Delayed<T>(values[i].Key, new DataNode(results[i]), []);
        }

        return persisted;
    }

    /// <summary>Runs a raw task graph (Dask's <c>dask.get</c> / <c>dask.threaded.get</c>) and returns the values of <paramref name="keys"/>.</summary>
    public static object?[] Get(TaskGraph graph, IReadOnlyList<Key> keys, string? scheduler = null, CancellationToken cancellationToken = default)
    {
        TaskGraph optimized = Optimization.GraphOptimizer.Optimize(graph, keys);
        return Execution.SchedulerRegistry.Resolve(scheduler).Get(optimized, keys, cancellationToken);
    }

    /// <summary>The DOT text of the graph of several collections.</summary>
    public static string ToDot(IReadOnlyList<IDaskCollection> collections, bool optimizeGraph = false) => GraphVisualizer.ToDot(collections, optimizeGraph);
}
