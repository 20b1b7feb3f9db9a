using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>Negation, absolute value and rounding of numeric columns, keeping their type (numpy's wrap-around for the smallest integer).</summary>
internal static class UnaryKernels
{
    public static IArrowArray Negate(IArrowArray array) => Map(array, static x => unchecked(-x), static x => unchecked(-x), static x => -x, static x => -x);

    public static IArrowArray Abs(IArrowArray array) => Map(array, static x => x < 0 ? unchecked(-x) : x, static x => x < 0 ? unchecked(-x) : x, Math.Abs, MathF.Abs);

    /// <summary>
    /// numpy's <c>round</c>, half to even: a float is scaled by 10^decimals, rounded to an integer and
    /// scaled back (so 2.675 rounds as numpy does, not as decimal arithmetic would); an integer is
    /// unchanged for decimals &gt;= 0 and rounded to a multiple of 10^-decimals otherwise.
    /// </summary>
    public static IArrowArray Round(IArrowArray array, int decimals)
    {
        if (array is Int64Array or Int32Array)
        {
            if (decimals >= 0)
            {
                return array;
            }

            long unit = checked((long)Math.Pow(10, -decimals));
            return Map(array, x => (int)RoundInteger(x, unit), x => RoundInteger(x, unit), static x => x, static x => x);
        }

        double factor = Math.Pow(10, Math.Abs(decimals));
        return decimals >= 0
            ? Map(array, static x => x, static x => x, x => Math.Round(x * factor, MidpointRounding.ToEven) / factor, x => (float)(Math.Round(x * factor, MidpointRounding.ToEven) / factor))
            : Map(array, static x => x, static x => x, x => Math.Round(x / factor, MidpointRounding.ToEven) * factor, x => (float)(Math.Round(x / factor, MidpointRounding.ToEven) * factor));
    }

    // Rounds to the nearest multiple of unit, half to even, in integers (numpy rounds an int array the same way).
    private static long RoundInteger(long x, long unit)
    {
        long q = Math.DivRem(x, unit, out long r);
        if (r < 0)
        {
            q--;
            r += unit;
        }

        long twice = r * 2;
        if (twice > unit || (twice == unit && (q & 1) != 0))
        {
            q++;
        }

        return q * unit;
    }

    private static IArrowArray Map(IArrowArray array, Func<int, int> int32, Func<long, long> int64, Func<double, double> float64, Func<float, float> float32)
    {
        (byte[]? validity, int nulls) = Bitmaps.Copy(array);
        return array switch
        {
            Int32Array a => Apply(a.Values, int32, Int32Type.Default, validity, nulls),
            Int64Array a => Apply(a.Values, int64, Int64Type.Default, validity, nulls),
            DoubleArray a => Apply(a.Values, float64, DoubleType.Default, validity, nulls),
            FloatArray a => Apply(a.Values, float32, FloatType.Default, validity, nulls),
            _ => throw new ArgumentException($"A numeric column was expected, not {Dtype.Name(array.Data.DataType)}."),
        };
    }

    private static IArrowArray Apply<T>(ReadOnlySpan<T> values, Func<T, T> f, IArrowType type, byte[]? validity, int nulls)
        where T : unmanaged
    {
        var result = new T[values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = f(values[i]);
        }

        return ArrayBuild.Primitive(type, result, result.Length, validity, nulls);
    }
}
