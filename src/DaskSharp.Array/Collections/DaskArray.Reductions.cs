using DaskSharp.Arrays;

namespace DaskSharp;

// Reductions with NumPy's axis and keepdims semantics, built as tree reductions.
public sealed partial class DaskArray<TValue>
{
    /// <summary>Sum of every element: a lazy scalar.</summary>
    public DaskScalar<TValue> Sum() => new(Reduce(ReduceOp.Sum, null));

    /// <summary>Sum over one axis.</summary>
    public DaskArray<TValue> Sum(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Sum, [axis], keepDims, splitEvery);

    /// <summary>Sum over several axes (all when null).</summary>
    public DaskArray<TValue> Sum(int[]? axes, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Sum, axes, keepDims, splitEvery);

    /// <summary>Product of every element: a lazy scalar.</summary>
    public DaskScalar<TValue> Prod() => new(Reduce(ReduceOp.Prod, null));

    /// <summary>Product over one axis.</summary>
    public DaskArray<TValue> Prod(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Prod, [axis], keepDims, splitEvery);

    /// <summary>Smallest element: a lazy scalar.</summary>
    public DaskScalar<TValue> Min() => new(Reduce(ReduceOp.Min, null));

    /// <summary>Minimum over one axis.</summary>
    public DaskArray<TValue> Min(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Min, [axis], keepDims, splitEvery);

    /// <summary>Largest element: a lazy scalar.</summary>
    public DaskScalar<TValue> Max() => new(Reduce(ReduceOp.Max, null));

    /// <summary>Maximum over one axis.</summary>
    public DaskArray<TValue> Max(int axis, bool keepDims = false, int? splitEvery = null) => Reduce(ReduceOp.Max, [axis], keepDims, splitEvery);

    /// <summary>Mean of every element, accumulated in double precision: a lazy scalar.</summary>
    /// <exception cref="NotSupportedException">for integer arrays (NumPy returns float64 there; use <c>AsType&lt;double&gt;()</c>).</exception>
    public DaskScalar<TValue> Mean() => new(Mean(null));

    /// <summary>Mean over one axis, accumulated in double precision.</summary>
    public DaskArray<TValue> Mean(int axis, bool keepDims = false, int? splitEvery = null) => Mean([axis], keepDims, splitEvery);

    /// <summary>Mean over several axes (all when null).</summary>
    public DaskArray<TValue> Mean(int[]? axes, bool keepDims = false, int? splitEvery = null)
    {
        RequireFloat("mean");
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        return TreeReduction.Build<TValue, MeanPartial, TValue>(
            this, "mean", normalized, keepDims, splitEvery,
            ReductionFunctions<TValue>.MeanChunk, ReductionFunctions<TValue>.MeanCombine, ReductionFunctions<TValue>.MeanAggregate);
    }

    /// <summary>Variance of every element with <paramref name="ddof"/> delta degrees of freedom: a lazy scalar.</summary>
    public DaskScalar<TValue> Var(int ddof = 0) => new(Moments("var", null, ddof, false, null, sqrt: false));

    /// <summary>Variance over one axis with <paramref name="ddof"/> delta degrees of freedom.</summary>
    public DaskArray<TValue> Var(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => Moments("var", [axis], ddof, keepDims, splitEvery, sqrt: false);

    /// <summary>Standard deviation of every element with <paramref name="ddof"/> delta degrees of freedom: a lazy scalar.</summary>
    public DaskScalar<TValue> Std(int ddof = 0) => new(Moments("std", null, ddof, false, null, sqrt: true));

    /// <summary>Standard deviation over one axis with <paramref name="ddof"/> delta degrees of freedom.</summary>
    public DaskArray<TValue> Std(int axis, int ddof = 0, bool keepDims = false, int? splitEvery = null) => Moments("std", [axis], ddof, keepDims, splitEvery, sqrt: true);

    /// <summary>Index of the largest element in the flattened array (the first, on ties; the first NaN if any).</summary>
    public DaskScalar<long> ArgMax() => new(Arg(null, max: true));

    /// <summary>Index of the largest element along <paramref name="axis"/>.</summary>
    public DaskArray<long> ArgMax(int axis, bool keepDims = false) => Arg([Axes.Normalize(axis, Rank)], max: true, keepDims);

    /// <summary>Index of the smallest element in the flattened array (the first, on ties; the first NaN if any).</summary>
    public DaskScalar<long> ArgMin() => new(Arg(null, max: false));

    /// <summary>Index of the smallest element along <paramref name="axis"/>.</summary>
    public DaskArray<long> ArgMin(int axis, bool keepDims = false) => Arg([Axes.Normalize(axis, Rank)], max: false, keepDims);

    /// <summary>Cumulative sum along <paramref name="axis"/> (NumPy's <c>cumsum</c>).</summary>
    public DaskArray<TValue> CumSum(int axis) => CumulativeReduction<TValue>.CumSum(this, axis);

    private DaskArray<long> Arg(int[]? axes, bool max, bool keepDims = false)
    {
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        return TreeReduction.Build<TValue, ArgPartial<TValue>, long>(
            this, max ? "argmax" : "argmin", normalized, keepDims, null,
            ArgReduction<TValue>.Chunk(max), ArgReduction<TValue>.Combine(max), ArgReduction<TValue>.Aggregate(max),
            token: max, chunkExtras: [BlockInput.Index(), BlockInput.Constant(Chunks)]);
    }

    /// <summary>Any reduction over <paramref name="axes"/> (all when null).</summary>
    public DaskArray<TValue> Reduce(ReduceOp op, int[]? axes, bool keepDims = false, int? splitEvery = null)
    {
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        string prefix = op.ToString().ToLowerInvariant();
        return TreeReduction.Build<TValue, NDArray<TValue>, TValue>(
            this, prefix, normalized, keepDims, splitEvery,
            ReductionFunctions<TValue>.Chunk(op), ReductionFunctions<TValue>.Combine(op), ReductionFunctions<TValue>.Aggregate(op));
    }

    private DaskArray<TValue> Moments(string prefix, int[]? axes, int ddof, bool keepDims, int? splitEvery, bool sqrt)
    {
        RequireFloat(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        int[] normalized = Axes.NormalizeMany(axes, Rank);
        return TreeReduction.Build<TValue, MomentsPartial, TValue>(
            this, prefix, normalized, keepDims, splitEvery,
            ReductionFunctions<TValue>.MomentsChunk, ReductionFunctions<TValue>.MomentsCombine, ReductionFunctions<TValue>.VarianceAggregate(ddof, sqrt),
            token: ddof);
    }

    private void RequireFloat(string operation)
    {
        if (!ArrayKernels<TValue>.Instance.IsFloatingPoint)
        {
            throw new NotSupportedException($"{operation} of a {Dtype} array would change its type; use AsType<double>().{char.ToUpperInvariant(operation[0])}{operation[1..]}(…) (NumPy returns float64).");
        }
    }
}
