using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DaskSharp.Arrays;

/// <summary>Kernels for any numeric type, on <see cref="TensorPrimitives"/> where it has the operation.</summary>
internal class NumberKernels<T> : ArrayKernels<T>
    where T : unmanaged, INumber<T>, IMinMaxValue<T>
{
    public override string DtypeName => Dtype.NameOf(typeof(T));

    public override bool IsFloatingPoint => false;

    public override void Binary(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, destination); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, destination); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, destination); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, destination); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, destination); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, destination); break;
            default:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = Scalar(op, x[i], y[i]);
                }

                break;
        }
    }

    public override void Binary(BinaryOp op, ReadOnlySpan<T> x, T y, Span<T> destination)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, destination); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, destination); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, destination); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, destination); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, destination); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, destination); break;
            default:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = Scalar(op, x[i], y);
                }

                break;
        }
    }

    public override void Binary(BinaryOp op, T x, ReadOnlySpan<T> y, Span<T> destination)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, destination); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, destination); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(y, x, destination); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, destination); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(y, x, destination); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(y, x, destination); break;
            default:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = Scalar(op, x, y[i]);
                }

                break;
        }
    }

    public override void Unary(UnaryOp op, ReadOnlySpan<T> x, Span<T> destination)
    {
        switch (op)
        {
            case UnaryOp.Negate: TensorPrimitives.Negate(x, destination); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, destination); break;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, destination); break;
            case UnaryOp.Floor or UnaryOp.Ceil or UnaryOp.Trunc or UnaryOp.Rint: x.CopyTo(destination); break;
            case UnaryOp.Sign:
                for (int i = 0; i < x.Length; i++)
                {
                    destination[i] = T.IsZero(x[i]) ? T.Zero : T.IsNegative(x[i]) ? T.Zero - T.One : T.One;
                }

                break;
            default: throw new NotSupportedException($"{op} needs a floating-point array, not {DtypeName}; use AsType<double>() first.");
        }
    }

    /// <summary>The running reduction <paramref name="accumulator"/> op= <paramref name="x"/>, elementwise.</summary>
    public override void Accumulate(ReduceOp op, Span<T> accumulator, ReadOnlySpan<T> x)
    {
        if (op is ReduceOp.NanSum or ReduceOp.NanProd && IsFloatingPoint)
        {
            // NaN counts as the identity; the accumulator itself never holds one.
            bool sum = op == ReduceOp.NanSum;
            for (int i = 0; i < x.Length; i++)
            {
                T v = x[i];
                if (!T.IsNaN(v))
                {
                    accumulator[i] = sum ? accumulator[i] + v : accumulator[i] * v;
                }
            }

            return;
        }

        Binary(Reductions.AsBinary(op), accumulator, x, accumulator);
    }

    public override void Compare(CompareOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Compare(op, x[i], y[i]);
        }
    }

    public override void Compare(CompareOp op, ReadOnlySpan<T> x, T y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Compare(op, x[i], y);
        }
    }

    public override void Compare(CompareOp op, T x, ReadOnlySpan<T> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Compare(op, x, y[i]);
        }
    }

    public override T Reduce(ReduceOp op, ReadOnlySpan<T> x)
    {
        if (x.IsEmpty)
        {
            return op is ReduceOp.Min or ReduceOp.Max or ReduceOp.NanMin or ReduceOp.NanMax
                ? throw new ArgumentException("zero-size array to reduction operation which has no identity")
                : Identity(op);
        }

        return op switch
        {
            ReduceOp.Sum => TensorPrimitives.Sum(x),
            ReduceOp.Prod => TensorPrimitives.Product(x),
            ReduceOp.Min => TensorPrimitives.Min(x),
            ReduceOp.Max => TensorPrimitives.Max(x),
            ReduceOp.NanSum or ReduceOp.NanProd or ReduceOp.NanMin or ReduceOp.NanMax when HasNaN(x) => ReduceSkippingNaN(op, x),
            ReduceOp.NanSum => TensorPrimitives.Sum(x),
            ReduceOp.NanProd => TensorPrimitives.Product(x),
            ReduceOp.NanMin => TensorPrimitives.Min(x),
            ReduceOp.NanMax => TensorPrimitives.Max(x),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    private static bool HasNaN(ReadOnlySpan<T> x)
    {
        foreach (T v in x)
        {
            if (T.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    private T ReduceSkippingNaN(ReduceOp op, ReadOnlySpan<T> x)
    {
        T acc = Identity(op);
        foreach (T v in x)
        {
            acc = Combine(op, acc, v);
        }

        return acc;
    }

    public override T Combine(ReduceOp op, T a, T b) => op switch
    {
        ReduceOp.Sum => a + b,
        ReduceOp.Prod => a * b,
        ReduceOp.Min => IsNaN(a) || IsNaN(b) ? (IsNaN(a) ? a : b) : T.Min(a, b),
        ReduceOp.Max => IsNaN(a) || IsNaN(b) ? (IsNaN(a) ? a : b) : T.Max(a, b),
        ReduceOp.NanSum => IsNaN(b) ? a : IsNaN(a) ? b : a + b,
        ReduceOp.NanProd => IsNaN(b) ? a : IsNaN(a) ? b : a * b,
        ReduceOp.NanMin => IsNaN(a) ? b : IsNaN(b) ? a : T.Min(a, b),
        ReduceOp.NanMax => IsNaN(a) ? b : IsNaN(b) ? a : T.Max(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public override T Identity(ReduceOp op) => op switch
    {
        ReduceOp.Sum or ReduceOp.NanSum => T.Zero,
        ReduceOp.Prod or ReduceOp.NanProd => T.One,
        ReduceOp.Min or ReduceOp.NanMin => T.MaxValue,
        ReduceOp.Max or ReduceOp.NanMax => T.MinValue,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public override double SumAsDouble(ReadOnlySpan<T> x)
    {
        double sum = 0;
        foreach (T v in x)
        {
            sum += double.CreateTruncating(v);
        }

        return sum;
    }

    public override double SumSquaredDeviations(ReadOnlySpan<T> x, double mean)
    {
        double sum = 0;
        foreach (T v in x)
        {
            double d = double.CreateTruncating(v) - mean;
            sum += d * d;
        }

        return sum;
    }

    public override double ToDouble(T value) => double.CreateTruncating(value);

    public override T FromDouble(double value) => T.CreateTruncating(value);

    public override bool IsNaN(T value) => T.IsNaN(value);

    protected virtual T Power(T x, T y)
    {
        // Integer power by squaring; NumPy raises for negative integer powers.
        long e = long.CreateTruncating(y);
        if (e < 0)
        {
            throw new ArgumentException("Integers to negative integer powers are not allowed.");
        }

        T result = T.One;
        T b = x;
        while (e > 0)
        {
            if ((e & 1) != 0)
            {
                result *= b;
            }

            b *= b;
            e >>= 1;
        }

        return result;
    }

    protected virtual T Scalar(BinaryOp op, T x, T y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Remainder => Remainder(x, y),
        BinaryOp.Maximum => Combine(ReduceOp.Max, x, y),
        BinaryOp.Minimum => Combine(ReduceOp.Min, x, y),
        BinaryOp.Power => Power(x, y),
        BinaryOp.FloorDivide => FloorDivide(x, y),
        BinaryOp.Fmod => Fmod(x, y),
        BinaryOp.Fmin => Combine(ReduceOp.NanMin, x, y),
        BinaryOp.Fmax => Combine(ReduceOp.NanMax, x, y),
        _ => throw new NotSupportedException($"{op} is not defined for {DtypeName} arrays."),
    };

    /// <summary>NumPy's remainder: the sign of the divisor (Python's %), unlike C#'s %; 0 for x % 0 on integers.</summary>
    protected virtual T Remainder(T x, T y)
    {
        if (T.IsZero(y) || IsMinusOne(y))
        {
            return T.Zero; // also keeps MinValue % -1 from overflowing
        }

        T r = x % y;
        return !T.IsZero(r) && (T.IsNegative(r) != T.IsNegative(y)) ? r + y : r;
    }

    /// <summary>Python's and NumPy's integer <c>//</c>: the quotient rounded down; 0 for x // 0, and MinValue // -1 wraps as in NumPy.</summary>
    protected virtual T FloorDivide(T x, T y)
    {
        if (T.IsZero(y))
        {
            return T.Zero;
        }

        if (IsMinusOne(y))
        {
            return T.Zero - x; // wraps for MinValue, as NumPy's
        }

        T q = x / y;
        return !T.IsZero(x % y) && (T.IsNegative(x) != T.IsNegative(y)) ? q - T.One : q;
    }

    /// <summary>C's fmod on integers: the sign of the dividend; 0 for x fmod 0.</summary>
    protected virtual T Fmod(T x, T y) => T.IsZero(y) || IsMinusOne(y) ? T.Zero : x % y;

    private static bool IsMinusOne(T y) => T.IsNegative(y) && y == T.Zero - T.One;

    private static bool Compare(CompareOp op, T x, T y) => op switch
    {
        CompareOp.Equal => x == y,
        CompareOp.NotEqual => x != y,
        CompareOp.Less => x < y,
        CompareOp.LessOrEqual => x <= y,
        CompareOp.Greater => x > y,
        CompareOp.GreaterOrEqual => x >= y,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}

/// <summary>Floating-point kernels: everything above plus the transcendental functions.</summary>
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
        op == ReduceOp.Sum && !x.IsEmpty ? TensorPrimitives.Sum(x) : base.Reduce(op, x);

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
        typeof(T) == typeof(double) ? TensorPrimitives.Sum(MemoryMarshal.Cast<T, double>(x)) : base.SumAsDouble(x);
}
