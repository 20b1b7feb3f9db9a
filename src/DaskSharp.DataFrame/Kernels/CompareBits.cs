using System.Numerics;
using System.Runtime.Intrinsics;
using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Numeric comparisons written straight into an Arrow bitmap, eight rows a byte: with 512-bit
/// vectors where the machine has them (eight int64 or float64 lanes a compare), else 256-bit
/// ones, chosen when the code is compiled for the machine it runs on; the rows past the last whole byte
/// one at a time. NaN compares as IEEE says (false, except !=), as pandas does.
/// </summary>
internal static class CompareBits
{
    /// <summary>The bitmap of <c>a[i] op b[i]</c> (or <c>a[i] op constant</c> when <paramref name="scalar"/>).</summary>
    public static byte[] Compare<T>(BinaryOperator op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, T constant, bool scalar)
        where T : unmanaged, INumber<T>
    {
        var bits = new byte[(a.Length + 7) / 8];
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.Count == 8)
        {
            Vector512<T> c = Vector512.Create(constant);
            for (; i + 8 <= a.Length; i += 8)
            {
                bits[i >> 3] = (byte)Mask(op, Vector512.Create(a.Slice(i, 8)), scalar ? c : Vector512.Create(b.Slice(i, 8))).ExtractMostSignificantBits();
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.Count is 4 or 8)
        {
            int lanes = Vector256<T>.Count;
            Vector256<T> c = Vector256.Create(constant);
            for (; i + 8 <= a.Length; i += 8)
            {
                uint m = Mask(op, Vector256.Create(a.Slice(i, lanes)), scalar ? c : Vector256.Create(b.Slice(i, lanes))).ExtractMostSignificantBits();
                if (lanes == 4)
                {
                    m |= Mask(op, Vector256.Create(a.Slice(i + 4, 4)), scalar ? c : Vector256.Create(b.Slice(i + 4, 4))).ExtractMostSignificantBits() << 4;
                }

                bits[i >> 3] = (byte)m;
            }
        }

        for (; i < a.Length; i++)
        {
            if (Holds(op, a[i], scalar ? constant : b[i]))
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return bits;
    }

    /// <summary>One comparison, as the vectors make it.</summary>
    public static bool Holds<T>(BinaryOperator op, T x, T y)
        where T : INumber<T> => op switch
        {
            BinaryOperator.Equal => x == y,
            BinaryOperator.NotEqual => x != y,
            BinaryOperator.Less => x < y,
            BinaryOperator.LessOrEqual => x <= y,
            BinaryOperator.Greater => x > y,
            _ => x >= y,
        };

    private static Vector512<T> Mask<T>(BinaryOperator op, Vector512<T> x, Vector512<T> y) => op switch
    {
        BinaryOperator.Equal => Vector512.Equals(x, y),
        BinaryOperator.NotEqual => ~Vector512.Equals(x, y),
        BinaryOperator.Less => Vector512.LessThan(x, y),
        BinaryOperator.LessOrEqual => Vector512.LessThanOrEqual(x, y),
        BinaryOperator.Greater => Vector512.GreaterThan(x, y),
        _ => Vector512.GreaterThanOrEqual(x, y),
    };

    private static Vector256<T> Mask<T>(BinaryOperator op, Vector256<T> x, Vector256<T> y) => op switch
    {
        BinaryOperator.Equal => Vector256.Equals(x, y),
        BinaryOperator.NotEqual => ~Vector256.Equals(x, y),
        BinaryOperator.Less => Vector256.LessThan(x, y),
        BinaryOperator.LessOrEqual => Vector256.LessThanOrEqual(x, y),
        BinaryOperator.Greater => Vector256.GreaterThan(x, y),
        _ => Vector256.GreaterThanOrEqual(x, y),
    };
}
