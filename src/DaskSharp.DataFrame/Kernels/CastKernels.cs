using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.IO;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>A dtype <c>astype</c> converts to: pandas' name, the Arrow type, and whether a null may stay (pandas' nullable "Int64", "Int32").</summary>
internal sealed record CastTarget(string Name, IArrowType Type, bool KeepsNulls)
{
    private static readonly Dictionary<string, CastTarget> s_known = new(StringComparer.Ordinal)
    {
        ["int64"] = new("int64", Int64Type.Default, false),
        ["int32"] = new("int32", Int32Type.Default, false),
        ["Int64"] = new("Int64", Int64Type.Default, true),
        ["Int32"] = new("Int32", Int32Type.Default, true),
        ["float64"] = new("float64", DoubleType.Default, true),
        ["float32"] = new("float32", FloatType.Default, true),
        ["bool"] = new("bool", BooleanType.Default, true),
        ["string"] = new("string", StringType.Default, true),
        ["str"] = new("str", StringType.Default, true),
        ["datetime64[ns]"] = new("datetime64[ns]", Timestamps.Naive, true),
    };

    /// <summary>The target named <paramref name="dtype"/>.</summary>
    /// <exception cref="ArgumentException">for a name it does not know, listing the known ones.</exception>
    public static CastTarget Parse(string dtype)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return s_known.TryGetValue(dtype, out CastTarget? t) ? t
            : throw new ArgumentException($"Unknown dtype '{dtype}'; astype knows {string.Join(", ", s_known.Keys.Select(k => $"'{k}'"))}.", nameof(dtype));
    }

    /// <summary>True when a column of <paramref name="source"/> can be converted (row values may still fail).</summary>
    public bool Accepts(IArrowType source) => (source, Type) switch
    {
        (TimestampType { Timezone.Length: > 0 }, TimestampType) => false, // pandas wants tz_convert(None) first
        (TimestampType, DoubleType or FloatType or BooleanType) => false,
        (DoubleType or FloatType, TimestampType) => false,
        _ => Numeric.IsNumeric(source) || source is BooleanType or TimestampType || ColumnKernels.IsText(source),
    };

    /// <summary>The type of the result on a column of <paramref name="source"/>: a string column stays as it is encoded.</summary>
    public IArrowType ResultOn(IArrowType source) => Type is StringType && ColumnKernels.IsText(source) ? source : Type;
}

/// <summary>
/// <c>astype</c>: every row converted, or an error naming the column, the row and the value that
/// does not convert (pandas' ValueError), e.g. "abc" to int64, or a null to a non-nullable int64.
/// </summary>
internal static class CastKernels
{
    public static IArrowArray Cast(IArrowArray array, CastTarget target, string what)
    {
        IArrowType source = array.Data.DataType;
        if (target.ResultOn(source).Equals(source) || (source is TimestampType s && target.Type is TimestampType t && s.Unit == t.Unit))
        {
            return NullsFit(array, target, what);
        }

        (byte[]? validity, int nulls) = Bitmaps.Copy(array);
        if (!target.KeepsNulls && nulls > 0)
        {
            NullsFit(array, target, what);
        }

        int n = array.Length;
        switch (target.Type)
        {
            case Int64Type or Int32Type:
            {
                var values = new long[n];
                ToLongs(array, values, validity, target, what);
                if (target.Type is Int64Type)
                {
                    return ArrayBuild.Primitive(Int64Type.Default, values, n, validity, nulls);
                }

                var narrow = new int[n];
                for (int i = 0; i < n; i++)
                {
                    narrow[i] = unchecked((int)values[i]); // numpy wraps
                }

                return ArrayBuild.Primitive(Int32Type.Default, narrow, n, validity, nulls);
            }

            case DoubleType or FloatType:
            {
                var values = new double[n];
                ToDoubles(array, values, validity, target, what);
                if (target.Type is DoubleType)
                {
                    return ArrayBuild.Primitive(DoubleType.Default, values, n, validity, nulls);
                }

                var narrow = new float[n];
                for (int i = 0; i < n; i++)
                {
                    narrow[i] = (float)values[i];
                }

                return ArrayBuild.Primitive(FloatType.Default, narrow, n, validity, nulls);
            }

            case BooleanType:
                return ToBools(array, validity, nulls);
            case StringType:
                return ToStrings(array, validity);
            default:
                return ToTimestamps(array, validity, nulls, target, what);
        }
    }

    // A column already of the target type passes through, unless it holds a null the target cannot.
    private static IArrowArray NullsFit(IArrowArray array, CastTarget target, string what)
    {
        if (!target.KeepsNulls && array.NullCount > 0)
        {
            for (int i = 0; i < array.Length; i++)
            {
                if (!array.IsValid(i))
                {
                    throw new InvalidCastException($"{what}: row {i} of a partition is null, and {target.Name} cannot hold a null (pandas: cannot convert NA to integer); use '{char.ToUpperInvariant(target.Name[0])}{target.Name[1..]}' to keep nulls.");
                }
            }
        }

        if (array is TimestampArray && target.Type is TimestampType && !array.Data.DataType.Equals(target.Type))
        {
            return ArrowArrayFactory.BuildArray(new ArrayData(target.Type, array.Length, array.NullCount, array.Data.Offset, array.Data.Buffers));
        }

        return array;
    }

    private static InvalidCastException Unconvertible(string what, int row, string value, string dtype) =>
        new($"{what}: row {row} of a partition holds {value}, which is not a valid {dtype}.");

    private static void ToLongs(IArrowArray array, long[] values, byte[]? validity, CastTarget target, string what)
    {
        int n = values.Length;
        switch (array)
        {
            case Int64Array or Int32Array:
                Numeric.Longs(array).CopyTo(values);
                break;
            case TimestampArray t:
                Timestamps.Nanos(t).CopyTo(values); // pandas' int of a datetime64[ns]: nanoseconds since the epoch
                break;
            case DoubleArray or FloatArray:
                ReadOnlySpan<double> d = Numeric.Doubles(array);
                for (int i = 0; i < n; i++)
                {
                    if (!Bitmaps.Get(validity, i))
                    {
                        continue;
                    }

                    if (!double.IsFinite(d[i]))
                    {
                        throw Unconvertible(what, i, d[i].ToString(CultureInfo.InvariantCulture), target.Name);
                    }

                    values[i] = (long)d[i]; // truncated toward zero, as numpy
                }

                break;
            case BooleanArray b:
                for (int i = 0; i < n; i++)
                {
                    values[i] = b.GetValue(i) == true ? 1 : 0;
                }

                break;
            default:
                var text = new Utf8Column(array);
                for (int i = 0; i < n; i++)
                {
                    if (Bitmaps.Get(validity, i) && !long.TryParse(text[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                    {
                        throw Unconvertible(what, i, Quoted(text[i]), target.Name);
                    }
                }

                break;
        }
    }

    private static void ToDoubles(IArrowArray array, double[] values, byte[]? validity, CastTarget target, string what)
    {
        int n = values.Length;
        switch (array)
        {
            case BooleanArray b:
                for (int i = 0; i < n; i++)
                {
                    values[i] = b.GetValue(i) == true ? 1 : 0;
                }

                break;
            case StringArray or DictionaryArray:
                var text = new Utf8Column(array);
                Span<char> chars = stackalloc char[64];
                for (int i = 0; i < n; i++)
                {
                    if (Bitmaps.Get(validity, i) && !TryParseFloat(text[i], chars, out values[i]))
                    {
                        throw Unconvertible(what, i, Quoted(text[i]), target.Name);
                    }
                }

                break;
            default:
                Numeric.Doubles(array).CopyTo(values);
                break;
        }
    }

    // Python's float(): decimal or exponent notation, "nan", "inf", "infinity", surrounding spaces.
    private static bool TryParseFloat(ReadOnlySpan<byte> utf8, Span<char> chars, out double value)
    {
        if (utf8.Length > chars.Length)
        {
            return double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        ReadOnlySpan<char> s = chars[..Encoding.UTF8.GetChars(utf8, chars)].Trim();
        bool negative = s.Length > 0 && s[0] == '-';
        ReadOnlySpan<char> word = s.Length > 0 && s[0] is '-' or '+' ? s[1..] : s;
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (word.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !s.Contains(',');
    }

    private static BooleanArray ToBools(IArrowArray array, byte[]? validity, int nulls)
    {
        int n = array.Length;
        var values = new bool[n];
        if (ColumnKernels.IsText(array.Data.DataType))
        {
            var text = new Utf8Column(array);
            for (int i = 0; i < n; i++)
            {
                values[i] = Bitmaps.Get(validity, i) && text[i].Length > 0; // Python's truth of a string: not empty (a null row's code may point anywhere)
            }
        }
        else
        {
            ReadOnlySpan<double> d = Numeric.Doubles(array);
            for (int i = 0; i < n; i++)
            {
                values[i] = d[i] != 0; // NaN is true, as numpy
            }
        }

        return ArrayBuild.Boolean(values, validity, nulls);
    }

    private static StringArray ToStrings(IArrowArray array, byte[]? validity)
    {
        int n = array.Length;
        var writer = new Utf8ColumnWriter(n, n * 8);
        Span<char> chars = stackalloc char[64];
        var type = array.Data.DataType as TimestampType;
        TimeZoneInfo? zone = type is null ? null : DatetimeKernels.Zone(type);
        for (int i = 0; i < n; i++)
        {
            if (!Bitmaps.Get(validity, i))
            {
                writer.AppendNull();
                continue;
            }

            int length;
            switch (array)
            {
                case Int64Array l: l.Values[i].TryFormat(chars, out length, provider: CultureInfo.InvariantCulture); break;
                case Int32Array m: m.Values[i].TryFormat(chars, out length, provider: CultureInfo.InvariantCulture); break;
                case DoubleArray d when double.IsNaN(d.Values[i]): writer.AppendNull(); continue; // NaN is missing: <NA>
                case DoubleArray d: length = PythonFloat.Format(d.Values[i], chars); break;
                case FloatArray f when float.IsNaN(f.Values[i]): writer.AppendNull(); continue;
                case FloatArray f: length = PythonFloat.Format(f.Values[i], chars); break;
                case BooleanArray b: length = b.GetValue(i) == true ? Copy("True", chars) : Copy("False", chars); break;
                case TimestampArray t: length = FormatTimestamp(Timestamps.ToNanos(t.Values[i], type!.Unit), zone, type.Timezone, chars); break;
                default: throw new ArgumentException($"astype('string') does not read {Dtype.Name(array.Data.DataType)}.");
            }

            writer.Append((ReadOnlySpan<char>)chars[..length]);
        }

        return writer.Build();
    }

    private static int Copy(string text, Span<char> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    // pandas' str(Timestamp): "2000-01-01 05:06:07", with ".500000" (micro) or ".000000001" (nano) when there is a fraction, and "+01:00" when zoned.
    private static int FormatTimestamp(long nanos, TimeZoneInfo? zone, string? tz, Span<char> chars)
    {
        long ticks = Math.DivRem(nanos, 100, out long below);
        if (below < 0)
        {
            ticks--;
            below += 100;
        }

        var utc = new DateTime(DateTime.UnixEpoch.Ticks + ticks, DateTimeKind.Utc);
        TimeSpan offset = zone?.GetUtcOffset(utc) ?? TimeSpan.Zero;
        DateTime wall = utc + offset;
        wall.TryFormat(chars, out int length, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        long fraction = ((wall.Ticks % TimeSpan.TicksPerSecond) * 100) + below; // nanoseconds within the second
        if (fraction != 0)
        {
            chars[length++] = '.';
            if (fraction % 1000 == 0)
            {
                (fraction / 1000).TryFormat(chars[length..], out int w, "D6", CultureInfo.InvariantCulture);
                length += w;
            }
            else
            {
                fraction.TryFormat(chars[length..], out int w, "D9", CultureInfo.InvariantCulture);
                length += w;
            }
        }

        if (!string.IsNullOrEmpty(tz))
        {
            chars[length++] = offset < TimeSpan.Zero ? '-' : '+';
            TimeSpan a = offset.Duration();
            a.TryFormat(chars[length..], out int w, @"hh\:mm", CultureInfo.InvariantCulture);
            length += w;
        }

        return length;
    }

    private static IArrowArray ToTimestamps(IArrowArray array, byte[]? validity, int nulls, CastTarget target, string what)
    {
        int n = array.Length;
        var values = new long[n];
        switch (array)
        {
            case Int64Array or Int32Array:
                Numeric.Longs(array).CopyTo(values); // nanoseconds since the epoch, as pandas reads an int
                break;
            case TimestampArray t:
                Timestamps.Nanos(t).CopyTo(values);
                break;
            case BooleanArray:
                throw new InvalidCastException($"{what}: a bool column cannot become datetime64[ns].");
            default:
                var text = new Utf8Column(array);
                Span<char> chars = stackalloc char[64];
                for (int i = 0; i < n; i++)
                {
                    if (!Bitmaps.Get(validity, i))
                    {
                        continue;
                    }

                    ReadOnlySpan<byte> row = text[i];
                    if (row.Length > chars.Length || !DateTime.TryParse(chars[..Encoding.UTF8.GetChars(row, chars)], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time))
                    {
                        throw Unconvertible(what, i, Quoted(row), target.Name);
                    }

                    values[i] = Timestamps.FromDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc), Timestamps.Naive);
                }

                break;
        }

        return ArrayBuild.Primitive(Timestamps.Naive, values, n, validity, nulls);
    }

    private static string Quoted(ReadOnlySpan<byte> utf8) => $"'{Encoding.UTF8.GetString(utf8)}'";
}
