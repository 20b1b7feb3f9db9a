using System.Collections.Concurrent;
using DaskSharp.Diagnostics;
using DaskSharp.DataFrames;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Head reads only the partitions it needs; var and std are pandas' (ddof = 1).</summary>
public sealed class HeadAndSpreadTests
{
    private sealed class TaskLog : Callback
    {
        public ConcurrentBag<Key> Ran { get; } = [];

        public override void PreTask(Key key, ComputeProgress progress) => Ran.Add(key);
    }

    [Fact]
    public void Head_GivesTheFirstRows_ComputingOnlyTheFirstPartition()
    {
        DaskDataFrame df = FrameCases.Hourly();
        string whole = FrameCases.Canonical(df.Compute("sync"));
        using var log = new TaskLog();
        LocalFrame head = df.Head(3, scheduler: "sync");
        Assert.Equal(string.Join('\n', whole.Split('\n').Take(4)) + "\n", FrameCases.Canonical(head));
        Assert.InRange(log.Ran.Count, 1, 2); // partition 0 and the head task (fused or not); the other 7 partitions never ran
    }

    [Fact]
    public void Head_ReturnsFewerRowsWhenTheFirstPartitionIsShort_AndMoreWithMorePartitions()
    {
        DaskDataFrame df = FrameCases.Hourly(); // 6 rows a partition
        Assert.Equal(6, df.Head(10).Length);
        Assert.Equal(10, df.Head(10, npartitions: 2).Length);
        Assert.Equal(48, df.Head(100, npartitions: -1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => df.Head(5, npartitions: 9));
    }

    [Fact]
    public void VarAndStd_AreTheSampleStatistics_SkippingNulls_AndNullForOneValue()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        double[] v = [1.5, 2.0, -4.0, 0.25, 8.0, 1.0, -1.0, 3.5];
        double mean = v.Average();
        double var = v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1);
        Assert.Equal(var, df["v"].Var().Compute<double>("sync"), 12);
        Assert.Equal(Math.Sqrt(var), df["v"].Std().Compute<double>("threads"), 12);

        LocalFrame byKey = df.GroupBy("k").Agg(("v", "var")).Compute("sync");
        object?[] vars = byKey.Values("v");
        Assert.Equal(2 * 2.75 * 2.75, (double)vars[0]!, 12);           // k=1: 1.5 and -4.0
        Assert.Null(vars[1]);                                          // k=2: one value
        Assert.Equal(((0.25 - (2.75 / 3)) * (0.25 - (2.75 / 3)) + (-1 - (2.75 / 3)) * (-1 - (2.75 / 3)) + (3.5 - (2.75 / 3)) * (3.5 - (2.75 / 3))) / 2, (double)vars[2]!, 12);
    }
}
