using System.Buffers;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// A partition as pandas' <c>to_csv</c> writes it: a header, then a line a row ("\n"), commas
/// between fields, a field quoted only when it holds a comma, a quote or a line break (quotes
/// doubled), nulls as empty fields (a row of one empty field as <c>""</c>, as Python's csv module),
/// floats as Python's repr, bools as True/False, timestamps as pandas formats a datetime64 column:
/// "yyyy-MM-dd" when every value is a midnight, else "yyyy-MM-dd HH:mm:ss" with as many fraction
/// digits (3, 6 or 9) as the column needs.
/// </summary>
internal static class CsvWriter
{
    private static readonly SearchValues<char> s_quoted = SearchValues.Create(",\"\n\r");

    /// <summary>Writes <paramref name="partition"/> to <paramref name="path"/> (the index first when <paramref name="index"/> and it has one) and returns the path.</summary>
    public static string WriteFile(string path, bool index, Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        Write(text, index, partition);
        return path;
    }

    /// <summary>Writes <paramref name="partition"/> as CSV text, after a header line unless <paramref name="header"/> is false.</summary>
    public static void Write(TextWriter text, bool index, Partition partition, bool header = true)
    {
        List<string> names = index && partition.Index is { } i ? [i, .. partition.Schema.Columns] : [.. partition.Schema.Columns];
        FieldWriter[] fields = [.. names.Select(n => FieldWriter.For(partition.Column(n)))];
        for (int j = 0; header && j < names.Count; j++)
        {
            if (j > 0)
            {
                text.Write(',');
            }

            WriteText(text, names[j]);
        }

        if (header)
        {
            text.Write('\n');
        }

        Span<char> scratch = stackalloc char[64];
        for (int r = 0; r < partition.Length; r++)
        {
            if (fields.Length == 1 && !fields[0].Has(r))
            {
                text.Write("\"\"\n"); // Python's csv module quotes a lone empty field, so the row is not blank
                continue;
            }

            for (int j = 0; j < fields.Length; j++)
            {
                if (j > 0)
                {
                    text.Write(',');
                }

                fields[j].Write(text, r, scratch);
            }

            text.Write('\n');
        }
    }

    /// <summary>A string field, quoted when it must be.</summary>
    public static void WriteText(TextWriter text, ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(s_quoted) < 0)
        {
            text.Write(value);
            return;
        }

        text.Write('"');
        int at;
        while ((at = value.IndexOf('"')) >= 0)
        {
            text.Write(value[..(at + 1)]);
            text.Write('"');
            value = value[(at + 1)..];
        }

        text.Write(value);
        text.Write('"');
    }

    /// <summary>How one column's fields are written.</summary>
    private abstract class FieldWriter(IArrowArray array)
    {
        protected IArrowArray Array { get; } = array;

        /// <summary>True when row <paramref name="r"/> holds a value that writes as a non-empty field.</summary>
        public virtual bool Has(int r) => ArrayBuild.IsValid(Array, r);

        public void Write(TextWriter text, int r, Span<char> scratch)
        {
            if (ArrayBuild.IsValid(Array, r))
            {
                WriteValue(text, r, scratch);
            }
        }

        protected abstract void WriteValue(TextWriter text, int r, Span<char> scratch);

        public static FieldWriter For(IArrowArray array) => array switch
        {
            DoubleArray d => new Doubles(d),
            FloatArray f => new Floats(f),
            Int64Array l => new Longs(l),
            Int32Array n => new Ints(n),
            BooleanArray b => new Bools(b),
            TimestampArray t => new Timestamps(t),
            StringArray s => new Strings(s),
            DictionaryArray { Dictionary: StringArray } d => new Words(d),
            _ => throw new NotSupportedException($"Writing a {Dtype.Name(array.Data.DataType)} column to CSV is not supported."),
        };
    }

    private sealed class Doubles(DoubleArray a) : FieldWriter(a)
    {
        public override bool Has(int r) => base.Has(r) && !double.IsNaN(a.Values[r]);

        protected override void WriteValue(TextWriter text, int r, Span<char> scratch) => text.Write(scratch[..PythonFloat.Format(a.Values[r], scratch)]);
    }

    private sealed class Floats(FloatArray a) : FieldWriter(a)
    {
        public override bool Has(int r) => base.Has(r) && !float.IsNaN(a.Values[r]);

        protected override void WriteValue(TextWriter text, int r, Span<char> scratch) => text.Write(scratch[..PythonFloat.Format(a.Values[r], scratch)]);
    }

    private sealed class Longs(Int64Array a) : FieldWriter(a)
    {
        protected override void WriteValue(TextWriter text, int r, Span<char> scratch)
        {
            a.Values[r].TryFormat(scratch, out int n, default, CultureInfo.InvariantCulture);
            text.Write(scratch[..n]);
        }
    }

    private sealed class Ints(Int32Array a) : FieldWriter(a)
    {
        protected override void WriteValue(TextWriter text, int r, Span<char> scratch)
        {
            a.Values[r].TryFormat(scratch, out int n, default, CultureInfo.InvariantCulture);
            text.Write(scratch[..n]);
        }
    }

    private sealed class Bools(BooleanArray a) : FieldWriter(a)
    {
        protected override void WriteValue(TextWriter text, int r, Span<char> scratch) => text.Write(a.GetValue(r) == true ? "True" : "False");
    }

    private sealed class Strings(StringArray a) : FieldWriter(a)
    {
        public override bool Has(int r) => base.Has(r) && a.GetValueLength(r) > 0;

        protected override void WriteValue(TextWriter text, int r, Span<char> scratch) => WriteText(text, a.GetString(r));
    }

    private sealed class Words : FieldWriter
    {
        private readonly string[] _words;
        private readonly ReadOnlyMemory<int> _codes;

        public Words(DictionaryArray d)
            : base(d)
        {
            var dictionary = (StringArray)d.Dictionary;
            _words = new string[dictionary.Length];
            for (int w = 0; w < _words.Length; w++)
            {
                _words[w] = dictionary.GetString(w) ?? string.Empty;
            }

            _codes = ((Int32Array)d.Indices).Values.ToArray();
        }

        public override bool Has(int r) => base.Has(r) && _words[_codes.Span[r]].Length > 0;

        protected override void WriteValue(TextWriter text, int r, Span<char> scratch) => WriteText(text, _words[_codes.Span[r]]);
    }

    private sealed class Timestamps : FieldWriter
    {
        private const long NanosPerDay = 86_400_000_000_000L;
        private static readonly int s_epochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        private readonly TimestampArray _a;
        private readonly long _perUnit;
        private readonly bool _datesOnly;
        private readonly int _digits;
        private readonly string _fraction;

        public Timestamps(TimestampArray a)
            : base(a)
        {
            _a = a;
            _perUnit = ((Apache.Arrow.Types.TimestampType)a.Data.DataType).Unit switch
            {
                Apache.Arrow.Types.TimeUnit.Second => 1_000_000_000L,
                Apache.Arrow.Types.TimeUnit.Millisecond => 1_000_000L,
                Apache.Arrow.Types.TimeUnit.Microsecond => 1_000L,
                _ => 1L,
            };

            // pandas picks one format for the whole column: dates only, or the fraction digits its finest value needs.
            bool midnights = true;
            long finest = 1_000_000_000L;
            for (int r = 0; r < a.Length; r++)
            {
                if (ArrayBuild.IsValid(a, r))
                {
                    long ns = Nanos(r);
                    midnights &= ns % NanosPerDay == 0;
                    while (finest > 1 && ns % finest != 0)
                    {
                        finest /= 1000;
                    }
                }
            }

            _datesOnly = midnights;
            _digits = finest switch { 1_000_000_000L => 0, 1_000_000L => 3, 1_000L => 6, _ => 9 };
            _fraction = "D" + _digits.ToString(CultureInfo.InvariantCulture);
        }

        private long Nanos(int r) => _a.Values[r] * _perUnit;

        protected override void WriteValue(TextWriter text, int r, Span<char> scratch)
        {
            long ns = Nanos(r);
            long days = Math.DivRem(ns, NanosPerDay, out long inDay);
            if (inDay < 0)
            {
                days--;
                inDay += NanosPerDay;
            }

            DateOnly date = DateOnly.FromDayNumber((int)(s_epochDay + days));
            date.TryFormat(scratch, out int n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!_datesOnly)
            {
                long seconds = inDay / 1_000_000_000L;
                n += Two(scratch[n..], ' ', seconds / 3600);
                n += Two(scratch[n..], ':', seconds / 60 % 60);
                n += Two(scratch[n..], ':', seconds % 60);
                if (_digits > 0)
                {
                    scratch[n++] = '.';
                    long fraction = inDay % 1_000_000_000L;
                    for (int d = 9; d > _digits; d--)
                    {
                        fraction /= 10;
                    }

                    fraction.TryFormat(scratch[n..], out int f, _fraction, CultureInfo.InvariantCulture);
                    n += f;
                }
            }

            text.Write(scratch[..n]);
        }

        private static int Two(Span<char> s, char before, long value)
        {
            s[0] = before;
            s[1] = (char)('0' + (value / 10));
            s[2] = (char)('0' + (value % 10));
            return 3;
        }
    }
}
