using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Shuffle, SortValues, SetIndex (with Loc) and ResetIndex give the same answer on the sync and
/// threaded schedulers and on worker processes (where every split, piece and sort step travels
/// through its codec): pandas' for the sorts, the hash reference for the shuffle. The divisions
/// are computed on the scheduler under test too.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class SortMatrixTests(ProcessClusterFixture cluster)
{
    public static TheoryData<string> Names => [.. SortTests.Cases.Keys];

    private static string Run(string name, string scheduler) =>
        FrameCases.Canonical(SortTests.Cases[name](SortCases.Frame(4), scheduler).Compute(scheduler));

    [Theory]
    [MemberData(nameof(Names))]
    public void Sync_GivesPandasAnswer(string name) => Assert.Equal(SortCases.Pandas[name], Run(name, "sync"));

    [Theory]
    [MemberData(nameof(Names))]
    public void Threads_GivePandasAnswer(string name) => Assert.Equal(SortCases.Pandas[name], Run(name, "threads"));

    [Theory]
    [MemberData(nameof(Names))]
    public void Processes_GivePandasAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(SortCases.Pandas[name], Run(name, ProcessClusterFixture.SchedulerName));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("threads")]
    [InlineData(ProcessClusterFixture.SchedulerName)]
    public void Shuffle_PutsTheSameRowsInTheSamePartitions_OnEveryScheduler(string scheduler)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(ShuffleTests.Reference(SortCases.Table(), ["s", "k"], 3), ShuffleTests.Ids(SortCases.Frame(4).Shuffle(["s", "k"], 3), scheduler));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("threads")]
    [InlineData(ProcessClusterFixture.SchedulerName)]
    public void ATimeseriesSetIndex_HasTheSyncDivisionsAndRows_OnEveryScheduler(string scheduler)
    {
        Assert.NotNull(cluster.Client);
        DaskDataFrame expected = FrameCases.Hourly().SetIndex("id", scheduler: "sync");
        DaskDataFrame actual = FrameCases.Hourly().SetIndex("id", scheduler: scheduler);
        Assert.Equal(expected.Divisions, actual.Divisions);
        Assert.Equal(FrameCases.Canonical(expected.Loc[990L, 1010L].Compute("sync")), FrameCases.Canonical(actual.Loc[990L, 1010L].Compute(scheduler)));
        Assert.Equal(FrameCases.Canonical(expected.Compute("sync")), FrameCases.Canonical(actual.Compute(scheduler)));
    }
}
