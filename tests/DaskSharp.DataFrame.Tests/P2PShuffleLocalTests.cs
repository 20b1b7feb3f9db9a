using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Optimization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The peer-to-peer shuffle on the local schedulers, through their in-memory shuffle service: the
/// same partitions, row for row, as the task shuffle; n + 1 + m shuffle tasks; the method's choice.
/// </summary>
public sealed class P2PShuffleLocalTests
{
    /// <summary>Each output partition of <paramref name="frame"/> as exact text, in order.</summary>
    internal static string[] Partitions(DaskDataFrame frame, string scheduler) =>
        [.. SortTests.Parts(frame, scheduler).Select(FrameCases.Canonical)];

    [Theory]
    [InlineData("sync", new[] { "k" }, 3)]
    [InlineData("threads", new[] { "k" }, 3)]
    [InlineData("sync", new[] { "s", "k" }, 5)]
    [InlineData("threads", new[] { "s" }, 4)]
    [InlineData("threads", new[] { "x" }, 7)]
    public void Shuffle_P2P_GivesTheTaskShufflesPartitions(string scheduler, string[] on, int npartitions)
    {
        DaskDataFrame df = SortCases.Frame(4);
        string[] tasks = Partitions(df.Shuffle(on, npartitions, method: "tasks"), "sync");
        Assert.Equal(tasks, Partitions(df.Shuffle(on, npartitions, method: "p2p"), scheduler));
        Assert.Equal(ShuffleTests.Reference(SortCases.Table(), on, npartitions), ShuffleTests.Ids(df.Shuffle(on, npartitions, method: "p2p"), scheduler));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("threads")]
    public void SetIndexAndSortValues_P2P_GiveTheTaskShufflesPartitions(string scheduler)
    {
        DaskDataFrame df = SortCases.Frame(4);
        Assert.Equal(
            Partitions(df.SetIndex("x", npartitions: 3, scheduler: "sync", shuffleMethod: "tasks"), "sync"),
            Partitions(df.SetIndex("x", npartitions: 3, scheduler: "sync", shuffleMethod: "p2p"), scheduler));
        Assert.Equal(
            Partitions(df.SortValues(["s", "k"], [false, true], npartitions: 3, scheduler: "sync", shuffleMethod: "tasks"), "sync"),
            Partitions(df.SortValues(["s", "k"], [false, true], npartitions: 3, scheduler: "sync", shuffleMethod: "p2p"), scheduler));
        Assert.Equal(SortCases.Pandas["sort-k"], FrameCases.Canonical(df.SortValues("k", shuffleMethod: "p2p").Compute(scheduler)));
    }

    [Fact]
    public void P2PLowering_HasATransferPerInput_OneBarrier_AndAnUnpackPerOutput()
    {
        // 8 inputs into 3 outputs: the splits fuse into the transfers, so the scheduler sees 8 + 1 + 3 tasks, not 8 × 3 pieces.
        DaskDataFrame shuffled = FrameCases.Hourly().Shuffle("name", npartitions: 3, method: "p2p");
        TaskGraph lowered = Lowering.Lower(Optimizer.Optimize(shuffled.Plan));
        Key[] outputs = Lowering.Keys(Optimizer.Optimize(shuffled.Plan));
        TaskGraph optimized = GraphOptimizer.Optimize(lowered, outputs);
        var prefixes = optimized.Keys.GroupBy(k => k.Prefix).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["shuffle-transfer"] = 8, ["shuffle-barrier"] = 1, ["shuffle"] = 3 }, prefixes);
    }

    [Fact]
    public void Explain_NamesTheMethod()
    {
        Assert.Contains("Shuffle: hash [name] into 3 partitions from 8 (p2p)", FrameCases.Hourly().Shuffle("name", npartitions: 3, method: "p2p").Explain());
        Assert.Contains("(tasks)", FrameCases.Hourly().Shuffle("name", npartitions: 3, method: "tasks").Explain());
    }

    [Fact]
    public void Method_DefaultsToTasksLocally_AndFollowsTheConfiguration()
    {
        Assert.Equal(ShuffleMethod.Tasks, ShuffleMethods.Resolve(null));
        Assert.Equal(ShuffleMethod.Tasks, ShuffleMethods.Resolve(null, "sync"));
        using (DaskConfig.Set(ShuffleMethods.ConfigKey, "p2p"))
        {
            Assert.Equal(ShuffleMethod.P2P, ShuffleMethods.Resolve(null));
            Assert.Contains("(p2p)", FrameCases.Hourly().Shuffle("name", npartitions: 3).Explain());
        }

        Assert.Equal(ShuffleMethod.Tasks, ShuffleMethods.Resolve("TASKS"));
    }

    [Fact]
    public void Method_Unknown_IsRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => SortCases.Frame(4).Shuffle("k", 3, method: "disk"));
        Assert.Contains("Unknown shuffle method 'disk'", e.Message);
    }

    [Fact]
    public void InMemoryService_LeavesNothing_AfterTheUnpacks()
    {
        var service = new InMemoryShuffleService();
        var spec = new ShuffleSpec("s", 2, 2, new Key("b"));
        Assert.Equal(1, service.Transfer(spec, 1, [new ShufflePiece(0, [1]), new ShufflePiece(1, [2])]));
        Assert.Equal(1, service.Transfer(spec, 0, [new ShufflePiece(0, [3]), new ShufflePiece(1, [4])]));
        Assert.Equal(1, service.Barrier(spec, [1, 1]));
        Assert.Equal(4, service.PieceCount);
        Assert.Equal([[3], [1]], service.Unpack(spec, 1, 0)); // in input order
        Assert.Equal([[4], [2]], service.Unpack(spec, 1, 1));
        Assert.Equal(0, service.PieceCount);
        Assert.Throws<ShuffleRestartedException>(() => service.Barrier(spec, [1, 2]));
    }

    [Fact]
    public void P2PTask_OutsideAnExecutor_SaysWhatIsMissing()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ShuffleServices.Current);
        Assert.Contains("outside an executor with a shuffle service", e.Message);
    }
}
