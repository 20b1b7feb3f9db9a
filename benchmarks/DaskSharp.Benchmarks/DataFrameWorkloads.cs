using System.Diagnostics;
using DaskSharp.DataFrames;

namespace DaskSharp.Benchmarks;

/// <summary>The dataframe workloads, named as in dask_anchor.py.</summary>
internal static partial class Workloads
{
    /// <summary>
    /// <c>df-groupby DAYS</c>: <c>Timeseries</c> at 1 s, a partition a day, grouped by name (mean of
    /// x, sum of y, count of id) on the threads scheduler. Generation is part of the time, as in
    /// Dask's run of the same expression.
    /// </summary>
    private static void DataFrameGroupBy(long? size, bool emit)
    {
        int days = (int)(size ?? 30);
        string end = new DateTime(2000, 1, 1).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        DaskDataFrame df = Dd.Datasets.Timeseries("2000-01-01", end, freq: "1s", partitionFreq: "1D", seed: 1);
        long start = Stopwatch.GetTimestamp();
        LocalFrame r = df.GroupBy("name").Agg(("x", "mean"), ("y", "sum"), ("id", "count")).Compute("threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long rows = (long)days * 86400;
        Check(r.Length == 26, "df-groupby: expected 26 groups");
        Check(r.Values("id").Sum(v => (long)v!) == rows, "df-groupby: the counts do not add up to the rows");
        if (emit)
        {
            Emit("df-groupby-threads", seconds, ("rows", rows), ("groups", r.Length), ("rows_per_s", Math.Round(rows / seconds)), ("peak_rss_mb", PeakWorkingSet() >> 20));
        }
    }
}
