using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// What the Parquet reader gives, made into what the kernels accept: int32/int64 (narrower
/// integers widened), float32/float64, bool, utf8 (large utf8 narrowed), dictionary&lt;int32, utf8&gt;
/// (any index width), timestamp[ns] (any unit, its time zone kept). The reader's buffers live in
/// native memory owned by the reader; every array is copied into managed memory so a partition
/// outlives the file it came from.
/// </summary>
internal static class ParquetArrays
{
    private static readonly DictionaryType s_dictionary = new(Int32Type.Default, StringType.Default, false);

    /// <summary>The frame type a column of <paramref name="type"/> becomes, or null when it has none.</summary>
    public static IArrowType? FrameType(IArrowType type) => type switch
    {
        Int32Type or Int64Type or FloatType or DoubleType or BooleanType or StringType => type,
        Int8Type or Int16Type or UInt8Type or UInt16Type => Int32Type.Default,
        UInt32Type => Int64Type.Default,
        LargeStringType => StringType.Default,
        DictionaryType { ValueType: StringType or LargeStringType, IndexType: Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type } => s_dictionary,
        TimestampType t => new TimestampType(TimeUnit.Nanosecond, t.Timezone),
        _ => null,
    };

    /// <summary><paramref name="array"/> (as read) as a managed array of its <see cref="FrameType"/>.</summary>
    public static IArrowArray ToFrame(IArrowArray array)
    {
        IArrowArray owned = ArrowArrayFactory.BuildArray(Copy(array.Data));
        if (owned.Offset != 0)
        {
            owned = Take.Column(owned, Identity(owned.Length)); // the kernels read buffers from row 0
        }

        return Convert(owned);
    }

    private static IArrowArray Convert(IArrowArray a) => a switch
    {
        Int8Array x => Widen<sbyte, int>(x, x.Values, Int32Type.Default),
        Int16Array x => Widen<short, int>(x, x.Values, Int32Type.Default),
        UInt8Array x => Widen<byte, int>(x, x.Values, Int32Type.Default),
        UInt16Array x => Widen<ushort, int>(x, x.Values, Int32Type.Default),
        UInt32Array x => Widen<uint, long>(x, x.Values, Int64Type.Default),
        LargeStringArray s => Narrow(s),
        DictionaryArray d => Dictionary(d),
        TimestampArray t => Nanoseconds(t),
        _ when FrameType(a.Data.DataType) is not null => a,
        _ => throw new NotSupportedException($"A Parquet column of type {a.Data.DataType.Name} has no DataFrame type."),
    };

    private static IArrowArray Widen<TFrom, TTo>(IArrowArray source, ReadOnlySpan<TFrom> values, IArrowType type)
        where TFrom : unmanaged, System.Numerics.INumberBase<TFrom>
        where TTo : unmanaged, System.Numerics.INumberBase<TTo>
    {
        var wide = new TTo[values.Length];
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = TTo.CreateTruncating(values[i]);
        }

        return ArrayBuild.Primitive(type, wide, wide.Length, Validity(source), source.NullCount);
    }

    // utf8 offsets are int32: a large-utf8 chunk over 2 GiB of text cannot be one frame column.
    private static StringArray Narrow(LargeStringArray s)
    {
        ReadOnlySpan<long> offsets = s.ValueOffsets;
        long bytes = offsets[s.Length] - offsets[0];
        if (bytes > int.MaxValue)
        {
            throw new NotSupportedException($"A large-utf8 column of {bytes} bytes does not fit a utf8 column (2 GiB at most).");
        }

        var narrow = new int[s.Length + 1];
        for (int i = 0; i <= s.Length; i++)
        {
            narrow[i] = (int)(offsets[i] - offsets[0]);
        }

        byte[] data = s.Data.Buffers[2].Span.Slice((int)offsets[0], (int)bytes).ToArray();
        return new StringArray(s.Length, new ArrowBuffer(MemoryMarshal.AsBytes(narrow.AsSpan()).ToArray()), new ArrowBuffer(data), ValidityBuffer(s), s.NullCount);
    }

    private static DictionaryArray Dictionary(DictionaryArray d)
    {
        IArrowArray codes = d.Indices is Int32Array ? d.Indices : Widen<long, int>(d.Indices, Codes(d.Indices), Int32Type.Default);
        IArrowArray words = d.Dictionary is LargeStringArray l ? Narrow(l) : d.Dictionary;
        return new DictionaryArray(s_dictionary, codes, words);
    }

    private static long[] Codes(IArrowArray indices)
    {
        var codes = new long[indices.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = indices switch
            {
                Int8Array x => x.Values[i],
                Int16Array x => x.Values[i],
                Int64Array x => x.Values[i],
                UInt8Array x => x.Values[i],
                UInt16Array x => x.Values[i],
                UInt32Array x => x.Values[i],
                _ => throw new NotSupportedException($"Dictionary indices of type {indices.Data.DataType.Name} are not supported."),
            };
        }

        return codes;
    }

    private static IArrowArray Nanoseconds(TimestampArray t)
    {
        var type = (TimestampType)t.Data.DataType;
        long scale = type.Unit switch
        {
            TimeUnit.Second => 1_000_000_000,
            TimeUnit.Millisecond => 1_000_000,
            TimeUnit.Microsecond => 1_000,
            _ => 1,
        };
        ReadOnlySpan<long> values = t.Values;
        var ns = new long[values.Length];
        for (int i = 0; i < ns.Length; i++)
        {
            // A null slot may hold anything: only valid values must fit in nanoseconds (years 1677-2262).
            ns[i] = ArrayBuild.IsValid(t, i) ? checked(values[i] * scale) : 0;
        }

        return ArrayBuild.Primitive(new TimestampType(TimeUnit.Nanosecond, type.Timezone), ns, ns.Length, Validity(t), t.NullCount);
    }

    private static byte[]? Validity(IArrowArray a) => a.NullCount == 0 ? null : a.Data.Buffers[0].Span.ToArray();

    private static ArrowBuffer ValidityBuffer(IArrowArray a) => Validity(a) is { } bits ? new ArrowBuffer(bits) : ArrowBuffer.Empty;

    private static ArrayData Copy(ArrayData data) => new(
        data.DataType,
        data.Length,
        data.NullCount,
        data.Offset,
        [.. data.Buffers.Select(b => b.IsEmpty ? ArrowBuffer.Empty : new ArrowBuffer(Owned(b.Span)))],
        data.Children?.Select(Copy),
        data.Dictionary is null ? null : Copy(data.Dictionary));

    // The bytes copied into a managed array that is not zeroed first (every byte is overwritten).
    private static byte[] Owned(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return copy;
    }

    private static int[] Identity(int n)
    {
        var rows = new int[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = i;
        }

        return rows;
    }
}
