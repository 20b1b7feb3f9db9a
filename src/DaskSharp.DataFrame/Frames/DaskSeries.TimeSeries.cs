using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>Time series on a series: resample, rolling windows, shift and diff.</summary>
public sealed partial class DaskSeries
{
    /// <summary>Bins of a fixed rule over the datetime index: <c>df["x"].Resample("1h").Mean()</c>.</summary>
    public DaskSeriesResampler Resample(string rule) => new(OneColumn(), Name, rule);

    /// <summary>A window of <paramref name="window"/> rows: <c>df["x"].Rolling(3).Mean()</c>.</summary>
    public DaskSeriesRolling Rolling(int window, int? minPeriods = null) => new(new DaskRolling(OneColumn(), window, null, minPeriods, Name));

    /// <summary>A window of index time: <c>df["x"].Rolling("2h").Sum()</c>.</summary>
    public DaskSeriesRolling Rolling(string window, int? minPeriods = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new(new DaskRolling(OneColumn(), 0, window, minPeriods, Name));
    }

    /// <summary>The values moved down <paramref name="periods"/> rows (up when negative), across partitions.</summary>
    public DaskSeries Shift(int periods = 1) => Over(OverlapSpec.Rows(OverlapKind.Shift, periods));

    /// <summary>Each value minus the one <paramref name="periods"/> rows before, across partitions.</summary>
    public DaskSeries Diff(int periods = 1) => Over(OverlapSpec.Rows(OverlapKind.Diff, periods));

    private DaskSeries Over(OverlapSpec spec) => new(new Overlap(OneColumn(), spec), new ColumnRef(Name), Name);
}
