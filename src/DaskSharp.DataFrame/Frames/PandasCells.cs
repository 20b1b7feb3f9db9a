using System.Globalization;
using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames;

/// <summary>
/// A column's shown values as pandas formats them for a frame (its <c>format_array</c>), so
/// <see cref="LocalFrame"/> prints what pandas would print for the same data. The rules are
/// per column and over the rows shown only, as pandas': floats take 6 decimals with the zeros all of
/// them share trimmed (1.5 and 2.0 print as 1.5 and 2.0; 1.25 beside them makes 1.50, 1.25, 2.00),
/// or scientific notation when a shown value is below 1e-6 or above 1e6 and too long; datetimes
/// drop the time when every shown one is at midnight; nulls print as NaN (floats), NaT (datetimes)
/// or &lt;NA&gt; (pandas' nullable Int64, boolean and string dtypes, which is what a column with nulls
/// is there); zone-aware datetimes print each as str(Timestamp): the local time in the column's
/// zone, then its offset ("+01:00", "+02:00" in summer for Europe/Paris). Values other than
/// datetimes get pandas' leading space.
/// </summary>
internal static class PandasCells
{
    private const int Digits = 6; // display.precision

    /// <summary>Rows <paramref name="rows"/> of <paramref name="array"/>, formatted; with <paramref name="leadingSpace"/> as in a frame's text (pandas' <c>leading_space</c>).</summary>
    public static string[] Format(IArrowArray array, IReadOnlyList<int> rows, bool leadingSpace = true)
    {
        string lead = leadingSpace ? " " : string.Empty;
        switch (array)
        {
            case DoubleArray or FloatArray:
                return Floats(array, rows, leadingSpace);
            case TimestampArray t:
                return Timestamps(t, rows);
            case Int64Array or Int32Array:
            {
                var cells = new string[rows.Count];
                bool nullable = array.NullCount > 0;
                for (int r = 0; r < cells.Length; r++)
                {
                    object? v = LocalFrame.Value(array, rows[r]);
                    long x = v is null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
                    // int64 prints "{x: d}" (a space stands for the sign); nullable Int64 prints " " + str(x).
                    cells[r] = v is null ? lead + "<NA>"
                        : nullable || x >= 0 ? lead + x.ToString(CultureInfo.InvariantCulture)
                        : x.ToString(CultureInfo.InvariantCulture);
                }

                return cells;
            }

            default:
            {
                var cells = new string[rows.Count];
                for (int r = 0; r < cells.Length; r++)
                {
                    cells[r] = lead + LocalFrame.Value(array, rows[r]) switch
                    {
                        null => "<NA>",
                        bool b => b ? "True" : "False",
                        var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                    };
                }

                return cells;
            }
        }
    }

    /// <summary>Index labels (no leading space): a range index's positions, or the index column's values.</summary>
    public static string[] Labels(IArrowArray? index, IReadOnlyList<int> rows)
    {
        if (index is null)
        {
            return [.. rows.Select(r => r.ToString(CultureInfo.InvariantCulture))];
        }

        return TrimFront(Format(index, rows, leadingSpace: true));
    }

    /// <summary>pandas' <c>trim_front</c>: leading spaces removed while every label has one (so 2391 beside -35 keeps its sign's space).</summary>
    private static string[] TrimFront(string[] labels)
    {
        int common = labels.Length == 0 ? 0 : labels.Min(l => l.Length - l.TrimStart(' ').Length);
        return [.. labels.Select(l => l[common..])];
    }

    /// <summary>Division labels as a pandas Index of them prints (blank when unknown).</summary>
    public static string[] Divisions(IReadOnlyList<object>? divisions, IReadOnlyList<int> rows)
    {
        if (divisions is null)
        {
            return [.. rows.Select(_ => string.Empty)];
        }

        if (divisions.All(d => d is DateTime))
        {
            long[] ticks = [.. rows.Select(r => ((DateTime)divisions[r]).Ticks)];
            string format = DateTimeFormat(ticks);
            return [.. ticks.Select(t => new DateTime(t, DateTimeKind.Utc).ToString(format, CultureInfo.InvariantCulture))];
        }

        if (divisions.All(d => d is long or int))
        {
            return TrimFront([.. rows.Select(r => Convert.ToInt64(divisions[r], CultureInfo.InvariantCulture) is var x && x >= 0 ? " " + x.ToString(CultureInfo.InvariantCulture) : x.ToString(CultureInfo.InvariantCulture))]);
        }

        if (divisions.All(d => d is double))
        {
            return TrimFront(FixedFloats([.. rows.Select(r => (double?)(double)divisions[r])]));
        }

        return [.. rows.Select(r => Convert.ToString(divisions[r], CultureInfo.InvariantCulture)!)];
    }

    private static string[] Timestamps(TimestampArray t, IReadOnlyList<int> rows)
    {
        var ticks = new List<long>(rows.Count);
        var nanos = new List<int>(rows.Count);
        foreach (int r in rows)
        {
            if (ArrayBuild.IsValid(t, r))
            {
                long ns = ToNanoseconds(t, r);
                ticks.Add(Math.DivRem(ns, 100, out long rest) + DateTime.UnixEpoch.Ticks - (rest < 0 ? 1 : 0));
                nanos.Add((int)(((ns % 1_000_000_000) + 1_000_000_000) % 1_000_000_000));
            }
        }

        TimeZoneInfo? zone = Zone(((Apache.Arrow.Types.TimestampType)t.Data.DataType).Timezone);
        bool datesOnly = nanos.All(n => n == 0) && ticks.All(x => x % TimeSpan.TicksPerDay == 0);
        // pandas shows as many fraction digits as the finest shown value needs: 3, 6 or 9.
        int fraction = nanos.Any(n => n % 1000 != 0) ? 9 : nanos.Any(n => n % 1_000_000 != 0) ? 6 : nanos.Any(n => n != 0) ? 3 : 0;
        var cells = new string[rows.Count];
        for (int i = 0, v = 0; i < cells.Length; i++)
        {
            if (!ArrayBuild.IsValid(t, rows[i]))
            {
                cells[i] = "NaT";
                continue;
            }

            var at = new DateTime(ticks[v], DateTimeKind.Utc);
            if (zone is not null)
            {
                // A zone-aware value prints as str(Timestamp), each on its own: its local time,
                // microseconds (or nanoseconds) only where it has them, then the offset.
                int n = nanos[v];
                string digits = n % 1000 != 0 ? "." + n.ToString("D9", CultureInfo.InvariantCulture) : n != 0 ? "." + (n / 1000).ToString("D6", CultureInfo.InvariantCulture) : string.Empty;
                TimeSpan offset = zone.GetUtcOffset(at);
                cells[i] = (at + offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + digits + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
                v++;
                continue;
            }

            cells[i] = datesOnly ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
                  + (fraction == 0 ? string.Empty : "." + nanos[v].ToString("D9", CultureInfo.InvariantCulture)[..fraction]);
            v++;
        }

        return cells;
    }

    // Arrow's zone names: IANA names, or fixed offsets such as "+05:30"; null for naive datetimes.
    private static TimeZoneInfo? Zone(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name is "UTC" or "Z" || (name.Length == 6 && name[0] is '+' or '-' && TimeSpan.TryParseExact(name[1..], @"hh\:mm", CultureInfo.InvariantCulture, out _)))
        {
            TimeSpan offset = name is "UTC" or "Z" ? TimeSpan.Zero : TimeSpan.ParseExact(name[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (name[0] == '-' ? -1 : 1);
            return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out TimeZoneInfo? zone) ? zone : TimeZoneInfo.Utc; // an unknown zone prints its UTC time, marked +00:00
    }

    private static long ToNanoseconds(TimestampArray t, int r)
    {
        long v = t.Values[r];
        return ((Apache.Arrow.Types.TimestampType)t.Data.DataType).Unit switch
        {
            Apache.Arrow.Types.TimeUnit.Second => v * 1_000_000_000,
            Apache.Arrow.Types.TimeUnit.Millisecond => v * 1_000_000,
            Apache.Arrow.Types.TimeUnit.Microsecond => v * 1_000,
            _ => v,
        };
    }

    private static string DateTimeFormat(long[] ticks) =>
        ticks.All(x => x % TimeSpan.TicksPerDay == 0) ? "yyyy-MM-dd"
        : ticks.All(x => x % TimeSpan.TicksPerSecond == 0) ? "yyyy-MM-dd HH:mm:ss"
        : ticks.All(x => x % TimeSpan.TicksPerMillisecond == 0) ? "yyyy-MM-dd HH:mm:ss.fff"
        : "yyyy-MM-dd HH:mm:ss.ffffff";

    private static string[] Floats(IArrowArray array, IReadOnlyList<int> rows, bool leadingSpace)
    {
        var values = new double?[rows.Count];
        for (int r = 0; r < values.Length; r++)
        {
            object? v = LocalFrame.Value(array, rows[r]);
            values[r] = v is null ? null : Convert.ToDouble(v, CultureInfo.InvariantCulture);
        }

        string[] cells = FixedFloats(values, leadingSpace);
        int longest = cells.Length == 0 ? 0 : cells.Max(c => c.Length);
        bool large = values.Any(v => v is { } x && Math.Abs(x) > 1e6);
        bool small = values.Any(v => v is { } x && Math.Abs(x) < 1e-6 && x != 0);
        if (small || (large && longest > Digits + 6))
        {
            cells = [.. values.Select(v => v is { } x && !double.IsNaN(x) ? Scientific(x, leadingSpace) : "NaN")];
        }

        return cells;
    }

    /// <summary>"{: .6f}" for each value, then the trailing zeros every number shares trimmed (at least one decimal kept).</summary>
    private static string[] FixedFloats(double?[] values, bool leadingSpace = true)
    {
        string lead = leadingSpace ? " " : string.Empty;
        string[] cells = [.. values.Select(v => v is { } x && !double.IsNaN(x) ? Fixed(x, lead) : "NaN")];
        bool[] numbers = [.. cells.Select(c => c.Contains('.', StringComparison.Ordinal))];
        while (numbers.Any(n => n) && cells.Where((_, i) => numbers[i]).All(c => c.EndsWith('0')))
        {
            for (int i = 0; i < cells.Length; i++)
            {
                if (numbers[i])
                {
                    cells[i] = cells[i][..^1];
                }
            }
        }

        for (int i = 0; i < cells.Length; i++)
        {
            if (numbers[i] && cells[i].EndsWith('.'))
            {
                cells[i] += "0";
            }
        }

        return cells;
    }

    private static string Fixed(double x, string lead)
    {
        if (double.IsInfinity(x))
        {
            return x > 0 ? lead + "inf" : "-inf";
        }

        string text = x.ToString("F" + Digits, CultureInfo.InvariantCulture);
        return text.StartsWith('-') ? text : lead + text;
    }

    private static string Scientific(double x, bool leadingSpace)
    {
        if (double.IsInfinity(x))
        {
            return x > 0 ? (leadingSpace ? " inf" : "inf") : "-inf";
        }

        // Python's "{: .6e}": six decimals and an exponent of at least two digits.
        string text = x.ToString("0.000000e+00", CultureInfo.InvariantCulture);
        return text.StartsWith('-') ? text : (leadingSpace ? " " : string.Empty) + text;
    }
}
