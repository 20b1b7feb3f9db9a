using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The p2p shuffle on a process cluster (three workers, a 64 KiB shuffle buffer): the task shuffle's
/// result; n + 1 + m shuffle tasks on the scheduler and no piece task; pieces past the buffer on
/// disk; no file left once the shuffle is over.
/// </summary>
[Collection(P2PClusterCollection.Name)]
public sealed class P2PShuffleClusterTests(P2PClusterFixture cluster)
{
    private const string Scheduler = P2PClusterFixture.SchedulerName;

    // 86,400 rows in 10 partitions, generated in the tasks.
    internal static DaskDataFrame Frame() => Dd.Datasets.Timeseries("2000-01-01", "2000-01-06", freq: "5s", partitionFreq: "12h", seed: 3);

    [Fact]
    public void Shuffle_P2P_GivesTheTaskShufflesResult_WithNPlusOnePlusMTasks_AndNoFileLeft()
    {
        DaskDataFrame df = Frame();
        string expected = FrameCases.Canonical(df.Shuffle("name", npartitions: 7, method: "tasks").Compute("sync"));
        Dictionary<string, long> before = cluster.MemoryTotals();

        string actual = FrameCases.Canonical(df.Shuffle("name", npartitions: 7, method: "p2p").Compute(Scheduler));

        Assert.Equal(expected, actual);
        Dictionary<string, long> after = cluster.MemoryTotals();
        long Delta(string prefix) => after.GetValueOrDefault(prefix) - before.GetValueOrDefault(prefix);
        Assert.Equal((10L, 1L, 7L, 0L, 0L), (Delta("shuffle-transfer"), Delta("shuffle-barrier"), Delta("shuffle"), Delta("piece"), Delta("split")));
        Assert.Empty(cluster.ShuffleFiles());
        P2PClusterFixture.WaitFor(() => cluster.Scheduler.ActiveShuffles.Count == 0, TimeSpan.FromSeconds(30), "the scheduler to end the shuffle once its barrier was released");
        P2PClusterFixture.WaitFor(() => cluster.ShuffleRunDirectories().Length == 0, TimeSpan.FromSeconds(30), "the workers to remove the shuffle's run directories");

        // 86,400 rows of about 40 bytes through 64 KiB buffers: most pieces went to disk (heartbeats report it).
        P2PClusterFixture.WaitFor(
            () => cluster.Scheduler.Snapshot().Workers.Sum(w => w.ShuffleDiskBytes) > 1_000_000,
            TimeSpan.FromSeconds(30),
            "heartbeats reporting over 1 MB of shuffle pieces written to disk");
    }

    [Fact]
    public void SetIndexAndSortValues_P2P_GiveTheTaskShufflesResult()
    {
        DaskDataFrame df = Frame();
        Assert.Equal(
            FrameCases.Canonical(df.SetIndex("id", npartitions: 5, scheduler: "sync", shuffleMethod: "tasks").Compute("sync")),
            FrameCases.Canonical(df.SetIndex("id", npartitions: 5, scheduler: Scheduler).Compute(Scheduler)));
        Assert.Equal(
            FrameCases.Canonical(df.SortValues(["name", "x"], [true, false], npartitions: 4, scheduler: "sync", shuffleMethod: "tasks").Compute("sync")),
            FrameCases.Canonical(df.SortValues(["name", "x"], [true, false], npartitions: 4, scheduler: Scheduler, shuffleMethod: "p2p").Compute(Scheduler)));
        Assert.Empty(cluster.ShuffleFiles());
    }
}
