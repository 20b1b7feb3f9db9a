using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using nietras.SeparatedValues;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// One column of a CSV block being parsed: fields in, an Arrow array out. Each kind appends straight
/// into its own buffers (no boxing, no per-value allocation except new dictionary words), and says
/// when a field does not fit so the reader can name the row.
/// </summary>
internal abstract class CsvColumnBuilder
{
    /// <summary>Appends the field; false when it is not a value of this column's kind (a null in an int64 column included).</summary>
    public abstract bool TryAppend(SepReader.Col col);

    /// <summary>Appends a null (a short row's missing field); false when the kind holds none.</summary>
    public abstract bool TryAppendNull();

    /// <summary>The values appended so far as an Arrow array.</summary>
    public abstract IArrowArray Build();

    /// <summary>A builder for <paramref name="kind"/>, sized for about <paramref name="capacity"/> rows.</summary>
    public static CsvColumnBuilder Create(CsvKind kind, int capacity) => kind switch
    {
        CsvKind.Int64 => new Int64Column(capacity),
        CsvKind.Float64 => new NullableColumn<double, Float64Kind>(capacity),
        CsvKind.Bool => new NullableColumn<bool, BoolKind>(capacity),
        CsvKind.DateTime => new NullableColumn<long, TimestampKind>(capacity),
        CsvKind.Category => new DictionaryColumn(capacity),
        _ => new StringColumn(capacity),
    };

    /// <summary>Adds <paramref name="value"/> at <paramref name="count"/>, growing <paramref name="values"/> by doubling.</summary>
    protected static void Add<T>(ref T[] values, int count, T value)
    {
        if (count == values.Length)
        {
            System.Array.Resize(ref values, Math.Max(16, values.Length * 2));
        }

        values[count] = value;
    }

    private sealed class Int64Column(int capacity) : CsvColumnBuilder
    {
        private long[] _values = new long[capacity];
        private int _count;

        public override bool TryAppend(SepReader.Col col)
        {
            // No null marker parses as an integer, so a null fails here too: pandas reads an int
            // column with nulls as float64, and a null here means the sample did not see one.
            if (!CsvValues.TryInt64(col, out long v))
            {
                return false;
            }

            Add(ref _values, _count++, v);
            return true;
        }

        public override bool TryAppendNull() => false;

        public override IArrowArray Build() => ArrayBuild.Primitive(Int64Type.Default, _values, _count, null, 0);
    }

    /// <summary>How one nullable kind parses a field and makes its Arrow array (static, so the parse inlines per field).</summary>
    private interface INullableKind<T>
        where T : unmanaged
    {
        static abstract bool TryParse(SepReader.Col col, out T value);

        static abstract IArrowArray Build(T[] values, int count, byte[]? validity, int nulls);
    }

    private readonly struct Float64Kind : INullableKind<double>
    {
        public static bool TryParse(SepReader.Col col, out double value) => CsvValues.TryFloat64(col, out value);

        public static IArrowArray Build(double[] values, int count, byte[]? validity, int nulls) => ArrayBuild.Primitive(DoubleType.Default, values, count, validity, nulls);
    }

    private readonly struct BoolKind : INullableKind<bool>
    {
        public static bool TryParse(SepReader.Col col, out bool value) => CsvValues.TryBool(col.Span, out value);

        public static IArrowArray Build(bool[] values, int count, byte[]? validity, int nulls) => ArrayBuild.Boolean(values.AsSpan(0, count), validity, nulls);
    }

    private readonly struct TimestampKind : INullableKind<long>
    {
        public static bool TryParse(SepReader.Col col, out long value) => CsvValues.TryTimestamp(col.Span, out value);

        public static IArrowArray Build(long[] values, int count, byte[]? validity, int nulls) => ArrayBuild.Primitive(CsvKinds.Arrow(CsvKind.DateTime), values, count, validity, nulls);
    }

    /// <summary>A column whose fields may be null markers: float64, bool and datetime alike.</summary>
    private sealed class NullableColumn<T, TKind>(int capacity) : CsvColumnBuilder
        where T : unmanaged
        where TKind : struct, INullableKind<T>
    {
        private T[] _values = new T[capacity];
        private ValidityBits _validity;
        private int _count;

        public override bool TryAppend(SepReader.Col col)
        {
            if (CsvValues.IsNull(col.Span))
            {
                return TryAppendNull();
            }

            if (!TKind.TryParse(col, out T v))
            {
                return false;
            }

            Add(ref _values, _count, v);
            _validity.Append(_count++, true);
            return true;
        }

        public override bool TryAppendNull()
        {
            Add(ref _values, _count, default);
            _validity.Append(_count++, false);
            return true;
        }

        public override IArrowArray Build() => TKind.Build(_values, _count, _validity.Bitmap(_count), _validity.Nulls);
    }

    private sealed class StringColumn : CsvColumnBuilder
    {
        private byte[] _data;
        private int[] _offsets;
        private ValidityBits _validity;
        private int _count, _bytes;

        public StringColumn(int capacity)
        {
            _offsets = new int[capacity + 1];
            _data = new byte[Math.Max(64, capacity * 8)];
        }

        public override bool TryAppend(SepReader.Col col)
        {
            ReadOnlySpan<char> s = col.Span;
            if (CsvValues.IsNull(s))
            {
                return TryAppendNull();
            }

            int most = Encoding.UTF8.GetMaxByteCount(s.Length);
            if (_bytes + most > _data.Length)
            {
                System.Array.Resize(ref _data, Math.Max(_data.Length * 2, _bytes + most));
            }

            _bytes += Encoding.UTF8.GetBytes(s, _data.AsSpan(_bytes));
            _validity.Append(_count, true);
            Add(ref _offsets, ++_count, _bytes);
            return true;
        }

        public override bool TryAppendNull()
        {
            _validity.Append(_count, false);
            Add(ref _offsets, ++_count, _bytes);
            return true;
        }

        public override IArrowArray Build()
        {
            byte[] offsets = MemoryMarshal.AsBytes(_offsets.AsSpan(0, _count + 1)).ToArray();
            byte[]? bitmap = _validity.Bitmap(_count);
            return new StringArray(_count, new ArrowBuffer(offsets), new ArrowBuffer(_data.AsSpan(0, _bytes).ToArray()), bitmap is null ? ArrowBuffer.Empty : new ArrowBuffer(bitmap), _validity.Nulls);
        }
    }

    private sealed class DictionaryColumn : CsvColumnBuilder
    {
        private readonly Dictionary<string, int> _codeOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly List<string> _words = [];
        private int[] _codes;
        private ValidityBits _validity;
        private int _count;

        public DictionaryColumn(int capacity)
        {
            _codes = new int[capacity];
            _lookup = _codeOf.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public override bool TryAppend(SepReader.Col col)
        {
            ReadOnlySpan<char> s = col.Span;
            if (CsvValues.IsNull(s))
            {
                return TryAppendNull();
            }

            if (!_lookup.TryGetValue(s, out int code))
            {
                code = _words.Count;
                string word = s.ToString();
                _codeOf.Add(word, code);
                _words.Add(word);
            }

            Add(ref _codes, _count, code);
            _validity.Append(_count++, true);
            return true;
        }

        public override bool TryAppendNull()
        {
            Add(ref _codes, _count, 0);
            _validity.Append(_count++, false);
            return true;
        }

        public override IArrowArray Build()
        {
            var codes = (Int32Array)ArrayBuild.Primitive(Int32Type.Default, _codes, _count, _validity.Bitmap(_count), _validity.Nulls);
            StringArray words = new StringArray.Builder().AppendRange(_words).Build();
            return new DictionaryArray((DictionaryType)CsvKinds.Arrow(CsvKind.Category), codes, words);
        }
    }

    /// <summary>A validity bitmap made only once the first null arrives (most columns have none).</summary>
    private struct ValidityBits
    {
        private byte[]? _bits;

        public int Nulls { get; private set; }

        public void Append(int row, bool valid)
        {
            if (valid && _bits is null)
            {
                return;
            }

            if (_bits is null)
            {
                // Every row so far was valid.
                _bits = new byte[Math.Max(8, ((row + 8) / 8) * 2)];
                _bits.AsSpan(0, row / 8).Fill(0xFF);
                for (int r = row & ~7; r < row; r++)
                {
                    _bits[r >> 3] |= (byte)(1 << (r & 7));
                }
            }
            else if ((row >> 3) >= _bits.Length)
            {
                System.Array.Resize(ref _bits, _bits.Length * 2);
            }

            if (valid)
            {
                _bits[row >> 3] |= (byte)(1 << (row & 7));
            }
            else
            {
                Nulls++;
            }
        }

        public readonly byte[]? Bitmap(int length) => _bits is null ? null : _bits.AsSpan(0, (length + 7) / 8).ToArray();
    }
}
