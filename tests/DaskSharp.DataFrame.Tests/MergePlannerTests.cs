using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The planner moves rows only where the data needs it, says so in <c>Explain()</c>, and the graphs
/// hold exactly the shuffle tasks left: a group-by on the key a merge shuffled on, a second merge on
/// it, a merge of frames already hash-partitioned alike, a shuffle of data already shuffled that
/// way, a merge of sorted indexes with known divisions. The results are pandas' (or the shuffled
/// plan's) on three executors.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class MergePlannerTests(ProcessClusterFixture cluster)
{
    private const string FourAndThree = "  FromArrow: 4 partitions, 24 rows [k, s, n, a]\n";

    private static readonly Dictionary<string, Func<DaskDataFrame>> s_plans = new()
    {
        ["k-inner-groupby"] = () => MergeShuffleCases.Left().Merge(MergeShuffleCases.Right(), on: ["k"]).GroupBy("k").Agg(("a", "sum"), ("b", "sum")),
        ["k-left-twice"] = () => MergeShuffleCases.Left().Merge(MergeShuffleCases.Right(), how: "left", on: ["k"])
            .Merge(MergeShuffleCases.Right()[["k", "b"]].Rename(new Dictionary<string, string> { ["b"] = "c" }), how: "left", on: ["k"]),
        ["k-outer"] = () => MergeShuffleCases.Left().Shuffle("k", 4).Merge(MergeShuffleCases.Right().Shuffle("k", 4), how: "outer", on: ["k"]),
    };

    public static TheoryData<string, string> Runs()
    {
        var data = new TheoryData<string, string>();
        foreach (string scheduler in new[] { "sync", "threads", ProcessClusterFixture.SchedulerName })
        {
            foreach (string name in s_plans.Keys)
            {
                data.Add(name, scheduler);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void PlansWithoutTheShufflesTheyDoNotNeed_GivePandasRows(string name, string scheduler)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(MergeShuffleCases.Pandas[name], MergeShuffleCases.Sorted(s_plans[name]().Compute(scheduler)));
    }

    [Fact]
    public void AGroupByOnTheMergedKey_MovesNoRows_AndExplainSaysSo()
    {
        DaskDataFrame grouped = s_plans["k-inner-groupby"]();
        Assert.IsType<PartitionedReduce>(grouped.Plan);
        Assert.Equal(4, grouped.NPartitions);
        Assert.EndsWith(
            "After optimisation:\n"
            + "GroupByAggregate: by=[k] [a: sum, b: sum] partitionwise, already hash [k] into 4\n"
            + "  ShuffleJoin: how=inner on=[k] partitionwise, hashed into 4 [k, a, b]\n"
            + "    Shuffle: hash [k] into 4 partitions from 4 (tasks)\n"
            + "      Fused: Projection: [k, a]\n"
            + "        FromArrow: 4 partitions, 24 rows [k, s, n, a]\n"
            + "    Shuffle: hash [k] into 4 partitions from 3 (tasks)\n"
            + "      Fused: Projection: [k, b]\n"
            + "        FromArrow: 3 partitions, 18 rows [k, s, kf, b]\n"
            + "Decisions:\n"
            + "  merge: hash shuffle both sides on [k] into 4 partitions\n"
            + "  groupby: shuffle skipped, already partitioned on [k]\n",
            grouped.Explain(),
            StringComparison.Ordinal);

        // Both sides split once (4 + 3 tasks, a piece per input and output); the group-by is a partial and a finish per partition, no combine, no pieces of its own.
        Assert.Equal(new Dictionary<string, int> { ["from"] = 7, ["split"] = 7, ["piece"] = 28, ["shuffle"] = 8, ["hash"] = 4, ["chunk"] = 4, ["groupby"] = 4 }, TaskCounts(grouped));
    }

    [Fact]
    public void TheSameGroupByWithoutTheMerge_StillReducesAsATree()
    {
        DaskDataFrame grouped = MergeShuffleCases.Left().GroupBy("k").Agg(("a", "sum"));
        Assert.IsType<Reduce>(grouped.Plan);
        Assert.DoesNotContain("Decisions:", grouped.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondMergeOnTheMergedKey_ShufflesOnlyTheNewSide()
    {
        DaskDataFrame twice = s_plans["k-left-twice"]();
        Assert.EndsWith(
            "Decisions:\n"
            + "  merge: hash shuffle both sides on [k] into 4 partitions\n"
            + "  merge: shuffle skipped for the left, already partitioned on [k] into 4; hash shuffle the right on [k] into 4 partitions\n",
            twice.Explain(),
            StringComparison.Ordinal);
        Assert.Equal(3, ShuffleNodes(Optimizer.Optimize(twice.Plan)));
        Assert.Equal(4 + 3 + 3, TaskCounts(twice)["split"]); // the first merge's two sides, then only the new right side
    }

    [Fact]
    public void AMergeOfFramesAlreadyPartitionedAlike_AddsNoShuffle()
    {
        DaskDataFrame merged = s_plans["k-outer"]();
        Assert.IsType<ShuffleJoin>(merged.Plan);
        Assert.EndsWith("Decisions:\n  merge: no shuffle, both sides already partitioned on [k] into 4\n", merged.Explain(), StringComparison.Ordinal);
        Assert.Equal(2, ShuffleNodes(Optimizer.Optimize(merged.Plan))); // the user's own two
        Assert.Equal(4 + 3, TaskCounts(merged)["split"]);
    }

    [Fact]
    public void AShuffleOfDataAlreadyShuffledThatWay_IsDropped()
    {
        DaskDataFrame twice = MergeShuffleCases.Left().Shuffle("k", 4).Shuffle("k", 4);
        Assert.EndsWith(
            "After optimisation:\n"
            + "Shuffle: hash [k] into 4 partitions from 4 (tasks)\n"
            + FourAndThree
            + "Decisions:\n"
            + "  shuffle: skipped, already partitioned on [k] into 4\n",
            twice.Explain(),
            StringComparison.Ordinal);
        Assert.Equal(4, TaskCounts(twice)["split"]);
        Assert.Equal(MergeShuffleCases.Sorted(MergeShuffleCases.Left().Compute("sync")), MergeShuffleCases.Sorted(twice.Compute("sync")));

        // Another count or other keys still shuffle.
        Assert.Equal(2, ShuffleNodes(Optimizer.Optimize(MergeShuffleCases.Left().Shuffle("k", 4).Shuffle("k", 3).Plan)));
        Assert.Equal(2, ShuffleNodes(Optimizer.Optimize(MergeShuffleCases.Left().Shuffle("k", 4).Shuffle(["k", "s"], 4).Plan)));
    }

    [Fact]
    public void AColumnReplaced_OrRenamedOver_LosesThePartitioning()
    {
        DaskDataFrame shuffled = MergeShuffleCases.Left().Shuffle("k", 4);
        Assert.NotNull(shuffled.Plan.HashedOn);
        Assert.Equal("hash [k] into 4", shuffled[shuffled["a"] > 10L][["k", "a"]].Plan.HashedOn?.ToString());
        Assert.Equal("hash [key] into 4", shuffled.Rename(new Dictionary<string, string> { ["k"] = "key" }).Plan.HashedOn?.ToString());
        Assert.Null(shuffled.Assign("k", shuffled["n"]).Plan.HashedOn);
        Assert.Null(shuffled[["s", "a"]].Plan.HashedOn);
        Assert.Equal("hash [old] into 4", shuffled.Rename(new Dictionary<string, string> { ["k"] = "old", ["n"] = "k" }).Plan.HashedOn?.ToString());
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("threads")]
    [InlineData(ProcessClusterFixture.SchedulerName)]
    public void SortedIndexesWithKnownDivisions_AreAlignedWithoutAShuffle_AndMatchTheHashShuffledIndexJoin(string scheduler)
    {
        Assert.NotNull(cluster.Client);
        DaskDataFrame l = FrameCases.Hourly(), r = Dd.Datasets.Timeseries("2000-01-01", "2000-01-03", freq: "1h", partitionFreq: "12h", seed: 3);
        DaskDataFrame aligned = l.Merge(r, how: "outer", leftIndex: true, rightIndex: true);
        Assert.IsType<AlignedJoin>(aligned.Plan);
        Assert.Contains("  merge: aligned on known divisions", aligned.Explain(), StringComparison.Ordinal);
        Assert.Equal(0, ShuffleNodes(Optimizer.Optimize(aligned.Plan)));

        // The same frames without divisions are hash-shuffled on their indexes.
        DaskDataFrame unknown = Unknown(l).Merge(Unknown(r), how: "outer", leftIndex: true, rightIndex: true);
        Assert.IsType<ShuffleJoin>(unknown.Plan);
        Assert.Equal(MergeShuffleCases.Sorted(unknown.Compute("sync")), MergeShuffleCases.Sorted(aligned.Compute(scheduler)));
    }

    public static TheoryData<string, string> IndexedRuns()
    {
        var data = new TheoryData<string, string>();
        foreach (string scheduler in new[] { "sync", "threads", ProcessClusterFixture.SchedulerName })
        {
            foreach (string how in new[] { "inner", "left", "right", "outer" })
            {
                data.Add(how, scheduler);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(IndexedRuns))]
    public void FramesSetIndexedOnTheKey_MergeOnTheirIndexesWithoutAnotherShuffle_AsPandasMergesOnTheKey(string how, string scheduler)
    {
        Assert.NotNull(cluster.Client);
        DaskDataFrame l = MergeShuffleCases.Left().SetIndex("k", scheduler: "sync"), r = MergeShuffleCases.Right().SetIndex("k", scheduler: "sync");
        DaskDataFrame merged = l.Merge(r, how: how, leftIndex: true, rightIndex: true);
        Assert.IsType<AlignedJoin>(merged.Plan);
        Assert.Equal(2, ShuffleNodes(Optimizer.Optimize(merged.Plan))); // the two SetIndex shuffles, nothing for the merge
        Assert.Contains("  merge: aligned on known divisions", merged.Explain(), StringComparison.Ordinal);
        Assert.Equal(MergeShuffleCases.Pandas[$"k-{how}"], MergeShuffleCases.Sorted(merged.Compute(scheduler)));
    }

    [Theory]
    [InlineData("inner")]
    [InlineData("left")]
    [InlineData("right")]
    [InlineData("outer")]
    public void AColumnAgainstAnIndex_WithNeitherSideSmall_IsHashShuffledOnTheIndex_AsTheOnePartitionMerge(string how)
    {
        static DaskDataFrame Indexed(int partitions) => Dd.FromArrow(MergeCases.Build([.. Enumerable.Range(0, 18).Select(i => (long)(i % 7))], ("b", Enumerable.Range(0, 18).Select(i => (double?)i + 0.5).ToArray())), partitions, "t");
        DaskDataFrame merged = MergeShuffleCases.Left(4).Merge(Indexed(3), how: how, leftOn: ["n"], rightIndex: true);
        Assert.IsType<ShuffleJoin>(merged.Plan);
        Assert.Contains("  merge: hash shuffle both sides on [n] = [t] into 4 partitions\n", merged.Explain(), StringComparison.Ordinal);
        string alone = MergeShuffleCases.Sorted(MergeShuffleCases.Left(1).Merge(Indexed(1), how: how, leftOn: ["n"], rightIndex: true).Compute("sync"));
        Assert.Equal(alone, MergeShuffleCases.Sorted(merged.Compute("threads")));
    }

    private static DaskDataFrame Unknown(DaskDataFrame frame)
    {
        LocalFrame all = frame.Compute("sync");
        return Dd.FromArrow([.. Enumerable.Range(0, frame.NPartitions).Select(i => all.ToArrow().Slice(i * all.Length / frame.NPartitions, ((i + 1) * all.Length / frame.NPartitions) - (i * all.Length / frame.NPartitions)))], index: "timestamp");
    }

    private static Dictionary<string, int> TaskCounts(DaskDataFrame frame) =>
        Lowering.Lower(Optimizer.Optimize(frame.Plan)).Keys.GroupBy(k => k.Name.Split('-')[0]).ToDictionary(g => g.Key, g => g.Count());

    private static int ShuffleNodes(FrameExpr plan) => (plan is Shuffle ? 1 : 0) + plan.Children.Sum(ShuffleNodes);
}
