using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Plan.Expressions;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>
/// pandas' <c>.dt</c> over Arrow timestamps of any unit. A column with a time zone is read in its
/// zone's wall time, as pandas reads a tz-aware series (the values are UTC instants).
/// </summary>
internal static class DatetimeKernels
{
    private const long NanosPerTick = 100;

    /// <summary>The zone a timestamp type names, or null for naive and UTC columns (no shift).</summary>
    public static TimeZoneInfo? Zone(TimestampType type)
    {
        string? tz = type.Timezone;
        if (string.IsNullOrEmpty(tz) || tz is "UTC" or "utc" or "Etc/UTC" or "Z")
        {
            return null;
        }

        if ((tz[0] is '+' or '-') && TimeSpan.TryParse(tz.AsSpan(1), CultureInfo.InvariantCulture, out TimeSpan offset))
        {
            return TimeZoneInfo.CreateCustomTimeZone(tz, tz[0] == '-' ? -offset : offset, tz, tz);
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(tz);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new ArgumentException($"The time zone '{tz}' of a timestamp column is not known on this machine.", e);
        }
    }

    /// <summary>Field <paramref name="field"/> of each row.</summary>
    public static IArrowArray Field(TimestampArray array, DatetimeField field)
    {
        var type = (TimestampType)array.Data.DataType;
        TimeZoneInfo? zone = Zone(type);
        (byte[]? validity, int nulls) = Bitmaps.Copy(array);
        ReadOnlySpan<long> values = array.Values;
        var result = new int[values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            if (!Bitmaps.Get(validity, i))
            {
                continue;
            }

            DateTime t = WallTime(Timestamps.ToNanos(values[i], type.Unit), zone);
            result[i] = field switch
            {
                DatetimeField.Year => t.Year,
                DatetimeField.Month => t.Month,
                DatetimeField.Day => t.Day,
                DatetimeField.Hour => t.Hour,
                DatetimeField.Minute => t.Minute,
                DatetimeField.Second => t.Second,
                DatetimeField.DayOfWeek => ((int)t.DayOfWeek + 6) % 7,
                DatetimeField.DayOfYear => t.DayOfYear,
                _ => ((t.Month - 1) / 3) + 1,
            };
        }

        return ArrayBuild.Primitive(Int32Type.Default, result, result.Length, validity, nulls);
    }

    /// <summary>
    /// Each row rounded down to a multiple of <paramref name="freq"/> (pandas' <c>dt.floor</c>, fixed
    /// frequencies), in the column's wall time for a zoned column.
    /// </summary>
    public static IArrowArray Floor(TimestampArray array, TimeSpan freq)
    {
        var type = (TimestampType)array.Data.DataType;
        TimeZoneInfo? zone = Zone(type);
        long step = checked(freq.Ticks * NanosPerTick);
        (byte[]? validity, int nulls) = Bitmaps.Copy(array);
        ReadOnlySpan<long> values = array.Values;
        var result = new long[values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            if (!Bitmaps.Get(validity, i))
            {
                continue;
            }

            long nanos = Timestamps.ToNanos(values[i], type.Unit);
            long shift = zone is null ? 0 : zone.GetUtcOffset(Instant(nanos)).Ticks * NanosPerTick;
            long floored = FloorTo(nanos + shift, step);
            if (zone is not null)
            {
                // Back to UTC with the offset in force at the floored wall time (it differs across a DST change).
                var wall = new DateTime(DateTime.UnixEpoch.Ticks + (floored / NanosPerTick), DateTimeKind.Unspecified);
                floored -= zone.GetUtcOffset(wall).Ticks * NanosPerTick;
            }

            result[i] = Timestamps.FromNanos(floored, type.Unit);
        }

        return ArrayBuild.Primitive(type, result, result.Length, validity, nulls);
    }

    private static long FloorTo(long value, long step)
    {
        long q = Math.DivRem(value, step, out long r);
        return (r < 0 ? q - 1 : q) * step;
    }

    private static DateTime Instant(long nanos) => new(DateTime.UnixEpoch.Ticks + FloorTo(nanos, NanosPerTick) / NanosPerTick, DateTimeKind.Utc);

    private static DateTime WallTime(long nanos, TimeZoneInfo? zone)
    {
        DateTime utc = Instant(nanos);
        return zone is null ? utc : utc.Add(zone.GetUtcOffset(utc));
    }
}
