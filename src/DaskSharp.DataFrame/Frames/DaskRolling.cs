using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>
/// <c>df.Rolling(window)</c>, waiting for its aggregation (Dask's <c>Rolling</c>): a window of rows
/// (<c>Rolling(3)</c>) or of index time (<c>Rolling("2h")</c>, the rows in (t − 2h, t]), each
/// partition computed with the rows it needs from the partitions before it (Dask's
/// <c>map_overlap</c>). Results are float64, as pandas'.
/// </summary>
public sealed class DaskRolling
{
    private readonly FrameExpr _frame;
    private readonly int _rows;
    private readonly long _nanos;
    private readonly string? _window;
    private readonly int? _minPeriods;
    private readonly string? _series;

    internal DaskRolling(FrameExpr frame, int rows, string? window, int? minPeriods, string? series = null)
    {
        _frame = frame;
        _series = series;
        _minPeriods = minPeriods;
        if (window is null)
        {
            if (rows <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), rows, "A rolling window must be at least one row.");
            }

            if (minPeriods is { } m && (m < 0 || m > rows))
            {
                throw new ArgumentOutOfRangeException(nameof(minPeriods), m, $"min_periods must be from 0 to the window ({rows}), as pandas requires.");
            }

            _rows = rows;
            return;
        }

        _window = window;
        _nanos = FixedFrequency.Nanoseconds(window, "window");
        if (minPeriods is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minPeriods), minPeriods, "min_periods must be 0 or more.");
        }

        _ = Overlap.TimeDivisions(frame, OverlapSpec.Rolling("sum", 0, _nanos, window, minPeriods)); // the index and the divisions are checked now
    }

    /// <summary>The sum of each window.</summary>
    public DaskDataFrame Sum() => Frame("sum");

    /// <summary>The mean of each window.</summary>
    public DaskDataFrame Mean() => Frame("mean");

    /// <summary>The smallest value of each window.</summary>
    public DaskDataFrame Min() => Frame("min");

    /// <summary>The largest value of each window.</summary>
    public DaskDataFrame Max() => Frame("max");

    /// <summary>The non-null values in each window (with a window of rows and no min_periods, every window counts, as pandas').</summary>
    public DaskDataFrame Count() => Frame("count");

    /// <summary>The sample standard deviation (ddof = 1) of each window.</summary>
    public DaskDataFrame Std() => Frame("std");

    /// <summary>The sample variance (ddof = 1) of each window.</summary>
    public DaskDataFrame Var() => Frame("var");

    internal Overlap Build(string how) => new(_frame, OverlapSpec.Rolling(how, _rows, _nanos, _window, _minPeriods));

    internal DaskSeries Series(string how) => new(Build(how), new ColumnRef(_series!), _series!);

    private DaskDataFrame Frame(string how) => new(Build(how));
}
