using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DaskSharp.Arrays;

/// <summary>Floating-point kernels: the numeric ones plus the transcendental functions and NumPy's float remainder, floor division and NaN rules.</summary>
internal sealed class FloatKernels<T> : NumberKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    public override bool IsFloatingPoint => true;

    public override void Unary(UnaryOp op, ReadOnlySpan<T> x, Span<T> destination)
    {
        switch (op)
        {
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, destination); break;
            case UnaryOp.Floor: TensorPrimitives.Floor(x, destination); break;
            case UnaryOp.Ceil: TensorPrimitives.Ceiling(x, destination); break;
            case UnaryOp.Trunc: TensorPrimitives.Truncate(x, destination); break;
            case UnaryOp.Rint: Scalar(x, destination, static v => T.Round(v, MidpointRounding.ToEven)); break;
            case UnaryOp.Sign: Scalar(x, destination, static v => T.IsNaN(v) ? v : v > T.Zero ? T.One : v < T.Zero ? -T.One : T.Zero); break;
            case UnaryOp.Exp: Scalar(x, destination, T.Exp); break;
            case UnaryOp.Log: Scalar(x, destination, T.Log); break;
            case UnaryOp.Sin: Scalar(x, destination, T.Sin); break;
            case UnaryOp.Cos: Scalar(x, destination, T.Cos); break;
            case UnaryOp.Tanh: Scalar(x, destination, T.Tanh); break;
            case UnaryOp.Log10: Scalar(x, destination, T.Log10); break;
            case UnaryOp.Log2: Scalar(x, destination, T.Log2); break;
            case UnaryOp.Log1p: Scalar(x, destination, Log1p); break;
            case UnaryOp.Expm1: Scalar(x, destination, Expm1); break;
            case UnaryOp.Tan: Scalar(x, destination, T.Tan); break;
            case UnaryOp.ArcSin: Scalar(x, destination, T.Asin); break;
            case UnaryOp.ArcCos: Scalar(x, destination, T.Acos); break;
            case UnaryOp.ArcTan: Scalar(x, destination, T.Atan); break;
            case UnaryOp.Sinh: Scalar(x, destination, T.Sinh); break;
            case UnaryOp.Cosh: Scalar(x, destination, T.Cosh); break;
            case UnaryOp.ArcSinh: Scalar(x, destination, T.Asinh); break;
            case UnaryOp.ArcCosh: Scalar(x, destination, T.Acosh); break;
            case UnaryOp.ArcTanh: Scalar(x, destination, T.Atanh); break;
            case UnaryOp.Cbrt: Scalar(x, destination, T.Cbrt); break;
            case UnaryOp.Degrees: Scalar(x, destination, static v => v * (T.CreateTruncating(180) / T.Pi)); break;
            case UnaryOp.Radians: Scalar(x, destination, static v => v * (T.Pi / T.CreateTruncating(180))); break;
            case UnaryOp.Exp2: Scalar(x, destination, T.Exp2); break;
            case UnaryOp.Reciprocal: Scalar(x, destination, static v => T.One / v); break;
            case UnaryOp.Sinc: Scalar(x, destination, Sinc); break;
            case UnaryOp.Spacing: Scalar(x, destination, Spacing); break;
            case UnaryOp.Invert: throw new NotSupportedException($"{op} is not defined for {DtypeName} arrays (NumPy: ufunc 'invert' not supported for the input types).");
            default: base.Unary(op, x, destination); break;
        }
    }

    public override void Binary(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
    {
        if (op is BinaryOp.BitwiseAnd or BinaryOp.BitwiseOr or BinaryOp.BitwiseXor or BinaryOp.LeftShift or BinaryOp.RightShift)
        {
            throw new NotSupportedException($"{op} is not defined for {DtypeName} arrays.");
        }

        base.Binary(op, x, y, destination);
    }

    protected override T Scalar(BinaryOp op, T x, T y) => op switch
    {
        BinaryOp.ArcTan2 => T.Atan2(x, y),
        BinaryOp.Hypot => T.Hypot(x, y),
        BinaryOp.Fmod => x % y,
        BinaryOp.CopySign => T.CopySign(x, y),
        BinaryOp.NextAfter => NextAfter(x, y),
        BinaryOp.LogAddExp => LogAddExp(x, y, two: false),
        BinaryOp.LogAddExp2 => LogAddExp(x, y, two: true),
        BinaryOp.Ldexp => T.ScaleB(x, int.CreateSaturating(y)),
        _ => base.Scalar(op, x, y),
    };

    /// <summary>NumPy's sinc: sin(y)/y with y = π·x, and x = 0 taken as 1e-20 (so 1).</summary>
    private static T Sinc(T x)
    {
        T y = T.Pi * (T.IsZero(x) ? T.CreateTruncating(1e-20) : x);
        return T.Sin(y) / y;
    }

    /// <summary>NumPy's spacing: the step to the next value away from zero, with x's sign; NaN for infinities.</summary>
    private static T Spacing(T x) =>
        T.IsInfinity(x) || T.IsNaN(x) ? T.NaN : (x < T.Zero || T.IsNegative(x) ? T.BitDecrement(x) - x : T.BitIncrement(x) - x);

    private static T NextAfter(T x, T y) =>
        T.IsNaN(x) || T.IsNaN(y) ? T.NaN : x == y ? y : x < y ? T.BitIncrement(x) : T.BitDecrement(x);

    /// <summary>NumPy's npy_logaddexp(2): the larger plus log1p of the exponential of the difference.</summary>
    private static T LogAddExp(T x, T y, bool two)
    {
        if (x == y)
        {
            return x + (two ? T.One : T.Log(T.CreateTruncating(2))); // handles infinities of one sign
        }

        T d = x - y;
        T larger = d > T.Zero ? x : y;
        if (!(d > T.Zero) && !(d <= T.Zero))
        {
            return T.NaN;
        }

        T negative = d > T.Zero ? -d : d;
        return two
            ? larger + (T.CreateTruncating(1.442695040888963407359924681001892137) * Log1p(T.Exp2(negative)))
            : larger + Log1p(T.Exp(negative));
    }

    /// <summary>log(1 + x) without the cancellation of forming 1 + x (Goldberg's correction: exact to a few ulps).</summary>
    private static T Log1p(T x)
    {
        T u = T.One + x;
        return u == T.One ? x : T.IsInfinity(u) ? u : T.Log(u) * x / (u - T.One);
    }

    /// <summary>exp(x) - 1 without the cancellation near 0 (Kahan's correction).</summary>
    private static T Expm1(T x)
    {
        T u = T.Exp(x);
        if (u == T.One)
        {
            return x;
        }

        T um1 = u - T.One;
        return um1 == -T.One ? um1 : T.IsInfinity(u) ? u : um1 * x / T.Log(u);
    }

    /// <summary>
    /// The transcendental functions element by element through the runtime's math library, not
    /// TensorPrimitives: its vector polynomials use <c>MultiplyAddEstimate</c>, which the JIT may or may
    /// not fuse, so their last bit changed between a method's first (tier-0) and later (optimised)
    /// compilations and between processes compiled differently (measured: <c>Sin</c> of the same chunk
    /// differed in the last place between a test process and a worker process). A value must not
    /// depend on which executor computed it or when.
    /// </summary>
    private static void Scalar(ReadOnlySpan<T> x, Span<T> destination, Func<T, T> function)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = function(x[i]);
        }
    }

    public override T Reduce(ReduceOp op, ReadOnlySpan<T> x) =>
        op == ReduceOp.Sum && !x.IsEmpty
            ? typeof(T) == typeof(double) ? (T)(object)FloatSum.Sum(MemoryMarshal.Cast<T, double>(x)) : TensorPrimitives.Sum(x)
            : base.Reduce(op, x);

    public override T Identity(ReduceOp op) => op switch
    {
        ReduceOp.Min => T.PositiveInfinity,
        ReduceOp.Max => T.NegativeInfinity,
        ReduceOp.NanMin or ReduceOp.NanMax => T.NaN, // any value replaces it; all-NaN stays NaN, as NumPy's
        _ => base.Identity(op),
    };

    protected override T Power(T x, T y) => T.Pow(x, y);

    /// <summary>NumPy's <c>npy_divmod</c>: the remainder from <c>fmod</c>, moved to the divisor's sign.</summary>
    protected override T Remainder(T x, T y)
    {
        T mod = x % y;
        if (T.IsZero(y))
        {
            return mod;
        }

        return !T.IsZero(mod) ? ((y < T.Zero) != (mod < T.Zero) ? mod + y : mod) : T.CopySign(T.Zero, y);
    }

    /// <summary>NumPy's <c>npy_floor_divide</c>: <c>(x - fmod(x, y)) / y</c>, corrected to the floor and rounded.</summary>
    protected override T FloorDivide(T x, T y)
    {
        if (T.IsZero(y))
        {
            return x / y;
        }

        T mod = x % y;
        T div = (x - mod) / y;
        if (!T.IsZero(mod) && ((y < T.Zero) != (mod < T.Zero)))
        {
            div -= T.One;
        }

        if (T.IsZero(div))
        {
            return T.CopySign(T.Zero, x / y);
        }

        T floor = T.Floor(div);
        return div - floor > T.CreateTruncating(0.5) ? floor + T.One : floor;
    }

    public override void Accumulate(ReduceOp op, Span<T> accumulator, ReadOnlySpan<T> x)
    {
        if (op is ReduceOp.Sum or ReduceOp.Prod or ReduceOp.Min or ReduceOp.Max)
        {
            Binary(Reductions.AsBinary(op), accumulator, x, accumulator);
            return;
        }

        base.Accumulate(op, accumulator, x);
    }

    public override double SumAsDouble(ReadOnlySpan<T> x) =>
        typeof(T) == typeof(double) ? FloatSum.Sum(MemoryMarshal.Cast<T, double>(x)) : base.SumAsDouble(x);
}
