using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

// NumPy's statistics and neighbourhood routines built from the others: covariance and correlation
// (a matrix product of the centred rows), padding, gradients, block assembly and coarsening.
public static partial class Da
{
    /// <summary>The covariance matrix of the rows of <paramref name="x"/> (each row a variable, as NumPy's <c>cov</c>), normalised by n − <paramref name="ddof"/>.</summary>
    public static DaskArray<double> Cov(DaskArray<double> x, int ddof = 1)
    {
        DaskArray<double> rows = AtLeast2d(Checked(x));
        long n = rows.Shape[1];
        DaskArray<double> centred = rows - rows.Mean(axis: 1, keepDims: true);
        return centred.MatMul(centred.T) / (double)(n - ddof);
    }

    /// <summary>The correlation coefficients of the rows of <paramref name="x"/> (NumPy's <c>corrcoef</c>), clipped to [−1, 1] as NumPy's.</summary>
    public static DaskArray<double> CorrCoef(DaskArray<double> x)
    {
        DaskArray<double> c = Cov(x);
        DaskArray<double> d = c.Diagonal().Sqrt();
        DaskArray<double> scaled = (c / d.ExpandDims(1)) / d.ExpandDims(0);
        return scaled.Clip(-1.0, 1.0);
    }

    /// <summary>The array padded with <paramref name="before"/> and <paramref name="after"/> elements of <paramref name="value"/> along every axis (NumPy's <c>pad</c> in constant mode).</summary>
    public static DaskArray<T> Pad<T>(DaskArray<T> x, int before, int after, T value = default)
        where T : unmanaged => Pad(x, [.. Enumerable.Repeat((before, after), Checked(x).Rank)], value);

    /// <summary>The array padded per axis by (before, after) elements of <paramref name="value"/>.</summary>
    public static DaskArray<T> Pad<T>(DaskArray<T> x, (int Before, int After)[] widths, T value = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Length != Checked(x).Rank)
        {
            throw new ArgumentException($"Pad needs one (before, after) pair per axis ({x.Rank}), not {widths.Length}.", nameof(widths));
        }

        DaskArray<T> result = x;
        for (int d = 0; d < widths.Length; d++)
        {
            var (b, a) = widths[d];
            ArgumentOutOfRangeException.ThrowIfNegative(b);
            ArgumentOutOfRangeException.ThrowIfNegative(a);
            var parts = new List<DaskArray<T>>();
            if (b > 0)
            {
                parts.Add(Slab(result, d, b, value));
            }

            parts.Add(result);
            if (a > 0)
            {
                parts.Add(Slab(result, d, a, value));
            }

            result = parts.Count == 1 ? result : Concatenate(parts, d);
        }

        return result;
    }

    /// <summary>
    /// The gradient along <paramref name="axis"/> with unit spacing (NumPy's <c>gradient</c> of one
    /// axis): central differences inside, one-sided at the two ends; at least 2 elements.
    /// </summary>
    public static DaskArray<double> Gradient(DaskArray<double> x, int axis = 0)
    {
        int ax = Axes.Normalize(axis, Checked(x).Rank);
        long n = x.Shape[ax];
        if (n < 2)
        {
            throw new ArgumentException($"Gradient needs at least 2 elements along axis {ax}, not {n}.", nameof(x));
        }

        DaskArray<double> Along(long? start, long? stop) => x[[.. Enumerable.Range(0, x.Rank).Select(d => d == ax ? SliceIndex.Slice(start, stop) : SliceIndex.All)]];
        DaskArray<double> first = Along(1, 2) - Along(0, 1);
        DaskArray<double> last = Along(n - 1, n) - Along(n - 2, n - 1);
        if (n == 2)
        {
            return Concatenate([first, last], ax);
        }

        DaskArray<double> inner = (Along(2, null) - Along(null, n - 2)) / 2.0;
        return Concatenate([first, inner, last], ax);
    }

    /// <summary>An array assembled from a grid of arrays (NumPy's <c>block</c> for a list of rows): each row joined along the last axis, the rows along the one before.</summary>
    public static DaskArray<T> Block<T>(IReadOnlyList<IReadOnlyList<DaskArray<T>>> rows)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || rows.Any(r => r.Count == 0))
        {
            throw new ArgumentException("Block needs at least one row and one array per row.", nameof(rows));
        }

        DaskArray<T>[] joined = [.. rows.Select(r => Concatenate([.. r.Select(AtLeast2d)], -1))];
        return Concatenate(joined, -2);
    }

    /// <summary>
    /// Each window of <paramref name="factors"/> elements (per axis) reduced to one by
    /// <paramref name="op"/> (Dask's <c>coarsen</c>); each chunk must divide by its axis' factor.
    /// </summary>
    public static DaskArray<T> Coarsen<T>(ReduceOp op, DaskArray<T> x, int[] factors)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Length != Checked(x).Rank)
        {
            throw new ArgumentException($"Coarsen needs one factor per axis ({x.Rank}), not {factors.Length}.", nameof(factors));
        }

        var sizes = new long[x.Rank][];
        for (int d = 0; d < x.Rank; d++)
        {
            int f = factors[d];
            ArgumentOutOfRangeException.ThrowIfLessThan(f, 1);
            long[] own = x.Chunks.Sizes(d);
            if (own.Any(c => c % f != 0))
            {
                throw new ArgumentException($"Coarsening axis {d} by {f} needs chunks that divide by {f}, not ({string.Join(", ", own)}); rechunk first.", nameof(factors));
            }

            sizes[d] = [.. own.Select(c => c / f)];
        }

        return ArrayBuilder.Blockwise<T>("coarsen", CoarsenFunctions<T>.Coarsen, new Chunks(sizes), [BlockInput.Aligned(x, x.Rank), BlockInput.Constant(factors), BlockInput.Constant(op)]);
    }

    /// <summary>A constant slab of <paramref name="width"/> along <paramref name="axis"/> with the array's other chunks.</summary>
    private static DaskArray<T> Slab<T>(DaskArray<T> x, int axis, int width, T value)
        where T : unmanaged =>
        Full((long[])[.. x.Shape.Select((s, d) => d == axis ? width : s)], value, ChunkSpec.Explicit([.. Enumerable.Range(0, x.Rank).Select(d => d == axis ? [(long)width] : x.Chunks.Sizes(d))]));
}

/// <summary>Dask's coarsen per block: the block reshaped to (n0/f0, f0, n1/f1, f1, …) and reduced over the window axes.</summary>
internal static class CoarsenFunctions<T>
    where T : unmanaged
{
    public static readonly TaskFunction Coarsen = TaskFunction.From((NDArray<T> block, int[] factors, ReduceOp op) =>
    {
        int[] shape = block.ShapeArray;
        int[] split = [.. shape.SelectMany((s, d) => new[] { s / factors[d], factors[d] })];
        int[] windows = [.. Enumerable.Range(0, shape.Length).Select(d => (2 * d) + 1)];
        return Reductions.Reduce(block.AsContiguous().Reshape(split), op, windows, keepDims: false);
    }).AsKernel();
}
