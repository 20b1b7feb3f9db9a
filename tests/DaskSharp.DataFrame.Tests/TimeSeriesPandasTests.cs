namespace DaskSharp.DataFrame.Tests;

/// <summary>Resample, rolling (windows of rows and of time, across partition boundaries), shift and diff give Dask's answers on the sync scheduler.</summary>
public sealed class TimeSeriesPandasTests
{
    public static TheoryData<string> Names => [.. TimeSeriesCases.Dask.Keys];

    public static TheoryData<string> Resamples => [.. TimeSeriesCases.DaskDivisions.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Sync_GivesDasksAnswer(string name) => Assert.Equal(TimeSeriesCases.Dask[name], TimeSeriesCases.Lazy[name]("sync"));

    [Theory]
    [MemberData(nameof(Resamples))]
    public void Resample_IsPartitionedAsDask(string name)
    {
        (string rule, int unit) = name switch
        {
            "divisions-1h" => ("1h", 600),
            "divisions-1D" => ("1D", 3600),
            _ => ("1D", 600),
        };
        Assert.Equal(TimeSeriesCases.DaskDivisions[name], TimeSeriesCases.Divisions(TimeSeriesCases.Frame(unit)["x"].Resample(rule).Sum().ToFrame()));
    }
}
