using nietras.SeparatedValues;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// One field's value as pandas' C parser reads it: its default null markers, True/False spellings,
/// integers and floats (correctly rounded, as pandas' <c>float_precision="round_trip"</c>), and ISO
/// timestamps for <c>parse_dates</c> columns.
/// </summary>
internal static class CsvValues
{
    /// <summary>
    /// True for pandas' default missing-value markers (<c>pandas._libs.parsers.STR_NA_VALUES</c> in
    /// pandas 1.5): the empty field, "NA", "NaN", "nan", "null", "NULL", "N/A", "n/a", "&lt;NA&gt;",
    /// "#N/A", "#N/A N/A", "#NA", "-NaN", "-nan", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN".
    /// </summary>
    public static bool IsNull(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return true;
        }

        if (s.Length > 8)
        {
            return false;
        }

        return s[0] switch
        {
            'N' => s is "NA" or "NaN" or "NULL" or "N/A",
            'n' => s is "nan" or "null" or "n/a",
            '<' => s is "<NA>",
            '#' => s is "#N/A" or "#N/A N/A" or "#NA",
            '-' => s is "-NaN" or "-nan" or "-1.#IND" or "-1.#QNAN",
            '1' => s is "1.#IND" or "1.#QNAN",
            _ => false,
        };
    }

    /// <summary>pandas' default true values: "True", "TRUE", "true"; false: "False", "FALSE", "false".</summary>
    public static bool TryBool(ReadOnlySpan<char> s, out bool value)
    {
        switch (s)
        {
            case "True" or "TRUE" or "true":
                value = true;
                return true;
            case "False" or "FALSE" or "false":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>An integer, with optional sign and surrounding spaces, that fits int64.</summary>
    public static bool TryInt64(SepReader.Col col, out long value) => col.TryParse(out value);

    /// <summary>A float: decimal or exponent notation, "inf"/"infinity" with either sign, any case (csFastFloat through Sep: correctly rounded).</summary>
    public static bool TryFloat64(SepReader.Col col, out double value) => col.TryParse(out value);

    /// <summary>The narrowest kind that holds this (non-null) value, for inference and for error messages.</summary>
    public static CsvKind Classify(SepReader.Col col)
    {
        if (TryInt64(col, out _))
        {
            return CsvKind.Int64;
        }

        if (TryFloat64(col, out _))
        {
            return CsvKind.Float64;
        }

        return TryBool(col.Span, out _) ? CsvKind.Bool : CsvKind.String;
    }

    /// <summary>
    /// An ISO 8601 timestamp without an offset, as nanoseconds since the Unix epoch:
    /// <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space and <c>HH:mm</c>,
    /// <c>HH:mm:ss</c> or <c>HH:mm:ss.f</c> (1 to 9 fraction digits), optionally ending in <c>Z</c>.
    /// </summary>
    public static bool TryTimestamp(ReadOnlySpan<char> s, out long nanoseconds)
    {
        nanoseconds = 0;
        s = s.Trim(' ');
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !Digits(s[..4], out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fraction = 0;
        ReadOnlySpan<char> rest = s[10..];
        if (rest.Length > 0 && rest[^1] == 'Z')
        {
            rest = rest[..^1];
        }

        if (rest.Length > 0)
        {
            if (rest.Length < 6 || rest[0] is not ('T' or ' ') || rest[3] != ':'
                || !Digits(rest.Slice(1, 2), out hour) || !Digits(rest.Slice(4, 2), out minute) || hour > 23 || minute > 59)
            {
                return false;
            }

            rest = rest[6..];
            if (rest.Length > 0)
            {
                if (rest.Length < 3 || rest[0] != ':' || !Digits(rest.Slice(1, 2), out second) || second > 59)
                {
                    return false;
                }

                rest = rest[3..];
                if (rest.Length > 0)
                {
                    ReadOnlySpan<char> digits = rest[1..];
                    if (rest[0] != '.' || digits.Length is < 1 or > 9 || !Digits(digits, out int f))
                    {
                        return false;
                    }

                    fraction = f;
                    for (int i = digits.Length; i < 9; i++)
                    {
                        fraction *= 10;
                    }
                }
            }
        }

        long days = new DateOnly(year, month, day).DayNumber - s_epochDay;
        long seconds = (days * 86400) + (hour * 3600) + (minute * 60) + second;

        // datetime64[ns] spans 1677-09-21 to 2262-04-11; outside it pandas fails too ("Out of bounds nanosecond timestamp").
        if (seconds is < -9_223_372_036L or > 9_223_372_035L)
        {
            return false;
        }

        nanoseconds = (seconds * 1_000_000_000L) + fraction;
        return true;
    }

    private static readonly int s_epochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>A field as an error message quotes it: in double quotes, cut at 40 characters.</summary>
    public static string Quote(ReadOnlySpan<char> s) =>
        "\"" + (s.Length > 40 ? string.Concat(s[..40], "…") : s.ToString()).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
