using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Resample, rolling, shift and diff give the sync scheduler's answer, exactly, on threads and on
/// worker processes (the specs, the cut partitions and the neighbours' rows travel between processes).
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class TimeSeriesMatrixTests(ProcessClusterFixture cluster)
{
    /// <summary>Two days hourly, a partition every 6 hours (8 partitions, known divisions).</summary>
    private static DaskDataFrame Hourly() => FrameCases.Hourly();

    private static string Canonical(DaskDataFrame df, string s) => $"npartitions={df.NPartitions}\n" + FrameCases.Canonical(df.Compute(s));

    public static readonly Dictionary<string, Func<string, string>> Cases = new(TimeSeriesCases.Lazy)
    {
        ["timeseries-resample-agg"] = s => Canonical(Hourly().Resample("4h").Agg(("x", "mean"), ("id", "sum"), ("y", "max"), ("name", "first")), s),
        ["timeseries-resample-count-frame"] = s => Canonical(Hourly().Resample("1D").Count(), s),
        ["timeseries-resample-upsample"] = s => Canonical(Hourly()[["id", "x"]].Resample("15min").Last(), s),
        ["timeseries-filtered-resample"] = s => { var df = Hourly(); return Canonical(df[df["x"] > 0.5].Resample("30min").Agg(("n", "x", "count"), ("lo", "x", "min"), ("s", "id", "sum")), s); },
        ["timeseries-rolling-frame"] = s => Canonical(Hourly()["id", "x", "y"].Rolling(5).Mean(), s) + Canonical(Hourly()["x", "y"].Rolling("13h").Std(), s),
        ["timeseries-rolling-series"] = s => FrameCases.Canonical(Hourly()["x"].Rolling(4, minPeriods: 2).Sum().Compute(s)) + FrameCases.Canonical(Hourly()["y"].Rolling("3h").Max().Compute(s)),
        ["timeseries-shift-diff-frame"] = s => Canonical(Hourly().Shift(6), s) + Canonical(Hourly().Shift(-2), s) + Canonical(Hourly()["id", "x"].Diff(-6), s),
        ["timeseries-series-resample"] = s => FrameCases.Canonical(Hourly()["y"].Resample("2h").Mean().Compute(s)) + FrameCases.Canonical(Hourly()["x"].Resample("3h").Agg("min", "max", "count").Compute(s)),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Threads_GiveTheSyncAnswer(string name) => Assert.Equal(Cases[name]("sync"), Cases[name]("threads"));

    [Theory]
    [MemberData(nameof(Names))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(Cases[name]("sync"), Cases[name](ProcessClusterFixture.SchedulerName));
    }
}
