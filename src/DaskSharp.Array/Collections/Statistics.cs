namespace DaskSharp.Arrays;

/// <summary>
/// The statistics built from other reductions, for floating-point arrays (integer arrays arrive
/// converted, by the promotion rules): NaN-ignoring means and variances, weighted averages,
/// central moments. Each is a few fused tree reductions and elementwise steps, as in Dask.
/// </summary>
internal static class Statistics
{
    /// <summary>NumPy's nanmean: the sum of the values that are not NaN over their count (NaN for an all-NaN slice).</summary>
    public static DaskArray<T> NanMean<T>(DaskArray<T> x, int[]? axes, bool keepDims)
        where T : unmanaged
    {
        x.RequireFloat("NanMean");
        DaskArray<T> count = Counts(x, axes, keepDims);
        return ElementwiseOps.Binary(x.Reduce(ReduceOp.NanSum, axes, keepDims), count, BinaryOp.Divide);
    }

    /// <summary>NumPy's nanvar/nanstd: deviations from the nanmean, NaN where no degree of freedom is left.</summary>
    public static DaskArray<T> NanVar<T>(DaskArray<T> x, int[]? axes, int ddof, bool keepDims, bool sqrt)
        where T : unmanaged
    {
        x.RequireFloat(sqrt ? "NanStd" : "NanVar");
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        DaskArray<T> count = Counts(x, axes, keepDims: true);
        DaskArray<T> mean = ElementwiseOps.Binary(x.Reduce(ReduceOp.NanSum, axes, keepDims: true), count, BinaryOp.Divide);
        DaskArray<T> deviation = ElementwiseOps.Binary(x, mean, BinaryOp.Subtract);
        DaskArray<T> squares = ElementwiseOps.Unary(deviation, UnaryOp.Square).Reduce(ReduceOp.NanSum, axes, keepDims: true);
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        DaskArray<T> dof = ElementwiseOps.Scalar(count, k.FromDouble(ddof), BinaryOp.Subtract, scalarOnLeft: false);
        DaskArray<T> variance = ElementwiseOps.Where(
            ElementwiseOps.CompareScalar(dof, k.FromDouble(0), CompareOp.LessOrEqual),
            Da.Full(dof.Shape, k.FromDouble(double.NaN), ChunkSpec.Explicit(ChunkSizes(dof))),
            ElementwiseOps.Binary(squares, dof, BinaryOp.Divide));
        DaskArray<T> result = sqrt ? ElementwiseOps.Unary(variance, UnaryOp.Sqrt) : variance;
        return keepDims ? result : DropAxes(result, Axes.NormalizeMany(axes, x.Rank));
    }

    /// <summary>NumPy's average: Σ x·w / Σ w, with <paramref name="weights"/> of the array's shape or 1-d along <paramref name="axis"/>; the mean without weights.</summary>
    public static DaskArray<T> Average<T>(DaskArray<T> x, DaskArray<T>? weights, int? axis, bool keepDims)
        where T : unmanaged
    {
        x.RequireFloat("Average");
        int[]? axes = axis is { } a ? [Axes.Normalize(a, x.Rank)] : null;
        if (weights is null)
        {
            return x.MeanOver(axes, keepDims, null);
        }

        DaskArray<T> w = weights;
        if (!w.Shape.AsSpan().SequenceEqual(x.Shape))
        {
            if (axes is null || w.Rank != 1 || w.Shape[0] != x.Shape[axes[0]])
            {
                throw new ArgumentException(
                    $"Weights of shape {w.Chunks.ShapeText()} differ from the array's {x.Chunks.ShapeText()}; 1-d weights need an axis of their length.", nameof(weights));
            }

            // 1-d weights along the axis: shaped to broadcast against the array.
            w = w.Reshape([.. Enumerable.Range(0, x.Rank).Select(d => d == axes[0] ? x.Shape[d] : 1L)]);
        }

        DaskArray<T> weighted = ElementwiseOps.Binary(x, w, BinaryOp.Multiply).Reduce(ReduceOp.Sum, axes, keepDims);
        DaskArray<T> scale = w.Reduce(ReduceOp.Sum, axes, keepDims); // reshaped 1-d weights broadcast back
        return ElementwiseOps.Binary(weighted, scale, BinaryOp.Divide);
    }

    /// <summary>Dask's moment: the <paramref name="order"/>-th central moment, Σ (x − mean)^order / (n − ddof).</summary>
    public static DaskArray<T> Moment<T>(DaskArray<T> x, int order, int[]? axes, bool keepDims, int ddof)
        where T : unmanaged
    {
        x.RequireFloat("Moment");
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int[] normalized = Axes.NormalizeMany(axes, x.Rank);
        long n = normalized.Aggregate(1L, (c, a) => c * x.Shape[a]);
        DaskArray<T> mean = x.MeanOver(normalized, keepDims: true, null);
        DaskArray<T> deviation = ElementwiseOps.Binary(x, mean, BinaryOp.Subtract);
        DaskArray<T> powers = ElementwiseOps.Scalar(deviation, k.FromDouble(order), BinaryOp.Power, scalarOnLeft: false);
        return ElementwiseOps.Scalar(powers.Reduce(ReduceOp.Sum, normalized, keepDims), k.FromDouble(n - ddof), BinaryOp.Divide, scalarOnLeft: false);
    }

    /// <summary>How many elements are not NaN, in the array's type.</summary>
    private static DaskArray<T> Counts<T>(DaskArray<T> x, int[]? axes, bool keepDims)
        where T : unmanaged =>
        ElementwiseOps.Unary(x.IsNaN(), UnaryOp.Invert).AsType<T>().Reduce(ReduceOp.Sum, axes, keepDims);

    public static long[][] ChunkSizes<T>(DaskArray<T> x)
        where T : unmanaged => [.. Enumerable.Range(0, x.Rank).Select(x.Chunks.Sizes)];

    /// <summary>A keepdims result without its reduced axes.</summary>
    public static DaskArray<T> DropAxes<T>(DaskArray<T> x, int[] axes)
        where T : unmanaged => x.Reshape([.. x.Shape.Where((_, d) => !axes.Contains(d))]);
}
