using Apache.Arrow;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Shuffle(on, npartitions): every row once, equal keys together, each output partition its rows in input order; and how it is planned.</summary>
public sealed class ShuffleTests
{
    /// <summary>The reference: output partition j holds, in input order, the ids of the rows whose keys hash to j.</summary>
    internal static long[][] Reference(RecordBatch table, string[] on, int npartitions)
    {
        int[] piece = KeyHash.Pieces([.. on.Select(c => table.Column(table.Schema.GetFieldIndex(c)))], table.Length, npartitions);
        var ids = (Int64Array)table.Column(table.Schema.GetFieldIndex("id"));
        return [.. Enumerable.Range(0, npartitions).Select(j => Enumerable.Range(0, table.Length).Where(r => piece[r] == j).Select(r => ids.GetValue(r)!.Value).ToArray())];
    }

    internal static long[][] Ids(DaskDataFrame frame, string scheduler) =>
        [.. SortTests.Parts(frame, scheduler).Select(p => p.Values("id").Select(v => (long)v!).ToArray())];

    [Theory]
    [InlineData(new[] { "k" }, 3)]
    [InlineData(new[] { "s" }, 4)]
    [InlineData(new[] { "s", "k" }, 5)]
    [InlineData(new[] { "x" }, 2)]
    [InlineData(new[] { "k" }, 1)]
    public void Shuffle_SendsEachRowWhereItsKeyHashes_InInputOrder(string[] on, int npartitions)
    {
        DaskDataFrame shuffled = SortCases.Frame(4).Shuffle(on, npartitions);
        Assert.Equal(npartitions, shuffled.NPartitions);
        Assert.False(shuffled.KnownDivisions);
        Assert.Equal(Reference(SortCases.Table(), on, npartitions), Ids(shuffled, "sync"));
    }

    [Fact]
    public void Shuffle_KeepsEveryRowOnce_AndNoKeyIsInTwoPartitions()
    {
        LocalFrame[] parts = SortTests.Parts(SortCases.Frame(4).Shuffle("s", 3), "sync");
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (long)i), parts.SelectMany(p => p.Values("id")).Select(v => (long)v!).Order());
        var keys = parts.Select(p => p.Values("s").Distinct().ToHashSet()).ToArray();
        for (int a = 0; a < keys.Length; a++)
        {
            for (int b = a + 1; b < keys.Length; b++)
            {
                Assert.Empty(keys[a].Intersect(keys[b]));
            }
        }
    }

    [Fact]
    public void Shuffle_KeepsTheIndex_AndTheDefaultCountIsTheFrames()
    {
        DaskDataFrame indexed = SortCases.Frame(3).SetIndex("id", scheduler: "sync");
        DaskDataFrame shuffled = indexed.Shuffle("k");
        Assert.Equal(3, shuffled.NPartitions);
        Assert.Equal("id", shuffled.Plan.Schema.Index);
        LocalFrame all = shuffled.Compute("sync");
        Assert.Equal("id", all.Index);
        Assert.Equal(SortCases.Pandas["setindex-id"], FrameCases.Canonical(indexed.SortValues("id", scheduler: "sync").Compute("sync")));
    }

    [Fact]
    public void Explain_ShowsTheShuffle_AndOnlyTheColumnsReadAboveItMove()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame shuffled = df.Shuffle("name", npartitions: 3);
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [x]\n"
            + "  Shuffle: hash [name] into 3 partitions from 8 (tasks)\n"
            + "    Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7 [id, name, x, y]\n"
            + "After optimisation:\n"
            + "Fused: Projection: [x]\n"
            + "  Shuffle: hash [name] into 3 partitions from 8 (tasks)\n"
            + "    Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7 [name, x]\n",
            shuffled[["x"]].Explain());
    }

    [Fact]
    public void TheTaskShuffle_SplitsEachInputOnce_AndGathersEachOutputOnce()
    {
        // 8 inputs into 3 outputs: 8 splits (fused into the reads), 24 pieces, 3 gathers; nothing else.
        DaskDataFrame shuffled = FrameCases.Hourly().Shuffle("name", npartitions: 3);
        var graph = DaskSharp.DataFrames.Plan.Lowering.Lower(DaskSharp.DataFrames.Plan.Optimizer.Optimize(shuffled.Plan));
        var prefixes = graph.Keys.GroupBy(k => k.Name.Split('-')[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["split"] = 8, ["piece"] = 24, ["shuffle"] = 3 }, prefixes);
    }
}
