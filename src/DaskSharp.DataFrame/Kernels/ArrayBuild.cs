using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>Arrow arrays made straight from owned buffers: no builders, no per-value calls.</summary>
internal static class ArrayBuild
{
    /// <summary>A primitive array of <paramref name="type"/> over <paramref name="values"/> (taken, not copied) and an optional validity bitmap.</summary>
    public static IArrowArray Primitive<T>(IArrowType type, T[] values, int length, byte[]? validity, int nullCount)
        where T : unmanaged
    {
        ArrowBuffer nulls = nullCount == 0 || validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity);
        return ArrowArrayFactory.BuildArray(new ArrayData(type, length, nullCount, 0, [nulls, new ArrowBuffer(new ArrayMemory<T>(values, length).Memory)]));
    }

    /// <summary>A boolean array from one bool a row and an optional validity bitmap.</summary>
    public static BooleanArray Boolean(ReadOnlySpan<bool> values, byte[]? validity, int nullCount)
    {
        var bits = new byte[(values.Length + 7) / 8];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i])
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return new BooleanArray(new ArrowBuffer(bits), nullCount == 0 || validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity), values.Length, nullCount, 0);
    }

    /// <summary>A validity bitmap (1 = valid) from one flag a row, and how many rows are null.</summary>
    public static (byte[]? Bitmap, int NullCount) Validity(ReadOnlySpan<bool> valid)
    {
        int nulls = 0;
        var bits = new byte[(valid.Length + 7) / 8];
        for (int i = 0; i < valid.Length; i++)
        {
            if (valid[i])
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
            else
            {
                nulls++;
            }
        }

        return nulls == 0 ? (null, 0) : (bits, nulls);
    }

    /// <summary>A list array: row i holds <paramref name="values"/>[offsets[i]..offsets[i + 1]).</summary>
    public static ListArray List(IArrowArray values, int[] offsets, byte[]? validity, int nullCount)
    {
        var type = new ListType(new Field("item", values.Data.DataType, true));
        return new ListArray(type, offsets.Length - 1, new ArrowBuffer(MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()), values, nullCount == 0 || validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity), nullCount, 0);
    }

    /// <summary>An empty array of <paramref name="type"/>.</summary>
    public static IArrowArray Empty(IArrowType type) => type switch
    {
        StringType => new StringArray.Builder().Build(),
        BooleanType => new BooleanArray.Builder().Build(),
        DictionaryType d => new DictionaryArray(d, Empty(d.IndexType), Empty(d.ValueType)),
        ListType l => List(Empty(l.ValueDataType), [0], null, 0),
        _ => ArrowArrayFactory.BuildArray(new ArrayData(type, 0, 0, 0, [ArrowBuffer.Empty, ArrowBuffer.Empty])),
    };

    /// <summary>True when row <paramref name="i"/> of <paramref name="array"/> holds a value.</summary>
    public static bool IsValid(IArrowArray array, int i) => array.NullCount == 0 || array.IsValid(i);
}
