using DaskSharp.Arrays;

namespace DaskSharp;

// Elementwise arithmetic, comparisons and reductions of the chunk type, with NumPy semantics.
public sealed partial class NDArray<TValue>
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static NDArray<TValue> operator +(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Binary(a, b, BinaryOp.Add);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static NDArray<TValue> operator -(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Binary(a, b, BinaryOp.Subtract);

    /// <summary>Elementwise product with broadcasting.</summary>
    public static NDArray<TValue> operator *(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Binary(a, b, BinaryOp.Multiply);

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public static NDArray<TValue> operator /(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Binary(a, b, BinaryOp.Divide);

    /// <summary>Elementwise remainder (sign of the divisor) with broadcasting.</summary>
    public static NDArray<TValue> operator %(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Binary(a, b, BinaryOp.Remainder);

    /// <summary>Adds a scalar.</summary>
    public static NDArray<TValue> operator +(NDArray<TValue> a, TValue b) => Elementwise.Binary(a, b, BinaryOp.Add, scalarOnLeft: false);

    /// <summary>Adds a scalar.</summary>
    public static NDArray<TValue> operator +(TValue a, NDArray<TValue> b) => Elementwise.Binary(b, a, BinaryOp.Add, scalarOnLeft: true);

    /// <summary>Subtracts a scalar.</summary>
    public static NDArray<TValue> operator -(NDArray<TValue> a, TValue b) => Elementwise.Binary(a, b, BinaryOp.Subtract, scalarOnLeft: false);

    /// <summary>Subtracts from a scalar.</summary>
    public static NDArray<TValue> operator -(TValue a, NDArray<TValue> b) => Elementwise.Binary(b, a, BinaryOp.Subtract, scalarOnLeft: true);

    /// <summary>Multiplies by a scalar.</summary>
    public static NDArray<TValue> operator *(NDArray<TValue> a, TValue b) => Elementwise.Binary(a, b, BinaryOp.Multiply, scalarOnLeft: false);

    /// <summary>Multiplies by a scalar.</summary>
    public static NDArray<TValue> operator *(TValue a, NDArray<TValue> b) => Elementwise.Binary(b, a, BinaryOp.Multiply, scalarOnLeft: true);

    /// <summary>Divides by a scalar.</summary>
    public static NDArray<TValue> operator /(NDArray<TValue> a, TValue b) => Elementwise.Binary(a, b, BinaryOp.Divide, scalarOnLeft: false);

    /// <summary>Divides a scalar.</summary>
    public static NDArray<TValue> operator /(TValue a, NDArray<TValue> b) => Elementwise.Binary(b, a, BinaryOp.Divide, scalarOnLeft: true);

    /// <summary>Remainder by a scalar.</summary>
    public static NDArray<TValue> operator %(NDArray<TValue> a, TValue b) => Elementwise.Binary(a, b, BinaryOp.Remainder, scalarOnLeft: false);

    /// <summary>Negation.</summary>
    public static NDArray<TValue> operator -(NDArray<TValue> a) => Elementwise.Unary(a, UnaryOp.Negate);

    /// <summary>Elementwise <c>&lt;</c>.</summary>
    public static NDArray<bool> operator <(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Compare(a, b, CompareOp.Less);

    /// <summary>Elementwise <c>&gt;</c>.</summary>
    public static NDArray<bool> operator >(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Compare(a, b, CompareOp.Greater);

    /// <summary>Elementwise <c>&lt;=</c>.</summary>
    public static NDArray<bool> operator <=(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Compare(a, b, CompareOp.LessOrEqual);

    /// <summary>Elementwise <c>&gt;=</c>.</summary>
    public static NDArray<bool> operator >=(NDArray<TValue> a, NDArray<TValue> b) => Elementwise.Compare(a, b, CompareOp.GreaterOrEqual);

    /// <summary>Any elementwise operation with broadcasting.</summary>
    public NDArray<TValue> Apply(BinaryOp op, NDArray<TValue> other) => Elementwise.Binary(this, other, op);

    /// <summary>Any elementwise function.</summary>
    public NDArray<TValue> Apply(UnaryOp op) => Elementwise.Unary(this, op);

    /// <summary>Any elementwise comparison with broadcasting.</summary>
    public NDArray<bool> Compare(CompareOp op, NDArray<TValue> other) => Elementwise.Compare(this, other, op);

    /// <summary>Each element converted to <typeparamref name="TOut"/> (floats truncate toward zero, as NumPy's astype).</summary>
    public NDArray<TOut> AsType<TOut>()
        where TOut : unmanaged => Elementwise.Convert<TValue, TOut>(this);

    /// <summary>Sum over <paramref name="axes"/> (all when null).</summary>
    public NDArray<TValue> Sum(int[]? axes = null, bool keepDims = false) => Reduce(ReduceOp.Sum, axes, keepDims);

    /// <summary>Product over <paramref name="axes"/> (all when null).</summary>
    public NDArray<TValue> Prod(int[]? axes = null, bool keepDims = false) => Reduce(ReduceOp.Prod, axes, keepDims);

    /// <summary>Minimum over <paramref name="axes"/> (all when null).</summary>
    public NDArray<TValue> Min(int[]? axes = null, bool keepDims = false) => Reduce(ReduceOp.Min, axes, keepDims);

    /// <summary>Maximum over <paramref name="axes"/> (all when null).</summary>
    public NDArray<TValue> Max(int[]? axes = null, bool keepDims = false) => Reduce(ReduceOp.Max, axes, keepDims);

    /// <summary>Any reduction over <paramref name="axes"/> (all when null).</summary>
    public NDArray<TValue> Reduce(ReduceOp op, int[]? axes = null, bool keepDims = false) =>
        Reductions.Reduce(this, op, Axes.NormalizeMany(axes, Rank), keepDims);
}
