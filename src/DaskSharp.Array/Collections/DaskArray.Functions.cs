using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

// NumPy's elementwise functions as methods (the Da.* forms call these).
public sealed partial class DaskArray<TValue>
{
    /// <summary>Absolute value.</summary>
    public DaskArray<TValue> Abs() => Apply(UnaryOp.Abs);

    /// <summary>-1, 0 or 1 by each element's sign (NaN stays NaN).</summary>
    public DaskArray<TValue> Sign() => Apply(UnaryOp.Sign);

    /// <summary>Each element squared.</summary>
    public DaskArray<TValue> Square() => Apply(UnaryOp.Square);

    /// <summary>Each element rounded to the nearest integer, halves to even (NumPy's <c>rint</c>).</summary>
    public DaskArray<TValue> Rint() => Apply(UnaryOp.Rint);

    /// <summary>
    /// Each element rounded to <paramref name="decimals"/> decimals, halves to even, by NumPy's
    /// method (<c>rint(x · 10^d) / 10^d</c>); integers are unchanged for decimals ≥ 0.
    /// </summary>
    public DaskArray<TValue> Round(int decimals = 0)
    {
        ArrayKernels<TValue> k = ArrayKernels<TValue>.Instance;
        if (!k.IsFloatingPoint)
        {
            return decimals >= 0 ? this : throw new NotSupportedException($"Round with negative decimals of a {Dtype} array; use AsType<double>() first.");
        }

        if (decimals == 0)
        {
            return Apply(UnaryOp.Rint);
        }

        TValue scale = k.FromDouble(Math.Pow(10, Math.Abs(decimals)));
        BinaryOp into = decimals > 0 ? BinaryOp.Multiply : BinaryOp.Divide;
        BinaryOp back = decimals > 0 ? BinaryOp.Divide : BinaryOp.Multiply;
        return ElementwiseOps.Scalar(ElementwiseOps.Scalar(this, scale, into, scalarOnLeft: false).Apply(UnaryOp.Rint), scale, back, scalarOnLeft: false);
    }

    /// <summary>Each element to the power <paramref name="exponent"/>.</summary>
    public DaskArray<TValue> Power(TValue exponent) => ElementwiseOps.Scalar(this, exponent, BinaryOp.Power, scalarOnLeft: false);

    /// <summary>Elements limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public DaskArray<TValue> Clip(TValue min, TValue max) =>
        ElementwiseOps.Scalar(ElementwiseOps.Scalar(this, min, BinaryOp.Maximum, scalarOnLeft: false), max, BinaryOp.Minimum, scalarOnLeft: false);

    /// <summary>True where an element is NaN.</summary>
    public DaskArray<bool> IsNaN() => ArrayBuilder.Blockwise<bool>("isnan", PredicateFunctions<TValue>.IsNaN, Chunks, [BlockInput.Aligned(this, Rank)]);

    /// <summary>True where an element is neither NaN nor infinite.</summary>
    public DaskArray<bool> IsFinite() => ArrayBuilder.Blockwise<bool>("isfinite", PredicateFunctions<TValue>.IsFinite, Chunks, [BlockInput.Aligned(this, Rank)]);

    /// <summary>True where an element is infinite.</summary>
    public DaskArray<bool> IsInf() => ArrayBuilder.Blockwise<bool>("isinf", PredicateFunctions<TValue>.IsInf, Chunks, [BlockInput.Aligned(this, Rank)]);

    /// <summary>True where an element is +∞.</summary>
    public DaskArray<bool> IsPosInf() => ArrayBuilder.Blockwise<bool>("isposinf", PredicateFunctions<TValue>.IsPosInf, Chunks, [BlockInput.Aligned(this, Rank)]);

    /// <summary>True where an element is −∞.</summary>
    public DaskArray<bool> IsNegInf() => ArrayBuilder.Blockwise<bool>("isneginf", PredicateFunctions<TValue>.IsNegInf, Chunks, [BlockInput.Aligned(this, Rank)]);

    /// <summary>
    /// NaN replaced by <paramref name="nan"/>, +∞ by <paramref name="posInf"/> and −∞ by
    /// <paramref name="negInf"/> (by default the type's largest and smallest finite values), as
    /// NumPy's <c>nan_to_num</c>; integer arrays are unchanged.
    /// </summary>
    public DaskArray<TValue> NanToNum(double nan = 0, double? posInf = null, double? negInf = null)
    {
        ArrayKernels<TValue> k = ArrayKernels<TValue>.Instance;
        if (!k.IsFloatingPoint)
        {
            return this;
        }

        TValue big = typeof(TValue) == typeof(float) ? k.FromDouble(float.MaxValue) : typeof(TValue) == typeof(Half) ? k.FromDouble((double)Half.MaxValue) : k.FromDouble(double.MaxValue);
        TValue small = typeof(TValue) == typeof(float) ? k.FromDouble(float.MinValue) : typeof(TValue) == typeof(Half) ? k.FromDouble((double)Half.MinValue) : k.FromDouble(double.MinValue);
        DaskArray<TValue> result = Da.Where(IsNaN(), k.FromDouble(nan), this);
        result = Da.Where(IsPosInf(), posInf is { } p ? k.FromDouble(p) : big, result);
        return Da.Where(IsNegInf(), negInf is { } n ? k.FromDouble(n) : small, result);
    }

    /// <summary>Elements limited to [<paramref name="min"/>, <paramref name="max"/>] elementwise, with broadcasting.</summary>
    public DaskArray<TValue> Clip(DaskArray<TValue> min, DaskArray<TValue> max) =>
        ElementwiseOps.Binary(ElementwiseOps.Binary(this, min, BinaryOp.Maximum), max, BinaryOp.Minimum);
}

/// <summary>Per-block predicates.</summary>
internal static class PredicateFunctions<T>
    where T : unmanaged
{
    public static readonly TaskFunction IsNaN = TaskFunction.From((NDArray<T> a) => Map(a, ArrayKernels<T>.Instance.IsNaN)).AsKernel();

    public static readonly TaskFunction IsInf = TaskFunction.From((NDArray<T> a) =>
        Map(a, v => ArrayKernels<T>.Instance.IsFloatingPoint && double.IsInfinity(ArrayKernels<T>.Instance.ToDouble(v)))).AsKernel();

    public static readonly TaskFunction IsPosInf = TaskFunction.From((NDArray<T> a) =>
        Map(a, v => ArrayKernels<T>.Instance.IsFloatingPoint && double.IsPositiveInfinity(ArrayKernels<T>.Instance.ToDouble(v)))).AsKernel();

    public static readonly TaskFunction IsNegInf = TaskFunction.From((NDArray<T> a) =>
        Map(a, v => ArrayKernels<T>.Instance.IsFloatingPoint && double.IsNegativeInfinity(ArrayKernels<T>.Instance.ToDouble(v)))).AsKernel();

    public static readonly TaskFunction IsFinite = TaskFunction.From((NDArray<T> a) =>
        Map(a, v => !ArrayKernels<T>.Instance.IsNaN(v) && double.IsFinite(ArrayKernels<T>.Instance.ToDouble(v)))).AsKernel();

    private static NDArray<bool> Map(NDArray<T> a, Func<T, bool> predicate)
    {
        ReadOnlySpan<T> values = a.AsContiguous().AsSpan();
        var result = new NDArray<bool>(a.ShapeArray);
        Span<bool> d = result.AsSpan();
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = predicate(values[i]);
        }

        return result;
    }
}

