using System.Numerics;
using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// Whether an integer column's valid values lie in a span narrow enough for a slot a value (at
/// most twice the rows, or 64 Ki): what lets group ids and sorting index arrays by <c>value − min</c>
/// instead of hashing or comparing.
/// </summary>
internal static class NarrowSpan
{
    /// <summary>The smallest valid value and the span's width, or null when no value is valid or the span is wider.</summary>
    public static (long Min, int Width)? Of<T>(IArrowArray column, ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryInteger<T>
    {
        bool nulls = column.NullCount > 0;
        long min = long.MaxValue, max = long.MinValue;
        for (int i = 0; i < values.Length; i++)
        {
            if (!nulls || column.IsValid(i))
            {
                long v = long.CreateTruncating(values[i]);
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        if (min > max)
        {
            return null;
        }

        ulong widest = unchecked((ulong)(max - min)); // exact even when max - min overflows a long
        return widest < (ulong)Math.Max(1 << 16, 2L * values.Length) ? (min, (int)widest + 1) : null;
    }
}
