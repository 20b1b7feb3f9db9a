using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>NumPy's <c>broadcast_to</c> as a blockwise layer: each block is broadcast to its output block's shape.</summary>
internal static class Broadcasting
{
    public static DaskArray<T> To<T>(DaskArray<T> x, long[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        Chunks.RequireKnown(x.Chunks, "broadcast_to");
        long[] result = Axes.Broadcast(x.Shape, shape);
        if (!result.AsSpan().SequenceEqual(shape))
        {
            throw new ArgumentException($"Cannot broadcast an array of shape {x.Chunks.ShapeText()} to ({string.Join(", ", shape)}).", nameof(shape));
        }

        int lead = shape.Length - x.Rank;
        var sizes = new long[shape.Length][];
        for (int d = 0; d < shape.Length; d++)
        {
            int own = d - lead;
            sizes[d] = own < 0 || (x.Shape[own] == 1 && shape[d] != 1) ? [shape[d]] : x.Chunks.Sizes(own);
        }

        var chunks = new Chunks(sizes);
        return ArrayBuilder.Blockwise<T>(
            "broadcast-to", Functions<T>.Broadcast, chunks,
            [BlockInput.Aligned(x, shape.Length), BlockInput.Index(), BlockInput.Constant(chunks)]);
    }

    private static class Functions<T>
        where T : unmanaged
    {
        public static readonly TaskFunction Broadcast = TaskFunction.From((NDArray<T> block, int[] index, Chunks chunks) =>
        {
            int[] shape = chunks.BlockShape(index);
            return Elementwise.Where(NDArray<bool>.Full(true, shape), block, block);
        }).AsKernel();
    }
}
