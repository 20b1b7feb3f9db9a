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
            default: throw new NotSupportedException($"{op} needs a floating-point array, not {DtypeName}; use AsType<double>() first.");
        }
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
            return op is ReduceOp.Min or ReduceOp.Max
                ? throw new ArgumentException("zero-size array to reduction operation which has no identity")
                : Identity(op);
        }

        return op switch
        {
            ReduceOp.Sum => TensorPrimitives.Sum(x),
            ReduceOp.Prod => TensorPrimitives.Product(x),
            ReduceOp.Min => TensorPrimitives.Min(x),
            ReduceOp.Max => TensorPrimitives.Max(x),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    public override T Combine(ReduceOp op, T a, T b) => op switch
    {
        ReduceOp.Sum => a + b,
        ReduceOp.Prod => a * b,
        ReduceOp.Min => IsNaN(a) || IsNaN(b) ? (IsNaN(a) ? a : b) : T.Min(a, b),
        ReduceOp.Max => IsNaN(a) || IsNaN(b) ? (IsNaN(a) ? a : b) : T.Max(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public override T Identity(ReduceOp op) => op switch
    {
        ReduceOp.Sum => T.Zero,
        ReduceOp.Prod => T.One,
        ReduceOp.Min => T.MaxValue,
        ReduceOp.Max => T.MinValue,
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

    private T Scalar(BinaryOp op, T x, T y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Remainder => Remainder(x, y),
        BinaryOp.Maximum => Combine(ReduceOp.Max, x, y),
        BinaryOp.Minimum => Combine(ReduceOp.Min, x, y),
        BinaryOp.Power => Power(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>NumPy's remainder: the sign of the divisor (Python's %), unlike C#'s %; 0 for x % 0 on integers.</summary>
    protected virtual T Remainder(T x, T y)
    {
        if (T.IsZero(y))
        {
            return T.Zero;
        }

        T r = x % y;
        return !T.IsZero(r) && (T.IsNegative(r) != T.IsNegative(y)) ? r + y : r;
    }

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
            case UnaryOp.Exp: Scalar(x, destination, T.Exp); break;
            case UnaryOp.Log: Scalar(x, destination, T.Log); break;
            case UnaryOp.Sin: Scalar(x, destination, T.Sin); break;
            case UnaryOp.Cos: Scalar(x, destination, T.Cos); break;
            case UnaryOp.Tanh: Scalar(x, destination, T.Tanh); break;
            default: base.Unary(op, x, destination); break;
        }
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
        _ => base.Identity(op),
    };

    protected override T Power(T x, T y) => T.Pow(x, y);

    protected override T Remainder(T x, T y) => T.IsZero(y) ? T.NaN : base.Remainder(x, y);

    public override double SumAsDouble(ReadOnlySpan<T> x) =>
        typeof(T) == typeof(double) ? FloatSum.Sum(MemoryMarshal.Cast<T, double>(x)) : base.SumAsDouble(x);
}
