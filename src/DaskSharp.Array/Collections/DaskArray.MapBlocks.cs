using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

// Custom code per block: MapBlocks (with optional block info) and Blockwise with index strings.
public sealed partial class DaskArray<TValue>
{
    /// <summary>
    /// Applies <paramref name="function"/> to every block (Dask's <c>map_blocks</c>). The output has the
    /// same chunks unless <paramref name="blockShape"/> gives the shape every output block has.
    /// </summary>
    /// <example><code>var y = x.MapBlocks(b => b * 2.0);</code></example>
    public DaskArray<TOut> MapBlocks<TOut>(Func<NDArray<TValue>, NDArray<TOut>> function, long[]? blockShape = null, string? name = null)
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        Chunks chunks = OutputChunks(blockShape);
        return ArrayBuilder.Blockwise<TOut>(
            name ?? Prefix(function), TaskFunction.From(function), chunks, [BlockInput.Aligned(this, Rank)], token: function);
    }

    /// <summary>As <see cref="MapBlocks{TOut}(Func{NDArray{TValue}, NDArray{TOut}}, long[], string)"/>, the function also receiving where the block sits.</summary>
    public DaskArray<TOut> MapBlocks<TOut>(Func<NDArray<TValue>, BlockInfo, NDArray<TOut>> function, long[]? blockShape = null, string? name = null)
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        Chunks chunks = OutputChunks(blockShape);
        Chunks input = Chunks;
        TaskFunction wrapped = TaskFunction.From((NDArray<TValue> block, int[] index, Chunks grid) => function(block, BlockInfo.From(index, grid)));
        return ArrayBuilder.Blockwise<TOut>(
            name ?? Prefix(function), wrapped, chunks,
            [BlockInput.Aligned(this, Rank), BlockInput.Index(), BlockInput.Constant(input)], token: function);
    }

    /// <summary>
    /// Applies <paramref name="function"/> to every block extended by <paramref name="depth"/> elements of
    /// its neighbours along each axis, then trims the margins (Dask's <c>map_overlap</c>): stencils,
    /// filters and finite differences see across block edges.
    /// </summary>
    /// <param name="function">Runs on the extended block; must return an array of the same shape.</param>
    /// <param name="depth">Margin per axis.</param>
    /// <param name="boundary">What lies beyond the array's edges.</param>
    /// <param name="constant">The value for <see cref="Boundary.Constant"/>.</param>
    public DaskArray<TOut> MapOverlap<TOut>(Func<NDArray<TValue>, NDArray<TOut>> function, int[] depth, Boundary boundary = Boundary.Reflect, TValue constant = default)
        where TOut : unmanaged => Overlap<TValue>.Map(this, function, depth, boundary, constant);

    private Chunks OutputChunks(long[]? blockShape)
    {
        if (blockShape is null)
        {
            return Chunks;
        }

        if (blockShape.Length != Rank)
        {
            throw new ArgumentException($"blockShape has {blockShape.Length} dimensions but the array has {Rank}.", nameof(blockShape));
        }

        return new Chunks([.. Enumerable.Range(0, Rank).Select(d => Enumerable.Repeat(blockShape[d], NumBlocks[d]).ToArray())]);
    }

    private static string Prefix(Delegate function) => Graphs.TaskFunction.From(function).Name;
}
