using DaskSharp.Arrays;

namespace DaskSharp;

// NumPy's binary elementwise functions as Da.* (dask.array's module functions), with broadcasting.
public static partial class Da
{
    /// <summary>NumPy's <c>arctan2(x1, x2)</c>: the angle of the point (x2, x1), in the right quadrant.</summary>
    public static DaskArray<T> ArcTan2<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.ArcTan2, "ArcTan2");

    /// <summary><c>arctan2</c> of integer arrays, in float64.</summary>
    public static DaskArray<double> ArcTan2(DaskArray<long> x1, DaskArray<long> x2) => ArcTan2(x1.AsType<double>(), x2.AsType<double>());

    /// <summary><c>arctan2</c> of integer arrays, in float64.</summary>
    public static DaskArray<double> ArcTan2(DaskArray<int> x1, DaskArray<int> x2) => ArcTan2(x1.AsType<double>(), x2.AsType<double>());

    /// <summary>The hypotenuse <c>sqrt(x1² + x2²)</c>, without overflow.</summary>
    public static DaskArray<T> Hypot<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => FloatBinary(x1, x2, BinaryOp.Hypot, "Hypot");

    /// <summary>The hypotenuse of integer arrays, in float64.</summary>
    public static DaskArray<double> Hypot(DaskArray<long> x1, DaskArray<long> x2) => Hypot(x1.AsType<double>(), x2.AsType<double>());

    /// <summary>The hypotenuse of integer arrays, in float64.</summary>
    public static DaskArray<double> Hypot(DaskArray<int> x1, DaskArray<int> x2) => Hypot(x1.AsType<double>(), x2.AsType<double>());

    /// <summary>C's <c>fmod</c>: the remainder with the sign of the dividend (NumPy's <c>fmod</c>).</summary>
    public static DaskArray<T> Fmod<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Fmod);

    /// <summary><c>fmod</c> by a scalar.</summary>
    public static DaskArray<T> Fmod<T>(DaskArray<T> x1, T x2)
        where T : unmanaged => ElementwiseOps.Scalar(x1, x2, BinaryOp.Fmod, scalarOnLeft: false);

    /// <summary>The elementwise smaller, ignoring NaN (NumPy's <c>fmin</c>).</summary>
    public static DaskArray<T> Fmin<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Fmin);

    /// <summary>The elementwise larger, ignoring NaN (NumPy's <c>fmax</c>).</summary>
    public static DaskArray<T> Fmax<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Fmax);

    /// <summary>Python's and NumPy's <c>//</c>: the quotient rounded down.</summary>
    public static DaskArray<T> FloorDivide<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.FloorDivide);

    /// <summary>NumPy's <c>mod</c>/<c>remainder</c>: the sign of the divisor.</summary>
    public static DaskArray<T> Mod<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Remainder);

    /// <summary>NumPy's <c>remainder</c> (the same as <see cref="Mod{T}"/>).</summary>
    public static DaskArray<T> Remainder<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.Remainder);

    /// <summary>NumPy's <c>divmod</c>: the floored quotient and the remainder.</summary>
    public static (DaskArray<T> Quotient, DaskArray<T> Remainder) DivMod<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => (FloorDivide(x1, x2), Mod(x1, x2));

    /// <summary>Elementwise logical and (NumPy's <c>logical_and</c>) of two boolean arrays.</summary>
    public static DaskArray<bool> LogicalAnd(DaskArray<bool> x1, DaskArray<bool> x2) => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseAnd);

    /// <summary>Elementwise logical or.</summary>
    public static DaskArray<bool> LogicalOr(DaskArray<bool> x1, DaskArray<bool> x2) => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseOr);

    /// <summary>Elementwise logical exclusive or.</summary>
    public static DaskArray<bool> LogicalXor(DaskArray<bool> x1, DaskArray<bool> x2) => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseXor);

    /// <summary>Elementwise logical not.</summary>
    public static DaskArray<bool> LogicalNot(DaskArray<bool> x) => ElementwiseOps.Unary(x, UnaryOp.Invert);

    /// <summary>Elementwise bitwise and of integer (or logical and of boolean) arrays.</summary>
    public static DaskArray<T> BitwiseAnd<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseAnd);

    /// <summary>Elementwise bitwise or.</summary>
    public static DaskArray<T> BitwiseOr<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseOr);

    /// <summary>Elementwise bitwise exclusive or.</summary>
    public static DaskArray<T> BitwiseXor<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.BitwiseXor);

    /// <summary>Elementwise bitwise not (NumPy's <c>invert</c>).</summary>
    public static DaskArray<T> Invert<T>(DaskArray<T> x)
        where T : unmanaged => ElementwiseOps.Unary(x, UnaryOp.Invert);

    /// <summary>Each element shifted left by the matching count.</summary>
    public static DaskArray<T> LeftShift<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.LeftShift);

    /// <summary>Each element shifted right by the matching count.</summary>
    public static DaskArray<T> RightShift<T>(DaskArray<T> x1, DaskArray<T> x2)
        where T : unmanaged => ElementwiseOps.Binary(x1, x2, BinaryOp.RightShift);

    /// <summary>Elements limited to [min, max] (scalars).</summary>
    public static DaskArray<T> Clip<T>(DaskArray<T> x, T min, T max)
        where T : unmanaged => (x ?? throw new ArgumentNullException(nameof(x))).Clip(min, max);

    /// <summary>Elements limited to [min, max] elementwise (arrays, broadcasting).</summary>
    public static DaskArray<T> Clip<T>(DaskArray<T> x, DaskArray<T> min, DaskArray<T> max)
        where T : unmanaged => (x ?? throw new ArgumentNullException(nameof(x))).Clip(min, max);

    private static DaskArray<T> FloatBinary<T>(DaskArray<T> x1, DaskArray<T> x2, BinaryOp op, string name)
        where T : unmanaged
    {
        TypePromotion.RequireSame<T>(TypePromotion.Float, name);
        return ElementwiseOps.Binary(x1, x2, op);
    }
}
