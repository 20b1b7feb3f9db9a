using DaskSharp.Arrays;
using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

// NumPy indexing: basic slices (views of single blocks), integer lists along one axis, and
// boolean masks (whose result has unknown chunk sizes, as in Dask).
public sealed partial class DaskArray<TValue>
{
    /// <summary>
    /// Basic indexing: integers, C# ranges (<c>x[1.., ..^2]</c>), <see cref="SliceIndex.Slice"/> with
    /// steps (negative too) and <see cref="SliceIndex.Ellipsis"/>.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">for an index outside its axis or too many indices.</exception>
    public DaskArray<TValue> this[params SliceIndex[] index] => Slicing.Slice(this, index);

    /// <summary>The elements where <paramref name="mask"/> is true, in row-major order (a 1-d array of unknown chunk sizes).</summary>
    /// <exception cref="ArgumentException">when the mask's shape differs from the array's.</exception>
    public DaskArray<TValue> this[DaskArray<bool> mask] => Masking.Select(this, mask);

    /// <summary>The blocks, indexable as <c>x.Blocks[i, j]</c> (Dask's <c>x.blocks</c>).</summary>
    public BlockView Blocks => new(this);

    /// <summary>Indexes an array's blocks: <c>x.Blocks[1, 2]</c> is that block as an array.</summary>
    public readonly struct BlockView
    {
        private readonly DaskArray<TValue> _array;

        internal BlockView(DaskArray<TValue> array) => _array = array;

        /// <summary>One block.</summary>
        public DaskArray<TValue> this[params int[] index] => _array.Block(index);
    }

    /// <summary>One block as an array of its own (Dask's <c>x.blocks[i, j]</c>).</summary>
    /// <exception cref="IndexOutOfRangeException">for a block index outside the grid.</exception>
    public DaskArray<TValue> Block(params int[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Length != Rank || index.Where((b, d) => b < 0 || b >= NumBlocks[d]).Any())
        {
            throw new IndexOutOfRangeException($"Block ({string.Join(", ", index)}) is outside the grid of ({string.Join(", ", NumBlocks)}) blocks.");
        }

        SliceIndex[] slices = [.. Enumerable.Range(0, Rank).Select(d => SliceIndex.Slice(Chunks.Start(d, index[d]), Chunks.Start(d, index[d]) + Chunks[d][index[d]]))];
        return this[slices];
    }

    /// <summary>The elements at <paramref name="indices"/> along <paramref name="axis"/> (NumPy's <c>take</c>, <c>x[[1, 5, 2]]</c>).</summary>
    public DaskArray<TValue> Take(long[] indices, int axis = 0) => Masking.Take(this, indices, axis);

    /// <summary>Computes the block sizes after boolean indexing and returns the array with known chunks.</summary>
    public DaskArray<TValue> ComputeChunkSizes(string? scheduler = null)
    {
        if (Chunks.IsKnown)
        {
            return this;
        }

        var sizesGraph = new TaskGraph();
        string name = $"chunk-sizes-{Tokenizer.Tokenize(Name)}";
        var keys = new List<Key>();
        for (int b = 0; b < NumBlocks[0]; b++)
        {
            var key = new Key(name, b);
            sizesGraph.Add(key, new TaskSpec(SizeOf, TaskArg.Ref(BlockKey([b]))));
            keys.Add(key);
        }

        var graph = HighLevelGraph.Merge(Graph, HighLevelGraph.FromLayer(new MaterializedLayer(name, sizesGraph), Graph));
        object?[] sizes = Optimization.GraphOptimizer.Optimize(graph, keys) is var tasks
            ? Execution.SchedulerRegistry.Resolve(scheduler).Get(tasks, keys)
            : [];
        return new DaskArray<TValue>(Graph, Name, new Chunks([.. sizes.Select(s => (long)s!)]));
    }

    private static readonly TaskFunction SizeOf = TaskFunction.From((NDArray<TValue> block) => block.Size).AsKernel();
}
