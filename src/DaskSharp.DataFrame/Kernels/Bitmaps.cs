using Apache.Arrow;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>Validity bitmaps read and written a row at a time without going through the array's virtual calls.</summary>
internal static class Bitmaps
{
    /// <summary>The validity of <paramref name="array"/> as a bitmap starting at row 0 (the array's own offset applied), or null when no row is null.</summary>
    public static (byte[]? Bitmap, int NullCount) Copy(IArrowArray array)
    {
        if (array.NullCount == 0)
        {
            return (null, 0);
        }

        int n = array.Length, offset = array.Data.Offset;
        ReadOnlySpan<byte> source = array.Data.Buffers[0].Span;
        var bits = new byte[(n + 7) / 8];
        if ((offset & 7) == 0)
        {
            source.Slice(offset >> 3, bits.Length).CopyTo(bits);
            if ((n & 7) != 0)
            {
                bits[^1] &= (byte)((1 << (n & 7)) - 1); // bits past the end stay clear
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                int at = i + offset;
                if ((source[at >> 3] & (1 << (at & 7))) != 0)
                {
                    bits[i >> 3] |= (byte)(1 << (i & 7));
                }
            }
        }

        return (bits, array.NullCount);
    }

    /// <summary>True when bit <paramref name="i"/> of <paramref name="bitmap"/> (null meaning all valid) is set.</summary>
    public static bool Get(byte[]? bitmap, int i) => bitmap is null || (bitmap[i >> 3] & (1 << (i & 7))) != 0;

    /// <summary>Clears bit <paramref name="i"/>.</summary>
    public static void Clear(byte[] bitmap, int i) => bitmap[i >> 3] &= (byte)~(1 << (i & 7));

    /// <summary>
    /// Marks the null rows of <paramref name="array"/>, placed from row <paramref name="at"/> of a
    /// column of <paramref name="total"/> rows, in <paramref name="bitmap"/> (made all valid when
    /// first needed); the nulls marked.
    /// </summary>
    public static int MarkNulls(ref byte[]? bitmap, IArrowArray array, int at, int total)
    {
        if (array.NullCount == 0)
        {
            return 0;
        }

        bitmap ??= AllValid(total);
        for (int i = 0; i < array.Length; i++)
        {
            if (!array.IsValid(i))
            {
                Clear(bitmap, at + i);
            }
        }

        return array.NullCount;
    }

    /// <summary>A bitmap of <paramref name="length"/> rows, all valid.</summary>
    public static byte[] AllValid(int length)
    {
        var bits = new byte[(length + 7) / 8];
        bits.AsSpan().Fill(0xFF);
        return bits;
    }

    /// <summary>The rows of a bitmap that are clear, or (null, 0) when none are.</summary>
    public static (byte[]? Bitmap, int NullCount) Counted(byte[] bitmap, int length)
    {
        int nulls = 0;
        for (int i = 0; i < length; i++)
        {
            if (!Get(bitmap, i))
            {
                nulls++;
            }
        }

        return nulls == 0 ? (null, 0) : (bitmap, nulls);
    }
}
