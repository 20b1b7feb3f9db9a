using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// A key holding 60% of a side's rows is found when the merge is written, its rows are joined where
/// they lie (the other side's rows of it broadcast), and no join task receives more than a
/// partition's budget; the result is exactly that of the plain hash-shuffle join (itself checked
/// against pandas in <see cref="MergeShuffleMatrixTests"/>), on three executors.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class MergeSkewTests(ProcessClusterFixture cluster)
{
    private const int BigRows = 4000, SmallRows = 300, Partitions = 4;

    /// <summary>k = 0 on 60% of the rows (3 of every 5; 2384 of them, as a null replaces every 250th row), else 1..397 (some missing on the other side).</summary>
    private static DaskDataFrame Skewed(int partitions = Partitions) => Dd.FromArrow(
        MergeCases.Build(
            null,
            ("k", Enumerable.Range(0, BigRows).Select(i => i % 250 == 7 ? (long?)null : i % 5 < 3 ? 0L : 1 + (i % 397)).ToArray()),
            ("a", Enumerable.Range(0, BigRows).Select(i => (long?)i).ToArray())),
        partitions);

    /// <summary>k = i % 50 (key 0 on 6 rows), a null at row 13; 3 partitions.</summary>
    private static DaskDataFrame Even(int partitions = 3) => Dd.FromArrow(
        MergeCases.Build(
            null,
            ("k", Enumerable.Range(0, SmallRows).Select(i => i == 13 ? (long?)null : i % 50).ToArray()),
            ("b", Enumerable.Range(0, SmallRows).Select(i => (double?)i + 0.5).ToArray())),
        partitions);

    public static TheoryData<string, bool, string> Cases()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (string scheduler in new[] { "sync", "threads", ProcessClusterFixture.SchedulerName })
        {
            foreach (string how in new[] { "inner", "left", "right", "outer" })
            {
                data.Add(how, true, scheduler);
                data.Add(how, false, scheduler);
            }
        }

        return data;
    }

    private static DaskDataFrame Merge(string how, bool skewedLeft, bool skew) =>
        skewedLeft ? Skewed().Merge(Even(), how: how, on: ["k"], skew: skew) : Even().Merge(Skewed(), how: how, on: ["k"], skew: skew);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ASkewedMerge_GivesThePlainJoinsRows(string how, bool skewedLeft, string scheduler)
    {
        Assert.NotNull(cluster.Client);
        DaskDataFrame merged = Merge(how, skewedLeft, skew: true);
        Assert.IsType<SkewJoin>(merged.Plan);
        string expected = MergeShuffleCases.Sorted(Merge(how, skewedLeft, skew: false).Compute("sync"));
        Assert.Equal(expected, MergeShuffleCases.Sorted(merged.Compute(scheduler)));
    }

    [Theory]
    [InlineData("inner", true)]
    [InlineData("outer", true)]
    [InlineData("left", false)]
    [InlineData("right", false)]
    public void NoJoinTask_ReceivesMoreThanAPartitionsBudget_WhileThePlainJoinFunnelsTheKey(string how, bool skewedLeft)
    {
        const int Budget = (BigRows / Partitions) + (SmallRows / Partitions) + 1;
        int[] skewed = JoinTaskInputs(Merge(how, skewedLeft, skew: true));
        Assert.Equal(Partitions + Partitions, skewed.Length); // the light keys' 4 tasks, then one a partition of the skewed side
        Assert.All(skewed, rows => Assert.InRange(rows, 0, Budget));
        Assert.Equal(BigRows + SmallRows + ((Partitions - 1) * 6), skewed.Sum()); // every row once, but the even side's 6 rows of key 0 go to each of the 4 spread tasks

        int[] plain = JoinTaskInputs(Merge(how, skewedLeft, skew: false));
        Assert.Equal(Partitions, plain.Length);
        Assert.InRange(plain.Max(), (BigRows * 3 / 5) + 6, BigRows + SmallRows); // key 0's 2400 + 6 rows in one task
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("threads")]
    [InlineData(ProcessClusterFixture.SchedulerName)]
    public void ASkewedSideWithFewerPartitionsThanTheMerge_IsCutInRuns_SoNoTaskExceedsTheBudget(string scheduler)
    {
        Assert.NotNull(cluster.Client);
        DaskDataFrame merged = Skewed(2).Merge(Even(4), how: "outer", on: ["k"]);
        var join = Assert.IsType<SkewJoin>(merged.Plan);
        Assert.Equal(2, join.Chunks(join.Left)); // 4 partitions of the merge over 2 of the skewed side
        int[] inputs = JoinTaskInputs(merged);
        Assert.Equal(4 + (2 * 2), inputs.Length);
        Assert.All(inputs, rows => Assert.InRange(rows, 0, (BigRows / Partitions) + (SmallRows / Partitions) + 1));
        Assert.Equal(
            MergeShuffleCases.Sorted(Skewed(2).Merge(Even(4), how: "outer", on: ["k"], skew: false).Compute("sync")),
            MergeShuffleCases.Sorted(merged.Compute(scheduler)));
    }

    [Fact]
    public void Explain_SaysWhichKeyIsSkewed_AndHowItIsJoined()
    {
        string plan = Skewed().Merge(Even(), how: "inner", on: ["k"]).Explain();
        Assert.EndsWith(
            "Decisions:\n"
            + "  merge: hash shuffle both sides on [k] into 4 partitions, except skewed keys, joined where they lie with the other side's rows of them broadcast: (0) on the left (about 2384 rows, budget 1000)\n",
            plan,
            StringComparison.Ordinal);
        Assert.Contains("SkewJoin: how=inner on=[k] light keys hashed into 4, skewed keys where they lie: left {(0)} right {} [k, a, b]", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void ASkewedMergeUnderAProjection_ReadsOnlyTheColumnsItNeeds()
    {
        DaskDataFrame merged = Skewed().Merge(Even(), how: "outer", on: ["k"])[["b"]];
        string plan = merged.Explain();
        string after = plan[plan.IndexOf("After optimisation:", StringComparison.Ordinal)..];
        Assert.StartsWith("After optimisation:\nSkewJoin: how=outer on=[k] light keys hashed into 4, skewed keys where they lie: left {(0)} right {} [b]\n", after, StringComparison.Ordinal);
        Assert.DoesNotContain("[k, a, b]", after, StringComparison.Ordinal);
        Assert.Contains("ShuffleJoin: how=outer on=[k] partitionwise, hashed into 4 [b]", after, StringComparison.Ordinal);
        Assert.Equal(
            MergeShuffleCases.Sorted(Skewed().Merge(Even(), how: "outer", on: ["k"], skew: false)[["b"]].Compute("sync")),
            MergeShuffleCases.Sorted(merged.Compute("sync")));
    }

    [Fact]
    public void AGroupByAfterASkewedMerge_StillCombinesAcrossPartitions()
    {
        // The skewed key is in several partitions, so the result is not hash-partitioned and the group-by reduces as a tree.
        DaskDataFrame grouped = Skewed().Merge(Even(), how: "left", on: ["k"]).GroupBy("k").Agg(("a", "sum"), ("b", "count"));
        Assert.IsType<Reduce>(grouped.Plan);
        Assert.Null(Skewed().Merge(Even(), on: ["k"]).Plan.HashedOn);
        Assert.Equal(
            FrameCases.Canonical(Skewed().Merge(Even(), how: "left", on: ["k"], skew: false).GroupBy(["k"], dropna: true, sort: true).Agg(("a", "sum"), ("b", "count")).Compute("sync")),
            FrameCases.Canonical(grouped.Compute("threads")));
    }

    [Fact]
    public void EvenKeys_AreNotSkewed_AndSkewFalseSkipsTheSample()
    {
        Assert.IsType<ShuffleJoin>(MergeShuffleCases.Left().Merge(MergeShuffleCases.Right(), on: ["k"]).Plan);
        Assert.IsType<ShuffleJoin>(Skewed().Merge(Even(), on: ["k"], skew: false).Plan);
    }

    [Fact]
    public void TheKeyLookupStep_RoundTripsThroughTheCodec()
    {
        var join = (SkewJoin)Skewed().Merge(Even(), how: "outer", on: ["k"]).Plan;
        KeySetStep step = join.Rows(isLeft: false, join.Skew.SpreadLeft);
        var back = (PartitionProgram)ValueSerializer.Deserialize(ValueSerializer.Serialize(new PartitionProgram([step, new KeySampleStep(["k"], 16)])))!;
        Assert.Equal("KeyFilter: [k] in {(0)}", back.Steps[0].ToString());
        Assert.Equal("KeySample: [k] at 16 rows", back.Steps[1].ToString());
        LocalFrame even = Even().Compute("sync");
        Assert.Equal(6, back.Steps[0].Apply(even.Data).Length);
    }

    [Fact]
    public void KeysOfIncompatibleTypes_AreRefusedAtMerge_NamingBothColumns_WhateverTheStrategy()
    {
        var e = Assert.Throws<ArgumentException>(() => MergeShuffleCases.Left().Merge(MergeShuffleCases.Right(), leftOn: ["s"], rightOn: ["kf"]));
        Assert.Equal("Cannot merge on left column 's' (string) and right column 'kf' (float64): the key types are incompatible; cast one side first.", e.Message);
        var i = Assert.Throws<ArgumentException>(() => Skewed().Merge(MergeShuffleCases.Right(), leftOn: ["k"], rightOn: ["s"], how: "outer"));
        Assert.Equal("Cannot merge on left column 'k' (int64) and right column 's' (string): the key types are incompatible; cast one side first.", i.Message);
    }

    // The rows each join task of the merge's graph reads (its inputs' lengths added up), in task order.
    private static int[] JoinTaskInputs(DaskDataFrame merged)
    {
        FrameExpr plan = Optimizer.Optimize(merged.Plan);
        TaskGraph graph = Lowering.Lower(plan);
        FrameExpr light = plan is SkewJoin k ? k.Light : plan;
        int lightCount = light.NPartitions;
        var joins = new List<Key>();
        joins.AddRange(Enumerable.Range(0, lightCount).Select(i => new Key(light.Name, i)));
        if (plan is SkewJoin)
        {
            joins.AddRange(Enumerable.Range(lightCount, plan.NPartitions - lightCount).Select(i => new Key(plan.Name, i)));
        }

        return [.. joins.Select(j =>
        {
            Key[] inputs = [.. graph[j].Dependencies];
            return Dask.Get(graph, inputs, "sync").Sum(p => ((Partition)p!).Length);
        })];
    }
}
