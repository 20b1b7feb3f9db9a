using System.Globalization;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Query;

/// <summary>
/// A date string compared with a datetime column in a query, read as pandas reads it there: one
/// naive <c>pd.Timestamp</c> at the start of the period it names ("2000-01-03" is midnight, for
/// <c>==</c> as for <c>&gt;</c>; a comparison is not partial-string indexing). Pure.
/// </summary>
internal static class QueryTimestamp
{
    private static readonly string[] s_compact = ["yyyyMMdd", "yyyyMMdd'T'HHmmss"];

    /// <summary>
    /// The instant <paramref name="text"/> names, as a UTC-kind <see cref="DateTime"/> (a naive
    /// timestamp as it reads): ISO dates and their prefixes ("2000", "2000-01", "2000-01-03 12:30"),
    /// "20000103", and what .NET's invariant culture reads without a zone ("Jan 3 2000", "2000/01/03").
    /// </summary>
    /// <param name="text">The string in the query.</param>
    /// <param name="column">The expression it is compared with, for errors.</param>
    /// <param name="type">That expression's type; a zoned one is refused, as pandas 1.5 refuses comparing it with a naive timestamp.</param>
    /// <param name="where">Where in which query, for errors.</param>
    /// <exception cref="ArgumentException">for a string that is not a date, one with a zone, or a zoned column.</exception>
    public static DateTime Parse(string text, ColumnExpr column, TimestampType type, string where)
    {
        if (!string.IsNullOrEmpty(type.Timezone))
        {
            throw new ArgumentException($"Cannot compare the {Dtype.Name(type)} column {column} with the date string '{text}' {where}: the string is a naive timestamp, and pandas refuses comparing it with a zoned column too; compare with a DateTime through a series instead.");
        }

        try
        {
            // ISO forms, with pandas' periods, as Loc reads them; the period's start is the timestamp.
            long nanos = (long)IndexLabels.Native(text, Timestamps.Naive, column.ToString());
            return DateTime.UnixEpoch.AddTicks(nanos / 100);
        }
        catch (ArgumentException)
        {
            // Not ISO: the other forms pandas' parser takes.
        }

        string trimmed = text.Trim();
        if (DateTime.TryParseExact(trimmed, s_compact, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime compact))
        {
            return DateTime.SpecifyKind(compact, DateTimeKind.Utc);
        }

        if (DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTime parsed))
        {
            // A zone or offset makes .NET convert to local time (Kind Local): pandas would make a zoned timestamp, which a naive column refuses.
            return parsed.Kind == DateTimeKind.Unspecified
                ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
                : throw new ArgumentException($"The date string '{text}' {where} has a time zone, but the column {column} is naive ({Dtype.Name(type)}); pandas refuses the comparison too. Write the time without a zone.");
        }

        throw new ArgumentException($"'{text}' {where} is not a date to compare with the datetime column {column} (e.g. '2000-01-03', '2000-01-03 12:30').");
    }
}
