namespace DaskSharp.DataFrames;

/// <summary><c>series.Rolling(window)</c>: as <see cref="DaskRolling"/>, each aggregation a series of the same name.</summary>
public sealed class DaskSeriesRolling
{
    private readonly DaskRolling _rolling;

    internal DaskSeriesRolling(DaskRolling rolling) => _rolling = rolling;

    /// <summary>The sum of each window.</summary>
    public DaskSeries Sum() => _rolling.Series("sum");

    /// <summary>The mean of each window.</summary>
    public DaskSeries Mean() => _rolling.Series("mean");

    /// <summary>The smallest value of each window.</summary>
    public DaskSeries Min() => _rolling.Series("min");

    /// <summary>The largest value of each window.</summary>
    public DaskSeries Max() => _rolling.Series("max");

    /// <summary>The non-null values in each window.</summary>
    public DaskSeries Count() => _rolling.Series("count");

    /// <summary>The sample standard deviation (ddof = 1) of each window.</summary>
    public DaskSeries Std() => _rolling.Series("std");

    /// <summary>The sample variance (ddof = 1) of each window.</summary>
    public DaskSeries Var() => _rolling.Series("var");
}
