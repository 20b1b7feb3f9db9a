using DaskSharp.DataFrames.Plan.Expressions;

namespace DaskSharp.DataFrames;

/// <summary>
/// pandas' <c>Series.dt</c>: fields of a datetime series (int32, as pandas 2), in the column's time
/// zone when its type has one, and flooring to a fixed frequency.
/// </summary>
public sealed class DatetimeAccessor
{
    private readonly DaskSeries _series;

    internal DatetimeAccessor(DaskSeries series) => _series = series;

    private DaskSeries Part(DatetimeField field) => _series.WithExpression(new DatetimePart(field, _series.Expression));

    /// <summary>The year.</summary>
    public DaskSeries Year => Part(DatetimeField.Year);

    /// <summary>The month, 1 to 12.</summary>
    public DaskSeries Month => Part(DatetimeField.Month);

    /// <summary>The day of the month.</summary>
    public DaskSeries Day => Part(DatetimeField.Day);

    /// <summary>The hour.</summary>
    public DaskSeries Hour => Part(DatetimeField.Hour);

    /// <summary>The minute.</summary>
    public DaskSeries Minute => Part(DatetimeField.Minute);

    /// <summary>The second.</summary>
    public DaskSeries Second => Part(DatetimeField.Second);

    /// <summary>The day of the week, Monday = 0 to Sunday = 6.</summary>
    public DaskSeries DayOfWeek => Part(DatetimeField.DayOfWeek);

    /// <summary>The day of the year, from 1.</summary>
    public DaskSeries DayOfYear => Part(DatetimeField.DayOfYear);

    /// <summary>The quarter, 1 to 4.</summary>
    public DaskSeries Quarter => Part(DatetimeField.Quarter);

    /// <summary>Each timestamp rounded down to a multiple of <paramref name="freq"/> ("1D", "1h", "15min", …), as pandas' <c>dt.floor</c>.</summary>
    public DaskSeries Floor(string freq) => _series.WithExpression(new DatetimeFloor(_series.Expression, freq));

    /// <summary>Midnight of each timestamp's day, still a datetime (pandas' <c>dt.normalize()</c>; pandas' <c>dt.date</c> would give Python dates, which a column here does not hold).</summary>
    public DaskSeries Date => Floor("1D");
}
