using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

// NumPy's elementwise functions as methods (the Da.* forms call these).
public sealed partial class DaskArray<TValue>
{
    /// <summary>Absolute value.</summary>
    public DaskArray<TValue> Abs() => Apply(UnaryOp.Abs);

    /// <summary>Square root (floating-point arrays).</summary>
    public DaskArray<TValue> Sqrt() => Apply(UnaryOp.Sqrt);

    /// <summary>e to the power of each element.</summary>
    public DaskArray<TValue> Exp() => Apply(UnaryOp.Exp);

    /// <summary>Natural logarithm.</summary>
    public DaskArray<TValue> Log() => Apply(UnaryOp.Log);

    /// <summary>Sine.</summary>
    public DaskArray<TValue> Sin() => Apply(UnaryOp.Sin);

    /// <summary>Cosine.</summary>
    public DaskArray<TValue> Cos() => Apply(UnaryOp.Cos);

    /// <summary>Hyperbolic tangent.</summary>
    public DaskArray<TValue> Tanh() => Apply(UnaryOp.Tanh);

    /// <summary>Each element to the power <paramref name="exponent"/>.</summary>
    public DaskArray<TValue> Power(TValue exponent) => ElementwiseOps.Scalar(this, exponent, BinaryOp.Power, scalarOnLeft: false);

    /// <summary>Elements limited to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public DaskArray<TValue> Clip(TValue min, TValue max) =>
        ElementwiseOps.Scalar(ElementwiseOps.Scalar(this, min, BinaryOp.Maximum, scalarOnLeft: false), max, BinaryOp.Minimum, scalarOnLeft: false);

    /// <summary>True where an element is NaN.</summary>
    public DaskArray<bool> IsNaN() => ArrayBuilder.Blockwise<bool>("isnan", PredicateFunctions<TValue>.IsNaN, Chunks, [BlockInput.Aligned(this, Rank)]);

    /// <summary>True where an element is neither NaN nor infinite.</summary>
    public DaskArray<bool> IsFinite() => ArrayBuilder.Blockwise<bool>("isfinite", PredicateFunctions<TValue>.IsFinite, Chunks, [BlockInput.Aligned(this, Rank)]);

    /// <summary>Sum treating NaN as zero.</summary>
    public DaskScalar<TValue> NanSum() => new(Da.Where(IsNaN(), Da.Zeros<TValue>(Shape, ChunkSpec.Explicit([.. Enumerable.Range(0, Rank).Select(d => Chunks.Sizes(d))])), this).Reduce(ReduceOp.Sum, null));

    /// <summary>Mean of the elements that are not NaN.</summary>
    public DaskScalar<TValue> NanMean()
    {
        DaskArray<TValue> zeros = Da.Zeros<TValue>(Shape, ChunkSpec.Explicit([.. Enumerable.Range(0, Rank).Select(d => Chunks.Sizes(d))]));
        DaskArray<bool> nan = IsNaN();
        DaskArray<TValue> values = Da.Where(nan, zeros, this);
        DaskArray<TValue> counts = Da.Where(nan, zeros, Da.Ones<TValue>(Shape, ChunkSpec.Explicit([.. Enumerable.Range(0, Rank).Select(d => Chunks.Sizes(d))])));
        return new(values.Reduce(ReduceOp.Sum, null) / counts.Reduce(ReduceOp.Sum, null));
    }
}

/// <summary>Per-block predicates.</summary>
internal static class PredicateFunctions<T>
    where T : unmanaged
{
    public static readonly TaskFunction IsNaN = TaskFunction.From((NDArray<T> a) => Map(a, ArrayKernels<T>.Instance.IsNaN)).AsKernel();

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

/// <summary>Reductions of boolean arrays.</summary>
public static class BoolArrayExtensions
{
    /// <summary>True when any element is true.</summary>
    public static DaskScalar<bool> Any(this DaskArray<bool> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return new(array.Reduce(ReduceOp.Max, null));
    }

    /// <summary>True when every element is true.</summary>
    public static DaskScalar<bool> All(this DaskArray<bool> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return new(array.Reduce(ReduceOp.Min, null));
    }

    /// <summary>Along one axis: true where any element is true.</summary>
    public static DaskArray<bool> Any(this DaskArray<bool> array, int axis, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array.Reduce(ReduceOp.Max, [axis], keepDims);
    }

    /// <summary>Along one axis: true where every element is true.</summary>
    public static DaskArray<bool> All(this DaskArray<bool> array, int axis, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array.Reduce(ReduceOp.Min, [axis], keepDims);
    }
}
