using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>Partial result of an argmin/argmax: the best values so far and their global indices.</summary>
internal sealed record ArgPartial<T>(NDArray<T> Values, NDArray<long> Indices) : IArgPartial
    where T : unmanaged
{
    object IArgPartial.ValuesObject => Values;
}

/// <summary>An <see cref="ArgPartial{T}"/> of any element type, for its codec.</summary>
internal interface IArgPartial
{
    object ValuesObject { get; }

    NDArray<long> Indices { get; }
}

/// <summary>
/// argmin/argmax as tree reductions. Each block reports, per output position, its best value and
/// that value's index in the whole array (along the axis, or in the flattened array); combining
/// keeps the better value, the earlier index on ties, and the first NaN, as NumPy does.
/// </summary>
internal static class ArgReduction<T>
    where T : unmanaged
{
    public static TaskFunction Chunk(bool max) => max ? s_chunkMax : s_chunkMin;

    public static TaskFunction Combine(bool max) => max ? s_combineMax : s_combineMin;

    public static TaskFunction Aggregate(bool max) => max ? s_aggregateMax : s_aggregateMin;

    private static readonly TaskFunction s_chunkMax = TaskFunction.From((NDArray<T> block, int[] axes, int[] index, Chunks chunks) => ChunkArg(block, axes, index, chunks, max: true)).AsKernel();
    private static readonly TaskFunction s_chunkMin = TaskFunction.From((NDArray<T> block, int[] axes, int[] index, Chunks chunks) => ChunkArg(block, axes, index, chunks, max: false)).AsKernel();
    private static readonly TaskFunction s_combineMax = TaskFunction.From((ArgPartial<T>[] parts) => CombineArgs(parts, max: true)).AsKernel();
    private static readonly TaskFunction s_combineMin = TaskFunction.From((ArgPartial<T>[] parts) => CombineArgs(parts, max: false)).AsKernel();
    private static readonly TaskFunction s_aggregateMax = TaskFunction.From((ArgPartial<T>[] parts, int[] axes, bool keepDims) => Finish(CombineArgs(parts, max: true), axes, keepDims)).AsKernel();
    private static readonly TaskFunction s_aggregateMin = TaskFunction.From((ArgPartial<T>[] parts, int[] axes, bool keepDims) => Finish(CombineArgs(parts, max: false), axes, keepDims)).AsKernel();

    private static NDArray<long> Finish(ArgPartial<T> partial, int[] axes, bool keepDims) =>
        keepDims ? partial.Indices : Reductions.DropAxes(partial.Indices, axes);

    private static ArgPartial<T> ChunkArg(NDArray<T> block, int[] axes, int[] blockIndex, Chunks chunks, bool max)
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int[] shape = block.ShapeArray;
        int[] kept = Reductions.KeptShape(shape, axes);
        var values = new NDArray<T>(kept);
        var indices = new NDArray<long>(kept);
        var seen = new bool[values.Size];
        long[] full = chunks.Shape;
        long[] start = [.. Enumerable.Range(0, shape.Length).Select(d => chunks.Start(d, blockIndex[d]))];
        bool flat = axes.Length == shape.Length && shape.Length != 1;
        var outIndex = new int[shape.Length];
        foreach (int[] local in BlockGrid.Indices(shape))
        {
            for (int d = 0; d < shape.Length; d++)
            {
                outIndex[d] = axes.Contains(d) ? 0 : local[d];
            }

            int o = Offset(outIndex, kept);
            T v = block[local];
            if (!seen[o] || Better(k, v, values.AsSpan()[o], max))
            {
                seen[o] = true;
                values.AsSpan()[o] = v;
                indices.AsSpan()[o] = flat ? Ravel(local, start, full) : start[axes[0]] + local[axes[0]];
            }
        }

        return new ArgPartial<T>(values, indices);
    }

    private static ArgPartial<T> CombineArgs(ArgPartial<T>[] parts, bool max)
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        NDArray<T> values = parts[0].Values.Copy();
        NDArray<long> indices = parts[0].Indices.Copy();
        Span<T> v = values.AsSpan();
        Span<long> ix = indices.AsSpan();
        for (int p = 1; p < parts.Length; p++)
        {
            ReadOnlySpan<T> pv = parts[p].Values.AsContiguous().AsSpan();
            ReadOnlySpan<long> pi = parts[p].Indices.AsContiguous().AsSpan();
            for (int i = 0; i < v.Length; i++)
            {
                // Parts arrive in index order, so on a tie the earlier part keeps its index.
                if (Better(k, pv[i], v[i], max) || (!k.IsNaN(v[i]) && pv[i].Equals(v[i]) && pi[i] < ix[i]))
                {
                    v[i] = pv[i];
                    ix[i] = pi[i];
                }
            }
        }

        return new ArgPartial<T>(values, indices);
    }

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="current"/>: strictly better, or the first NaN.</summary>
    private static bool Better(ArrayKernels<T> k, T candidate, T current, bool max)
    {
        if (k.IsNaN(current))
        {
            return false;
        }

        if (k.IsNaN(candidate))
        {
            return true;
        }

        double c = k.ToDouble(candidate);
        double b = k.ToDouble(current);
        return max ? c > b : c < b;
    }

    private static int Offset(int[] index, int[] shape)
    {
        int o = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            o = (o * shape[d]) + index[d];
        }

        return o;
    }

    private static long Ravel(int[] local, long[] start, long[] full)
    {
        long o = 0;
        for (int d = 0; d < full.Length; d++)
        {
            o = (o * full[d]) + start[d] + local[d];
        }

        return o;
    }
}
