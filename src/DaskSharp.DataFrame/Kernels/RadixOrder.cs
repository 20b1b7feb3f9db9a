namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// A stable least-significant-digit radix sort of row numbers by one integer or float key, eleven
/// bits a pass, skipping the passes where every key has the same digit (the high bytes of doubles
/// in [0, 1), of small integers). Linear in the rows: a sort of 500,000 doubles by introsort plus
/// a pass putting ties back in order took several times as long. Equal keys keep their order
/// (so -0.0 and 0.0 are one key, as a comparison sees them); descending inverts the key.
/// </summary>
internal static class RadixOrder
{
    // 11-bit digits: six passes cover 64 bits, and a pass's 2,048 counters stay in the L1 cache.
    private const int DigitBits = 11;
    private const int Passes = 6;
    private const ulong DigitMask = (1UL << DigitBits) - 1;

    /// <summary>Sorts <paramref name="order"/>[..<paramref name="count"/>] stably by <paramref name="keys"/>[row].</summary>
    public static void Sort(int[] order, int count, long[] keys, bool ascending)
    {
        var bits = new ulong[count];
        ulong flip = ascending ? 0UL : ulong.MaxValue;
        for (int i = 0; i < count; i++)
        {
            bits[i] = ((ulong)keys[order[i]] ^ 0x8000_0000_0000_0000UL) ^ flip;
        }

        Sort(order, bits, count);
    }

    /// <summary>Sorts <paramref name="order"/>[..<paramref name="count"/>] stably by <paramref name="keys"/>[row], which hold no NaN.</summary>
    public static void Sort(int[] order, int count, double[] keys, bool ascending)
    {
        var bits = new ulong[count];
        ulong flip = ascending ? 0UL : ulong.MaxValue;
        for (int i = 0; i < count; i++)
        {
            bits[i] = Ordered(keys[order[i]]) ^ flip;
        }

        Sort(order, bits, count);
    }

    /// <summary>Sorts <paramref name="values"/>[..<paramref name="count"/>] (no NaN) ascending in place, -0.0 becoming 0.0.</summary>
    public static void SortValues(double[] values, int count)
    {
        var bits = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            bits[i] = Ordered(values[i]);
        }

        Sort(null, bits, count);
        for (int i = 0; i < count; i++)
        {
            ulong u = bits[i];
            values[i] = BitConverter.Int64BitsToDouble((long)((u & 0x8000_0000_0000_0000UL) != 0 ? u ^ 0x8000_0000_0000_0000UL : ~u));
        }
    }

    /// <summary>Sorts <paramref name="values"/>[..<paramref name="count"/>] ascending in place.</summary>
    public static void SortValues(long[] values, int count)
    {
        var bits = new ulong[count];
        for (int i = 0; i < count; i++)
        {
            bits[i] = (ulong)values[i] ^ 0x8000_0000_0000_0000UL;
        }

        Sort(null, bits, count);
        for (int i = 0; i < count; i++)
        {
            values[i] = (long)(bits[i] ^ 0x8000_0000_0000_0000UL);
        }
    }

    // The bits of a double (not NaN) as an unsigned number in the same order; -0.0 as 0.0.
    private static ulong Ordered(double v)
    {
        ulong u = (ulong)BitConverter.DoubleToInt64Bits(v == 0 ? 0.0 : v);

        // Negative numbers: every bit flipped (larger magnitude sorts first); others: the sign bit set.
        return (u & 0x8000_0000_0000_0000UL) != 0 ? ~u : u | 0x8000_0000_0000_0000UL;
    }

    // Sorts bits[..count], and order[..count] along with them when given.
    private static void Sort(int[]? order, ulong[] bits, int count)
    {
        if (count < 2)
        {
            return;
        }

        // All the histograms in one read of the keys.
        var counts = new int[Passes << DigitBits];
        for (int i = 0; i < count; i++)
        {
            ulong b = bits[i];
            for (int d = 0; d < Passes; d++)
            {
                counts[(d << DigitBits) | (int)((b >> (d * DigitBits)) & DigitMask)]++;
            }
        }

        var otherBits = new ulong[count];
        int[]? fromOrder = order, toOrder = order is null ? null : new int[count];
        ulong[] fromBits = bits, toBits = otherBits;
        Span<int> starts = stackalloc int[1 << DigitBits];
        for (int d = 0; d < Passes; d++)
        {
            int shift = d * DigitBits;
            ReadOnlySpan<int> histogram = counts.AsSpan(d << DigitBits, 1 << DigitBits);
            if (histogram[(int)((bits[0] >> shift) & DigitMask)] == count)
            {
                continue; // every key has this digit
            }

            for (int v = 0, at = 0; v < histogram.Length; v++)
            {
                starts[v] = at;
                at += histogram[v];
            }

            for (int i = 0; i < count; i++)
            {
                ulong b = fromBits[i];
                int at = starts[(int)((b >> shift) & DigitMask)]++;
                toBits[at] = b;
                if (toOrder is not null)
                {
                    toOrder[at] = fromOrder![i];
                }
            }

            (fromBits, toBits) = (toBits, fromBits);
            (fromOrder, toOrder) = (toOrder, fromOrder);
        }

        if (fromBits != bits)
        {
            System.Array.Copy(fromBits, bits, count);
            if (order is not null)
            {
                System.Array.Copy(fromOrder!, order, count);
            }
        }
    }
}
