using DaskSharp.Arrays;

namespace DaskSharp;

// Reductions that keep the element type (or give one type for every input: indices, counts,
// booleans, quantiles), with NumPy's axis and keepdims semantics, built as tree reductions. Every
// reduction takes no axis (all, as a lazy scalar), one axis, or several. The reductions whose type
// NumPy promotes (sums of bools, means of integers) are in DaskArrayReductions; their explicit-type
// forms (NumPy's dtype=) are here: x.Sum<double>(axis: 0).
public sealed partial class DaskArray<TValue>
{
    /// <summary>Sum in <typeparamref name="TOut"/> (NumPy's <c>dtype=</c>): each element converted, then summed.</summary>
    public DaskScalar<TOut> Sum<TOut>()
        where TOut : unmanaged => new(AsType<TOut>().Reduce(ReduceOp.Sum, null));

    /// <summary>Sum in <typeparamref name="TOut"/> over one axis.</summary>
    public DaskArray<TOut> Sum<TOut>(int axis, bool keepDims = false, int? splitEvery = null)
        where TOut : unmanaged => AsType<TOut>().Reduce(ReduceOp.Sum, [axis], keepDims, splitEvery);

    /// <summary>Sum in <typeparamref name="TOut"/> over several axes (all when null).</summary>
    public DaskArray<TOut> Sum<TOut>(int[]? axes, bool keepDims = false, int? splitEvery = null)
        where TOut : unmanaged => AsType<TOut>().Reduce(ReduceOp.Sum, axes, keepDims, splitEvery);

    /// <summary>Product in <typeparamref name="TOut"/> (NumPy's <c>dtype=</c>).</summary>
    public DaskScalar<TOut> Prod<TOut>()
        where TOut : unmanaged => new(AsType<TOut>().Reduce(ReduceOp.Prod, null));

    /// <summary>Product in <typeparamref name="TOut"/> over one axis.</summary>
    public DaskArray<TOut> Prod<TOut>(int axis, bool keepDims = false, int? splitEvery = null)
        where TOut : unmanaged => AsType<TOut>().Reduce(ReduceOp.Prod, [axis], keepDims, splitEvery);

    /// <summary>Product in <typeparamref name="TOut"/> over several axes (all when null).</summary>
    public DaskArray<TOut> Prod<TOut>(int[]? axes, bool keepDims = false, int? splitEvery = null)
        where TOut : unmanaged => AsType<TOut>().Reduce(ReduceOp.Prod, axes, keepDims, splitEvery);

    /// <summary>Mean in <typeparamref name="TOut"/>, a floating-point type (NumPy's <c>dtype=</c>).</summary>
    public DaskScalar<TOut> Mean<TOut>()
        where TOut : unmanaged => new(AsType<TOut>().MeanOver(null, false, null));

    /// <summary>Mean in <typeparamref name="TOut"/> over one axis.</summary>
    public DaskArray<TOut> Mean<TOut>(int axis, bool keepDims = false, int? splitEvery = null)
        where TOut : unmanaged => AsType<TOut>().MeanOver([axis], keepDims, splitEvery);

    /// <summary>Mean in <typeparamref name="TOut"/> over several axes (all when null).</summary>
    public DaskArray<TOut> Mean<TOut>(int[]? axes, bool keepDims = false, int? splitEvery = null)
        where TOut : unmanaged => AsType<TOut>().MeanOver(axes, keepDims, splitEvery);

    /// <summary>Smallest element: a lazy scalar.</summary>
    public DaskScalar<TValue> Min() => new(Reduce(ReduceOp.Min, null));

    /// <summary>Minimum over one axis.</summary>
    public DaskArray<TValue> Min(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Min, [axis], keepDims, splitEvery);

    /// <summary>Minimum over several axes (all when null).</summary>
    public DaskArray<TValue> Min(int[]? axes, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Min, axes, keepDims, splitEvery);

    /// <summary>Largest element: a lazy scalar.</summary>
    public DaskScalar<TValue> Max() => new(Reduce(ReduceOp.Max, null));

    /// <summary>Maximum over one axis.</summary>
    public DaskArray<TValue> Max(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Max, [axis], keepDims, splitEvery);

    /// <summary>Maximum over several axes (all when null).</summary>
    public DaskArray<TValue> Max(int[]? axes, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Max, axes, keepDims, splitEvery);

    /// <summary>Smallest element that is not NaN (NaN when all are): a lazy scalar.</summary>
    public DaskScalar<TValue> NanMin() => new(Reduce(ReduceOp.NanMin, null));

    /// <summary>Minimum ignoring NaN over one axis.</summary>
    public DaskArray<TValue> NanMin(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.NanMin, [axis], keepDims, splitEvery);

    /// <summary>Minimum ignoring NaN over several axes (all when null).</summary>
    public DaskArray<TValue> NanMin(int[]? axes, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.NanMin, axes, keepDims, splitEvery);

    /// <summary>Largest element that is not NaN (NaN when all are): a lazy scalar.</summary>
    public DaskScalar<TValue> NanMax() => new(Reduce(ReduceOp.NanMax, null));

    /// <summary>Maximum ignoring NaN over one axis.</summary>
    public DaskArray<TValue> NanMax(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.NanMax, [axis], keepDims, splitEvery);

    /// <summary>Maximum ignoring NaN over several axes (all when null).</summary>
    public DaskArray<TValue> NanMax(int[]? axes, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.NanMax, axes, keepDims, splitEvery);

    /// <summary>Range of values (maximum − minimum, NumPy's <c>ptp</c>): a lazy scalar.</summary>
    public DaskScalar<TValue> Ptp() => new(Ptp(null));

    /// <summary>Range of values over one axis.</summary>
    public DaskArray<TValue> Ptp(int axis, bool keepDims = false) => Ptp([axis], keepDims);

    /// <summary>Range of values over several axes (all when null).</summary>
    public DaskArray<TValue> Ptp(int[]? axes, bool keepDims = false) =>
        ElementwiseOps.Binary(Reduce(ReduceOp.Max, axes, keepDims), Reduce(ReduceOp.Min, axes, keepDims), BinaryOp.Subtract);

    /// <summary>True when any element is non-zero: a lazy scalar.</summary>
    public DaskScalar<bool> Any() => new(IsNonZero().Reduce(ReduceOp.Max, null));

    /// <summary>Along one axis: true where any element is non-zero.</summary>
    public DaskArray<bool> Any(int axis, bool keepDims = false) => IsNonZero().Reduce(ReduceOp.Max, [axis], keepDims);

    /// <summary>Along several axes (all when null): true where any element is non-zero.</summary>
    public DaskArray<bool> Any(int[]? axes, bool keepDims = false) => IsNonZero().Reduce(ReduceOp.Max, axes, keepDims);

    /// <summary>True when every element is non-zero: a lazy scalar.</summary>
    public DaskScalar<bool> All() => new(IsNonZero().Reduce(ReduceOp.Min, null));

    /// <summary>Along one axis: true where every element is non-zero.</summary>
    public DaskArray<bool> All(int axis, bool keepDims = false) => IsNonZero().Reduce(ReduceOp.Min, [axis], keepDims);

    /// <summary>Along several axes (all when null): true where every element is non-zero.</summary>
    public DaskArray<bool> All(int[]? axes, bool keepDims = false) => IsNonZero().Reduce(ReduceOp.Min, axes, keepDims);

    /// <summary>The number of non-zero elements: a lazy scalar.</summary>
    public DaskScalar<long> CountNonzero() => new(IsNonZero().AsType<long>().Reduce(ReduceOp.Sum, null));

    /// <summary>The number of non-zero elements along one axis.</summary>
    public DaskArray<long> CountNonzero(int axis, bool keepDims = false) => IsNonZero().AsType<long>().Reduce(ReduceOp.Sum, [axis], keepDims);

    /// <summary>The number of non-zero elements along several axes (all when null).</summary>
    public DaskArray<long> CountNonzero(int[]? axes, bool keepDims = false) => IsNonZero().AsType<long>().Reduce(ReduceOp.Sum, axes, keepDims);

    /// <summary>Index of the largest element in the flattened array (the first, on ties; the first NaN if any).</summary>
    public DaskScalar<long> ArgMax() => new(Arg(null, max: true));

    /// <summary>Index of the largest element along <paramref name="axis"/> (NumPy takes one axis or none).</summary>
    public DaskArray<long> ArgMax(int axis, bool keepDims = false) => Arg([Axes.Normalize(axis, Rank)], max: true, keepDims);

    /// <summary>Index of the smallest element in the flattened array (the first, on ties; the first NaN if any).</summary>
    public DaskScalar<long> ArgMin() => new(Arg(null, max: false));

    /// <summary>Index of the smallest element along <paramref name="axis"/> (NumPy takes one axis or none).</summary>
    public DaskArray<long> ArgMin(int axis, bool keepDims = false) => Arg([Axes.Normalize(axis, Rank)], max: false, keepDims);

    /// <summary>Index of the largest element that is not NaN in the flattened array; computing it fails on an all-NaN array, as NumPy's.</summary>
    public DaskScalar<long> NanArgMax() => new(NanArg(null, max: true, false));

    /// <summary>Index of the largest element that is not NaN along <paramref name="axis"/>; an all-NaN slice fails, as in NumPy.</summary>
    public DaskArray<long> NanArgMax(int axis, bool keepDims = false) => NanArg(axis, max: true, keepDims);

    /// <summary>Index of the smallest element that is not NaN in the flattened array; computing it fails on an all-NaN array, as NumPy's.</summary>
    public DaskScalar<long> NanArgMin() => new(NanArg(null, max: false, false));

    /// <summary>Index of the smallest element that is not NaN along <paramref name="axis"/>; an all-NaN slice fails, as in NumPy.</summary>
    public DaskArray<long> NanArgMin(int axis, bool keepDims = false) => NanArg(axis, max: false, keepDims);

    /// <summary>
    /// The <paramref name="k"/> largest elements along <paramref name="axis"/>, largest first (Dask's
    /// <c>topk</c>); a negative k gives the |k| smallest, smallest first. The axis is gathered into
    /// one chunk.
    /// </summary>
    public DaskArray<TValue> TopK(int k, int axis = -1) => Selection.TopK(this, k, axis);

    /// <summary>The indices of <see cref="TopK"/>'s elements along <paramref name="axis"/> (Dask's <c>argtopk</c>).</summary>
    public DaskArray<long> ArgTopK(int k, int axis = -1) => Selection.ArgTopK(this, k, axis);

    /// <summary>The <paramref name="q"/>-th percentile (0 to 100) of every element, interpolated linearly as NumPy's default: a lazy scalar.</summary>
    public DaskScalar<double> Percentile(double q) => new(Selection.Quantiles(this, [q / 100], null, false, nan: false, scalarQ: true));

    /// <summary>The <paramref name="q"/>-th percentile along one axis.</summary>
    public DaskArray<double> Percentile(double q, int axis, bool keepDims = false) => Selection.Quantiles(this, [q / 100], [axis], keepDims, nan: false, scalarQ: true);

    /// <summary>Several percentiles along one axis (all when null): a leading axis of length q.Length.</summary>
    public DaskArray<double> Percentile(double[] q, int? axis = null, bool keepDims = false) =>
        Selection.Quantiles(this, [.. (q ?? throw new ArgumentNullException(nameof(q))).Select(p => p / 100)], axis is { } a ? [a] : null, keepDims, nan: false, scalarQ: false);

    /// <summary>The <paramref name="q"/>-th quantile (0 to 1) of every element, interpolated linearly: a lazy scalar.</summary>
    public DaskScalar<double> Quantile(double q) => new(Selection.Quantiles(this, [q], null, false, nan: false, scalarQ: true));

    /// <summary>The <paramref name="q"/>-th quantile along one axis.</summary>
    public DaskArray<double> Quantile(double q, int axis, bool keepDims = false) => Selection.Quantiles(this, [q], [axis], keepDims, nan: false, scalarQ: true);

    /// <summary>Several quantiles along one axis (all when null): a leading axis of length q.Length.</summary>
    public DaskArray<double> Quantile(double[] q, int? axis = null, bool keepDims = false) => Selection.Quantiles(this, q, axis is { } a ? [a] : null, keepDims, nan: false, scalarQ: false);

    /// <summary>The <paramref name="q"/>-th percentile of the elements that are not NaN: a lazy scalar.</summary>
    public DaskScalar<double> NanPercentile(double q) => new(Selection.Quantiles(this, [q / 100], null, false, nan: true, scalarQ: true));

    /// <summary>The <paramref name="q"/>-th percentile ignoring NaN along one axis.</summary>
    public DaskArray<double> NanPercentile(double q, int axis, bool keepDims = false) => Selection.Quantiles(this, [q / 100], [axis], keepDims, nan: true, scalarQ: true);

    /// <summary>The <paramref name="q"/>-th quantile of the elements that are not NaN: a lazy scalar.</summary>
    public DaskScalar<double> NanQuantile(double q) => new(Selection.Quantiles(this, [q], null, false, nan: true, scalarQ: true));

    /// <summary>The <paramref name="q"/>-th quantile ignoring NaN along one axis.</summary>
    public DaskArray<double> NanQuantile(double q, int axis, bool keepDims = false) => Selection.Quantiles(this, [q], [axis], keepDims, nan: true, scalarQ: true);

    /// <summary>Any reduction over <paramref name="axes"/> (all when null).</summary>
    public DaskArray<TValue> Reduce(ReduceOp op, int[]? axes, bool keepDims = false, int? splitEvery = null)
    {
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        string prefix = op.ToString().ToLowerInvariant();
        return TreeReduction.Build<TValue, NDArray<TValue>, TValue>(
            this, prefix, normalized, keepDims, splitEvery,
            ReductionFunctions<TValue>.Chunk(op), ReductionFunctions<TValue>.Combine(op), ReductionFunctions<TValue>.Aggregate(op));
    }

    /// <summary>The mean of a floating-point array over <paramref name="axes"/> (all when null), accumulated in double.</summary>
    internal DaskArray<TValue> MeanOver(int[]? axes, bool keepDims, int? splitEvery)
    {
        RequireFloat("Mean");
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        return TreeReduction.Build<TValue, MeanPartial, TValue>(
            this, "mean", normalized, keepDims, splitEvery,
            ReductionFunctions<TValue>.MeanChunk, ReductionFunctions<TValue>.MeanCombine, ReductionFunctions<TValue>.MeanAggregate);
    }

    /// <summary>The variance (or its square root) of a floating-point array with <paramref name="ddof"/> delta degrees of freedom.</summary>
    internal DaskArray<TValue> Moments(string prefix, int[]? axes, int ddof, bool keepDims, int? splitEvery, bool sqrt)
    {
        RequireFloat(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        return TreeReduction.Build<TValue, MomentsPartial, TValue>(
            this, prefix, normalized, keepDims, splitEvery,
            ReductionFunctions<TValue>.MomentsChunk, ReductionFunctions<TValue>.MomentsCombine, ReductionFunctions<TValue>.VarianceAggregate(ddof, sqrt),
            token: ddof);
    }

    /// <summary>True where an element is non-zero (the array itself for bools).</summary>
    internal DaskArray<bool> IsNonZero() =>
        typeof(TValue) == typeof(bool) ? (DaskArray<bool>)(object)this : ElementwiseOps.CompareScalar(this, default, CompareOp.NotEqual);

    internal void RequireFloat(string operation)
    {
        if (!ArrayKernels<TValue>.Instance.IsFloatingPoint)
        {
            throw new NotSupportedException($"{operation} of a {Dtype} array needs a floating-point array here; use AsType<double>() first (NumPy returns float64).");
        }
    }

    private DaskArray<long> Arg(int[]? axes, bool max, bool keepDims = false)
    {
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        return TreeReduction.Build<TValue, ArgPartial<TValue>, long>(
            this, max ? "argmax" : "argmin", normalized, keepDims, null,
            ArgReduction<TValue>.Chunk(max), ArgReduction<TValue>.Combine(max), ArgReduction<TValue>.Aggregate(max),
            token: max, chunkExtras: [BlockInput.Index(), BlockInput.Constant(Chunks)]);
    }

    /// <summary>NumPy's nanargmin/nanargmax: NaN replaced by the value that never wins, then an all-NaN slice is an error.</summary>
    private DaskArray<long> NanArg(int? axis, bool max, bool keepDims)
    {
        if (!ArrayKernels<TValue>.Instance.IsFloatingPoint)
        {
            return axis is { } a ? Arg([Axes.Normalize(a, Rank)], max, keepDims) : Arg(null, max);
        }

        TValue never = ArrayKernels<TValue>.Instance.FromDouble(max ? double.NegativeInfinity : double.PositiveInfinity);
        DaskArray<bool> nan = IsNaN();
        DaskArray<TValue> filled = ElementwiseOps.Where(nan, Da.Full(Shape, never, ChunkSpec.Explicit([.. Enumerable.Range(0, Rank).Select(Chunks.Sizes)])), this);
        int[]? axes = axis is { } ax ? [Axes.Normalize(ax, Rank)] : null;
        DaskArray<long> arg = filled.Arg(axes, max, keepDims);
        DaskArray<bool> allNaN = nan.Reduce(ReduceOp.Min, axes, keepDims);
        return Selection.FailWhereAny(arg, allNaN, "All-NaN slice encountered");
    }
}
