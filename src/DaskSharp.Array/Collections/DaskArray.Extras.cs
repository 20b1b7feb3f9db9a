using System.Runtime.InteropServices;
using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

// Views of the blocks and of the bytes, and the routines that take user functions or move data
// between blocks along an axis (shuffle, push).
public sealed partial class DaskArray<TValue>
{
    /// <summary>The blocks by flat index in row-major block order (Dask's <c>partitions</c>): <c>x.Partitions[5]</c>.</summary>
    public PartitionView Partitions => new(this);

    /// <summary>
    /// The same bytes read as <typeparamref name="TOut"/> (NumPy's <c>view</c>), for a type of the
    /// same size: <c>x.View&lt;long&gt;()</c> of doubles is their bit patterns.
    /// </summary>
    public DaskArray<TOut> View<TOut>()
        where TOut : unmanaged
    {
        if (DaskArray<TOut>.ItemSize != ItemSize)
        {
            throw new NotSupportedException($"A view as {Arrays.Dtype.NameOf(typeof(TOut))} needs elements of {ItemSize} bytes, as {Dtype}'s; a view that changes the last axis' length is not supported.");
        }

        return ArrayBuilder.Blockwise<TOut>("view", ViewFunctions<TValue, TOut>.View, Chunks, [BlockInput.Aligned(this, Rank)]);
    }

    /// <summary>
    /// Dask's <c>shuffle</c>: the positions of each group of <paramref name="indexer"/> along
    /// <paramref name="axis"/>, in order, each group becoming one chunk.
    /// </summary>
    public DaskArray<TValue> Shuffle(long[][] indexer, int axis)
    {
        ArgumentNullException.ThrowIfNull(indexer);
        int ax = Axes.Normalize(axis, Rank);
        long[] order = [.. indexer.SelectMany(g => g)];
        DaskArray<TValue> taken = Masking.Take(this, order, ax);
        long[][] sizes = [.. Enumerable.Range(0, Rank).Select(d => d == ax ? [.. indexer.Where(g => g.Length > 0).Select(g => (long)g.Length)] : taken.Chunks.Sizes(d))];
        return order.Length == 0 ? taken : taken.Rechunk(ChunkSpec.Explicit(sizes));
    }

    /// <summary>
    /// NaN filled forward along <paramref name="axis"/> by the last value before it (Dask's <c>push</c>),
    /// at most <paramref name="limit"/> positions when given; the last value of each block carries into the next.
    /// </summary>
    public DaskArray<TValue> Push(int axis = -1, int? limit = null)
    {
        RequireFloat("Push");
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), $"limit must be at least 1, not {limit}.");
        }

        return Arrays.ForwardFill<TValue>.Push(this, Axes.Normalize(axis, Rank), limit ?? int.MaxValue);
    }

    /// <summary>The flat-indexed blocks of an array.</summary>
    public readonly struct PartitionView
    {
        private readonly DaskArray<TValue> _array;

        internal PartitionView(DaskArray<TValue> array) => _array = array;

        /// <summary>The number of blocks.</summary>
        public int Count => _array.NPartitions;

        /// <summary>Block <paramref name="index"/> in row-major block order, as a one-block array.</summary>
        public DaskArray<TValue> this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                int[] numBlocks = _array.NumBlocks;
                var block = new int[numBlocks.Length];
                for (int d = numBlocks.Length - 1, rest = index; d >= 0; d--)
                {
                    block[d] = rest % numBlocks[d];
                    rest /= numBlocks[d];
                }

                return _array.Block(block);
            }
        }
    }
}

/// <summary>Reinterpreting a block's elements.</summary>
internal static class ViewFunctions<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    public static readonly TaskFunction View = TaskFunction.From((NDArray<TIn> block) =>
    {
        NDArray<TIn> c = block.AsContiguous();
        TOut[] data = MemoryMarshal.Cast<TIn, TOut>(c.AsSpan()).ToArray();
        return NDArray<TOut>.FromArray(data, c.ShapeArray);
    }).AsKernel();
}
