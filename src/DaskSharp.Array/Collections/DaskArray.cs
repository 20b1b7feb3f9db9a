using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DaskSharp.Arrays;
using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

/// <summary>
/// A chunked n-dimensional array with NumPy semantics, as <c>dask.array.Array</c>: a grid of
/// <see cref="NDArray{TValue}"/> blocks described by a task graph, computed lazily.
/// </summary>
/// <example><code>
/// var x = Da.Random.Random((20_000, 20_000), chunks: "16 MiB");
/// var y = (x + x.T) - x.Mean(axis: 0);
/// double total = y.Sum().Compute();
/// </code></example>
public sealed partial class DaskArray<TValue> : IDaskCollection, ITokenizable
    where TValue : unmanaged
{
    private Key[]? _keys;

    internal DaskArray(HighLevelGraph graph, string name, Chunks chunks)
    {
        Graph = graph;
        Name = name;
        Chunks = chunks;
    }

    /// <summary>The array's name: its layer and the name part of its block keys.</summary>
    public string Name { get; }

    /// <summary>Block sizes per axis.</summary>
    public Chunks Chunks { get; }

    /// <summary>The high-level task graph that produces the blocks.</summary>
    public HighLevelGraph Graph { get; }

    /// <summary>The length of each axis.</summary>
    public long[] Shape => Chunks.Shape;

    /// <summary>The number of axes.</summary>
    public int Rank => Chunks.Rank;

    /// <summary>The number of axes (NumPy's name).</summary>
    public int Ndim => Chunks.Rank;

    /// <summary>Blocks per axis.</summary>
    public int[] NumBlocks => Chunks.NumBlocks;

    /// <summary>The largest block size per axis.</summary>
    public long[] ChunkSize => Chunks.ChunkSize;

    /// <summary>NumPy's name of the element type (<c>float64</c>, …).</summary>
    public string Dtype => Arrays.Dtype.NameOf(typeof(TValue));

    /// <summary>Bytes per element.</summary>
    public static int ItemSize => Unsafe.SizeOf<TValue>();

    /// <summary>The number of elements.</summary>
    public long Size => Shape.Aggregate(1L, (n, s) => n * s);

    /// <summary>Bytes of the whole array.</summary>
    public long NBytes => Size * ItemSize;

    /// <inheritdoc/>
    public IReadOnlyList<Key> OutputKeys => _keys ??= [.. BlockKeys()];

    /// <inheritdoc/>
    public void AddGraph(GraphBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGraph(Graph);
    }

    /// <summary>Assembles the computed blocks into one array.</summary>
    public object? Finalize(ReadOnlySpan<object?> values) => BlockAssembly.Assemble<TValue>(Chunks, values);

    /// <inheritdoc/>
    public void WriteToken(TokenWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Name);
    }

    /// <summary>Computes the whole array (a 0-d array for a full reduction; it converts to a <typeparamref name="TValue"/>).</summary>
    /// <exception cref="TaskFailedException">a task threw; the inner exception is the original.</exception>
    public NDArray<TValue> Compute(string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        (NDArray<TValue>)Dask.ComputeCollections([this], scheduler, optimizeGraph, cancellationToken)[0]!;

    /// <summary>The asynchronous twin of <see cref="Compute"/>.</summary>
    public async Task<NDArray<TValue>> ComputeAsync(string? scheduler = null, bool optimizeGraph = true, CancellationToken cancellationToken = default) =>
        (NDArray<TValue>)(await Dask.ComputeCollectionsAsync([this], scheduler, optimizeGraph, cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>Computes every block now and returns an array whose graph holds them (same name and chunks).</summary>
    public DaskArray<TValue> Persist(string? scheduler = null, CancellationToken cancellationToken = default)
    {
        var blocks = new BlocksOnly(this);
        object?[] values = (object?[])Dask.ComputeCollections([blocks], scheduler, true, cancellationToken)[0]!;
        var tasks = new TaskGraph(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            tasks.Add(OutputKeys[i], new DataNode(values[i]));
        }

        return new DaskArray<TValue>(HighLevelGraph.FromLayer(new MaterializedLayer(Name, tasks)), Name, Chunks);
    }

    /// <summary>
    /// Computes the array block by block into <paramref name="target"/>, an in-memory array of the same
    /// shape (Dask's <c>store</c>). On a scheduler that runs tasks in this process, blocks are written as
    /// they finish, so the whole result is never held twice; when the workers are other processes (which
    /// could only write into copies of the target), the blocks come back and are copied in here.
    /// </summary>
    public void Store(NDArray<TValue> target, string? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.ShapeArray.Select(d => (long)d).SequenceEqual(Shape))
        {
            throw new ArgumentException($"Cannot store an array of shape {Chunks.ShapeText()} into a target of shape {NDArray<TValue>.ShapeText(target.Shape)}.", nameof(target));
        }

        Execution.IScheduler executor = Execution.SchedulerRegistry.Resolve(scheduler);
        if (!executor.RunsTasksInThisProcess)
        {
            object?[] blocks = executor.Get(Optimization.GraphOptimizer.Optimize(Graph, OutputKeys), OutputKeys);
            int i = 0;
            foreach (int[] index in BlockGrid.Indices(NumBlocks))
            {
                int[] at = [.. index.Select((b, d) => (int)Chunks.Start(d, b))];
                var block = (NDArray<TValue>)blocks[i++]!;
                StridedCopy.Copy(block, target.Block(at, block.Shape));
            }

            return;
        }

        var tasks = new TaskGraph();
        string name = $"store-{Tokenizer.Tokenize(Name, RuntimeHelpers.GetHashCode(target))}";
        var keys = new List<Key>();
        var write = TaskFunction.From((NDArray<TValue> block, int[] start) =>
        {
            StridedCopy.Copy(block, target.Block(start, block.Shape));
            return 0;
        });
        foreach (int[] index in BlockGrid.Indices(NumBlocks))
        {
            int[] start = [.. index.Select((b, d) => (int)Chunks.Start(d, b))];
            var key = new Key(name, index);
            tasks.Add(key, new TaskSpec(write, TaskArg.Ref(BlockKey(index)), TaskArg.Literal(start)));
            keys.Add(key);
        }

        HighLevelGraph graph = HighLevelGraph.FromLayer(new MaterializedLayer(name, tasks), Graph);
        executor.Get(Optimization.GraphOptimizer.Optimize(graph, keys), keys);
    }

    /// <summary>Writes one .npy file per block along <paramref name="axis"/> into <paramref name="directory"/> (Dask's <c>to_npy_stack</c>).</summary>
    public void ToNpyStack(string directory, int axis = 0, string? scheduler = null) => Npy.ToNpyStack(this, directory, axis, scheduler);

    /// <summary>Dask's repr: <c>dask.array&lt;random_sample, shape=(20000, 20000), dtype=float64, chunksize=(1448, 1448), chunktype=NDArray&gt;</c>.</summary>
    public override string ToString() =>
        $"dask.array<{new Key(Name).Prefix}, shape={Chunks.ShapeText()}, dtype={Dtype}, chunksize={(Chunks.IsKnown ? Axes.Text(ChunkSize) : Chunks.ShapeText())}, chunktype=NDArray>";

    internal Key BlockKey(ReadOnlySpan<int> index) => new(Name, index.ToArray());

    private IEnumerable<Key> BlockKeys() => BlockGrid.Indices(NumBlocks).Select(index => new Key(Name, index));

    /// <summary>The array's blocks as a collection whose result is the list of blocks (for Persist).</summary>
    private sealed class BlocksOnly(DaskArray<TValue> array) : IDaskCollection
    {
        public IReadOnlyList<Key> OutputKeys => array.OutputKeys;

        public void AddGraph(GraphBuilder builder) => array.AddGraph(builder);

        public object? Finalize(ReadOnlySpan<object?> values) => values.ToArray();
    }
}
