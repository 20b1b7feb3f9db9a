using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>Time series on a frame: resample, rolling windows, shift and diff (each partition with its neighbours' rows, as Dask's <c>map_overlap</c>).</summary>
public sealed partial class DaskDataFrame
{
    /// <summary>
    /// Bins of a fixed rule over the datetime index (known divisions needed):
    /// <c>df.Resample("1h").Agg(("x", "mean"), ("id", "sum"))</c>, <c>df.Resample("15min").Count()</c>.
    /// </summary>
    public DaskResampler Resample(string rule) => new(Plan, rule);

    /// <summary>A window of <paramref name="window"/> rows: <c>df.Rolling(3).Mean()</c>; <paramref name="minPeriods"/> as pandas' (default: the window).</summary>
    public DaskRolling Rolling(int window, int? minPeriods = null) => new(Plan, window, null, minPeriods);

    /// <summary>A window of index time, the rows in (t − window, t]: <c>df.Rolling("2h").Sum()</c> (a datetime index with known divisions; <paramref name="minPeriods"/> default 1).</summary>
    public DaskRolling Rolling(string window, int? minPeriods = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new(Plan, 0, window, minPeriods);
    }

    /// <summary>Every column moved down <paramref name="periods"/> rows (up when negative), across partitions; the rows moved in are null.</summary>
    public DaskDataFrame Shift(int periods = 1) => new(new Overlap(Plan, OverlapSpec.Rows(OverlapKind.Shift, periods)));

    /// <summary>Every (numeric) column minus itself <paramref name="periods"/> rows before, across partitions.</summary>
    public DaskDataFrame Diff(int periods = 1) => new(new Overlap(Plan, OverlapSpec.Rows(OverlapKind.Diff, periods)));
}
