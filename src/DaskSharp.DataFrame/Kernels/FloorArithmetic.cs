using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Python's (and pandas') <c>//</c> and <c>%</c>: the quotient rounded toward minus infinity and a
/// remainder with the divisor's sign. Integers divided by zero give 0, as numpy and pandas' nullable
/// Int64 do; floats follow numpy's <c>divmod</c> (x // 0 is ±inf or NaN, x % 0 is NaN).
/// </summary>
internal static class FloorArithmetic
{
    /// <summary><c>//</c> or <c>%</c> of two columns, or of a column and a constant: int64 when both are integers, else float64.</summary>
    public static IArrowArray Apply(BinaryOperator op, IArrowArray left, IArrowArray? right, object? constant, byte[]? validity, int nulls)
    {
        int n = left.Length;
        bool floor = op == BinaryOperator.FloorDivide;
        if (Numeric.IsInteger(left.Data.DataType) && (right is null ? constant is long : Numeric.IsInteger(right.Data.DataType)))
        {
            ReadOnlySpan<long> a = Numeric.Longs(left), b = right is null ? default : Numeric.Longs(right);
            long c = constant is long l ? l : 0;
            var values = new long[n];
            for (int i = 0; i < n; i++)
            {
                long y = right is null ? c : b[i];
                values[i] = floor ? FloorDivide(a[i], y) : Modulo(a[i], y);
            }

            return ArrayBuild.Primitive(Int64Type.Default, values, n, validity, nulls);
        }

        ReadOnlySpan<double> x = Numeric.Doubles(left), z = right is null ? default : Numeric.Doubles(right);
        double k = constant is null ? 0 : Convert.ToDouble(constant, CultureInfo.InvariantCulture);
        var doubles = new double[n];
        for (int i = 0; i < n; i++)
        {
            double y = right is null ? k : z[i];
            doubles[i] = floor ? FloorDivide(x[i], y) : Modulo(x[i], y);
        }

        return ArrayBuild.Primitive(DoubleType.Default, doubles, n, validity, nulls);
    }

    public static long FloorDivide(long a, long b)
    {
        if (b == 0)
        {
            return 0;
        }

        if (b == -1)
        {
            return unchecked(-a); // long.MinValue // -1 wraps, as numpy
        }

        long q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }

    public static long Modulo(long a, long b)
    {
        if (b is 0 or -1)
        {
            return 0;
        }

        long r = a % b;
        return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
    }

    public static double FloorDivide(double a, double b) => DivMod(a, b, out _);

    public static double Modulo(double a, double b)
    {
        DivMod(a, b, out double mod);
        return mod;
    }

    // numpy's npy_divmod, step by step, so both results agree with pandas to the last bit.
    private static double DivMod(double a, double b, out double modulus)
    {
        double mod = a % b; // C's fmod
        if (b == 0)
        {
            modulus = mod;
            return a / b;
        }

        double div = (a - mod) / b;
        if (mod != 0)
        {
            if ((b < 0) != (mod < 0))
            {
                mod += b;
                div -= 1.0;
            }
        }
        else
        {
            mod = double.CopySign(0, b);
        }

        double floordiv;
        if (div != 0)
        {
            floordiv = Math.Floor(div);
            if (div - floordiv > 0.5)
            {
                floordiv += 1.0;
            }
        }
        else
        {
            floordiv = double.CopySign(0, a / b);
        }

        modulus = mod;
        return floordiv;
    }
}
