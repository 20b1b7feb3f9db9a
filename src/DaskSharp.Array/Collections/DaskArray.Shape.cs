using DaskSharp.Arrays;

namespace DaskSharp;

// Axis permutations and other operations that move blocks around without computing.
public sealed partial class DaskArray<TValue>
{
    /// <summary>The transpose (axes reversed).</summary>
    public DaskArray<TValue> T => Transpose();

    /// <summary>The axes permuted (reversed when none are given), as NumPy's <c>transpose</c>.</summary>
    /// <exception cref="ArgumentException">when <paramref name="axes"/> is not a permutation of the axes.</exception>
    public DaskArray<TValue> Transpose(params int[] axes)
    {
        int[] perm = Axes.Permutation(axes, Rank);
        var sizes = new long[Rank][];
        var outputAxes = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            sizes[i] = Chunks.Sizes(perm[i]);
            outputAxes[perm[i]] = i; // input axis perm[i] is output axis i
        }

        return ArrayBuilder.Blockwise<TValue>(
            "transpose", ChunkFunctions<TValue>.Transpose, new Chunks(sizes),
            [BlockInput.Mapped(this, outputAxes), BlockInput.Constant(perm)]);
    }

    /// <summary>The same data cut into different blocks.</summary>
    /// <exception cref="ArgumentException">when the chunks do not fit the shape.</exception>
    public DaskArray<TValue> Rechunk(ChunkSpec chunks) =>
        Rechunking.Rechunk(this, DaskSharp.Chunks.Normalize(chunks, Shape, ItemSize));
}
