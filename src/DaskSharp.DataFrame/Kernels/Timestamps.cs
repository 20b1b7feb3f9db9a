using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Kernels;

/// <summary>Timestamp values as the integers Arrow stores: counts of the column's unit since the Unix epoch.</summary>
internal static class Timestamps
{
    /// <summary>How many of <paramref name="unit"/> make a .NET tick (100 ns), as a ratio: ticks = value * num / den.</summary>
    public static long TicksPer(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => 10,
        _ => 1, // nanoseconds: divide by 100
    };

    /// <summary>Nanoseconds in one of <paramref name="unit"/>.</summary>
    public static long NanosPer(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1_000_000_000L,
        TimeUnit.Millisecond => 1_000_000L,
        TimeUnit.Microsecond => 1_000L,
        _ => 1L,
    };

    /// <summary>
    /// <paramref name="time"/> as a value of a column of <paramref name="type"/>: a UTC or unspecified
    /// time is taken as it reads (pandas' naive timestamps), a local one is converted to UTC first.
    /// </summary>
    public static long FromDateTime(DateTime time, TimestampType type)
    {
        DateTime utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
        return type.Unit == TimeUnit.Nanosecond ? checked(ticks * 100) : ticks / TicksPer(type.Unit);
    }

    /// <summary>A column value of <paramref name="unit"/> as nanoseconds since the epoch.</summary>
    public static long ToNanos(long value, TimeUnit unit) => unit == TimeUnit.Nanosecond ? value : value * NanosPer(unit);

    /// <summary>A timestamp column's values as nanoseconds since the epoch (the column's own buffer when it is in nanoseconds).</summary>
    public static ReadOnlySpan<long> Nanos(TimestampArray column)
    {
        TimeUnit unit = ((TimestampType)column.Data.DataType).Unit;
        if (unit == TimeUnit.Nanosecond)
        {
            return column.Values;
        }

        var nanos = new long[column.Length];
        for (int i = 0; i < nanos.Length; i++)
        {
            nanos[i] = ToNanos(column.Values[i], unit);
        }

        return nanos;
    }

    /// <summary>Nanoseconds since the epoch as a value of <paramref name="unit"/> (rounded down).</summary>
    public static long FromNanos(long nanos, TimeUnit unit) => unit == TimeUnit.Nanosecond ? nanos : Math.DivRem(nanos, NanosPer(unit)) is var (q, r) && r < 0 ? q - 1 : q;

    /// <summary>The type of a <see cref="DateTime"/> constant: nanoseconds, no zone.</summary>
    public static readonly TimestampType Naive = new(TimeUnit.Nanosecond, (string?)null);
}
