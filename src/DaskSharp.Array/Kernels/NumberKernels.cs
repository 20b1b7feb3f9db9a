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
