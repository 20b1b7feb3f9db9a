using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// A string column's UTF-8 bytes a row at a time, plain or dictionary-encoded, without making a
/// string per row (what the string kernels read).
/// </summary>
internal readonly ref struct Utf8Column
{
    private readonly ReadOnlySpan<int> _offsets;
    private readonly ReadOnlySpan<byte> _data;
    private readonly ReadOnlySpan<int> _codes;
    private readonly bool _encoded;

    public Utf8Column(IArrowArray array)
    {
        StringArray words;
        switch (array)
        {
            case StringArray s:
                words = s;
                break;
            case DictionaryArray { Dictionary: StringArray d, Indices: Int32Array codes }:
                words = d;
                _codes = codes.Values;
                _encoded = true;
                break;
            default:
                throw new ArgumentException($"A string column was expected, not {Dtype.Name(array.Data.DataType)}.");
        }

        _offsets = words.ValueOffsets;
        _data = words.ValueBuffer.Span;
        Length = array.Length;
    }

    /// <summary>Rows.</summary>
    public int Length { get; }

    /// <summary>The bytes of row <paramref name="i"/> (empty for a null row; check validity apart).</summary>
    public ReadOnlySpan<byte> this[int i]
    {
        get
        {
            int w = _encoded ? _codes[i] : i;
            return _data[_offsets[w].._offsets[w + 1]];
        }
    }

    /// <summary>True when <paramref name="t"/> is a string type these kernels read.</summary>
    public static bool Reads(IArrowType t) => t is StringType or DictionaryType { ValueType: StringType, IndexType: Int32Type };
}

/// <summary>A string column written row by row into one growing UTF-8 buffer, then built without copying per value.</summary>
internal sealed class Utf8ColumnWriter
{
    private readonly int[] _offsets;
    private byte[] _data;
    private int _used, _row;
    private byte[]? _validity;
    private int _nulls;

    public Utf8ColumnWriter(int rows, int bytesHint)
    {
        _offsets = new int[rows + 1];
        _data = new byte[Math.Max(16, bytesHint)];
    }

    /// <summary>Appends row bytes.</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        Reserve(value.Length);
        value.CopyTo(_data.AsSpan(_used));
        _used += value.Length;
        _offsets[++_row] = _used;
    }

    /// <summary>Appends chars, encoded as UTF-8.</summary>
    public void Append(ReadOnlySpan<char> value)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
        _used += Encoding.UTF8.GetBytes(value, _data.AsSpan(_used));
        _offsets[++_row] = _used;
    }

    /// <summary>Appends a null row.</summary>
    public void AppendNull()
    {
        _validity ??= Bitmaps.AllValid(_offsets.Length - 1);
        Bitmaps.Clear(_validity, _row);
        _nulls++;
        _offsets[++_row] = _used;
    }

    private void Reserve(int more)
    {
        if (_used + more > _data.Length)
        {
            System.Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + more));
        }
    }

    public StringArray Build()
    {
        if (_row != _offsets.Length - 1)
        {
            throw new InvalidOperationException($"{_row} of {_offsets.Length - 1} rows were written.");
        }

        var offsets = new byte[_offsets.Length * sizeof(int)];
        Buffer.BlockCopy(_offsets, 0, offsets, 0, offsets.Length);
        ArrowBuffer validity = _nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(_validity!);
        return new StringArray(new ArrayData(StringType.Default, _row, _nulls, 0, [validity, new ArrowBuffer(offsets), new ArrowBuffer(_data.AsSpan(0, _used).ToArray())]));
    }
}
