using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>
/// Element-by-element functions that change the element type or take per-call constants (predicates,
/// frexp/modf parts, digitize), as one blockwise task per block. The function is a static lambda
/// (it ships to workers as a reference) and <c>prefix</c> names it in the graph.
/// </summary>
internal static class ElementMaps
{
    public static DaskArray<TOut> Map<TIn, TOut>(DaskArray<TIn> x, string prefix, Func<TIn, TOut> function)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        var map = TaskFunction.From((NDArray<TIn> block) =>
        {
            ReadOnlySpan<TIn> values = block.AsContiguous().AsSpan();
            var result = NDArray<TOut>.Uninitialized(block.ShapeArray);
            Span<TOut> d = result.AsSpan();
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = function(values[i]);
            }

            return result;
        }).AsKernel();
        return ArrayBuilder.Blockwise<TOut>(prefix, map, x.Chunks, [BlockInput.Aligned(x, x.Rank)], token: prefix);
    }

    public static DaskArray<TOut> Map<TIn, TOut>(DaskArray<TIn> a, DaskArray<TIn> b, string prefix, Func<TIn, TIn, TOut> function)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        var (x, y, chunks) = ElementwiseOps.Unify(a, b);
        var map = TaskFunction.From((NDArray<TIn> p, NDArray<TIn> q) =>
        {
            // Broadcast both blocks to the output block's shape, then walk them together.
            int[] shape = Elementwise.BroadcastShape(p.ShapeArray, q.ShapeArray);
            var all = NDArray<bool>.Full(true, shape);
            ReadOnlySpan<TIn> left = Elementwise.Where(all, p, p).AsSpan();
            ReadOnlySpan<TIn> right = Elementwise.Where(all, q, q).AsSpan();
            var result = NDArray<TOut>.Uninitialized(shape);
            Span<TOut> d = result.AsSpan();
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = function(left[i], right[i]);
            }

            return result;
        }).AsKernel();
        return ArrayBuilder.Blockwise<TOut>(prefix, map, chunks, [BlockInput.Aligned(x, chunks.Rank), BlockInput.Aligned(y, chunks.Rank)], token: prefix);
    }
}
