using System.Globalization;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames;

/// <summary>
/// Index labels as a frame's index compares them ("native" values: nanoseconds since the epoch for
/// a timestamp index, long, double or string otherwise), from what users write (a DateTime, a
/// number, a string parsed as the index type) and from divisions; and back to division objects.
/// </summary>
internal static class IndexLabels
{
    private static readonly string[] s_dateFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    /// <summary>The first and last native values <paramref name="label"/> covers: one value, or for a partial date string ("2000-01-02") the whole period (pandas' partial string indexing).</summary>
    /// <exception cref="ArgumentException">when the label does not fit the index type.</exception>
    public static (object First, object Last) Range(object label, IArrowType index, string indexName)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (index is TimestampType && label is string text)
        {
            (DateTime start, DateTime end) = PartialDate(text, indexName);
            long first = Nanoseconds(start);
            return (first, Nanoseconds(end) - 1);
        }

        object value = Native(label, index, indexName);
        return (value, value);
    }

    /// <summary>A label or a division as the index compares it.</summary>
    public static object Native(object label, IArrowType index, string indexName) => (index, label) switch
    {
        (TimestampType, DateTime d) => Nanoseconds(d),
        (TimestampType, DateTimeOffset d) => Nanoseconds(d.UtcDateTime),
        (TimestampType, string s) => Nanoseconds(PartialDate(s, indexName).Start),
        (Int64Type or Int32Type, long or int or short) => Convert.ToInt64(label, CultureInfo.InvariantCulture),
        (Int64Type or Int32Type, string s) when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) => n,
        (DoubleType or FloatType, double or float or long or int) => Convert.ToDouble(label, CultureInfo.InvariantCulture),
        (DoubleType or FloatType, string s) when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) => x,
        (StringType or DictionaryType, string s) => s,
        _ => throw new ArgumentException($"The label {label} ({label.GetType().Name}) does not fit the index '{indexName}' ({Dtype.Name(index)})."),
    };

    /// <summary>A native value as a division object (a DateTime for a timestamp index, to 100 ns).</summary>
    public static object Division(object native, IArrowType index) => index is TimestampType
        ? DateTime.UnixEpoch.AddTicks((long)native / 100)
        : native;

    /// <summary>Orders native values of one index type.</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => throw new ArgumentException($"Index values {a} and {b} are of different types."),
    };

    /// <summary>A native value as Explain prints it.</summary>
    public static string Show(object native, bool timestamp) => (native, timestamp) switch
    {
        (long ns, true) => Show(ns),
        (string s, _) => $"'{s}'",
        (double d, _) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(native, CultureInfo.InvariantCulture)!,
    };

    private static string Show(long ns)
    {
        DateTime t = DateTime.UnixEpoch.AddTicks(ns / 100);
        long below = ns % 1_000_000_000;
        return below == 0
            ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "." + below.ToString("D9", CultureInfo.InvariantCulture);
    }

    private static long Nanoseconds(DateTime d) => (d.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>
    /// The period a date string names, as pandas reads it: "2000" a year, "2000-01" a month,
    /// "2000-01-02" a day, "2000-01-02 03" an hour, "… 03:04" a minute, "… 03:04:05" a second; with a
    /// fraction, that instant alone.
    /// </summary>
    private static (DateTime Start, DateTime End) PartialDate(string text, string indexName)
    {
        string t = text.Trim().Replace('T', ' ');
        const DateTimeStyles utc = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        (string Format, Func<DateTime, DateTime> Next)[] periods =
        [
            ("yyyy", d => d.AddYears(1)),
            ("yyyy-MM", d => d.AddMonths(1)),
            ("yyyy-MM-dd", d => d.AddDays(1)),
            ("yyyy-MM-dd HH", d => d.AddHours(1)),
            ("yyyy-MM-dd HH:mm", d => d.AddMinutes(1)),
            ("yyyy-MM-dd HH:mm:ss", d => d.AddSeconds(1)),
        ];
        foreach ((string format, Func<DateTime, DateTime> next) in periods)
        {
            if (DateTime.TryParseExact(t, format, CultureInfo.InvariantCulture, utc, out DateTime start))
            {
                return (start, next(start));
            }
        }

        if (DateTime.TryParseExact(t, s_dateFormats, CultureInfo.InvariantCulture, utc, out DateTime instant))
        {
            return (instant, instant.AddTicks(1)); // to the tick; the last nanosecond of the tick is its end - 1
        }

        throw new ArgumentException($"'{text}' is not a date for the index '{indexName}' (e.g. \"2000-01-02\", \"2000-01-02 06:00\").");
    }
}
