using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrame.Tests;

/// <summary>SortValues, SetIndex (then Loc) and ResetIndex against pandas' own answers (<see cref="SortCases"/>), and how their partitions come out.</summary>
public sealed class SortTests
{
    /// <summary>Each case: what it computes from <see cref="SortCases.Frame"/> in 4 partitions.</summary>
    internal static readonly Dictionary<string, Func<DaskDataFrame, string?, DaskDataFrame>> Cases = new()
    {
        ["sort-k"] = (df, s) => df.SortValues("k", scheduler: s),
        ["sort-k-desc"] = (df, s) => df.SortValues("k", ascending: false, scheduler: s),
        ["sort-x"] = (df, s) => df.SortValues("x", scheduler: s),
        ["sort-x-desc"] = (df, s) => df.SortValues("x", ascending: false, scheduler: s),
        ["sort-s-k"] = (df, s) => df.SortValues(["s", "k"], scheduler: s),
        ["sort-k-desc-x"] = (df, s) => df.SortValues(["k", "x"], [false, true], scheduler: s),
        ["sort-s-desc-x-desc"] = (df, s) => df.SortValues(["s", "x"], [false, false], scheduler: s),
        ["setindex-k"] = (df, s) => df.SetIndex("k", scheduler: s),
        ["setindex-x"] = (df, s) => df.SetIndex("x", scheduler: s),
        ["setindex-s"] = (df, s) => df.SetIndex("s", scheduler: s),
        ["setindex-id"] = (df, s) => df.SetIndex("id", scheduler: s),
        ["loc-k-1-3"] = (df, s) => df.SetIndex("k", scheduler: s).Loc[1L, 3L],
        ["loc-k-4"] = (df, s) => df.SetIndex("k", scheduler: s).Loc[4L],
        ["loc-s-b-d"] = (df, s) => df.SetIndex("s", scheduler: s).Loc["b", "d"],
        ["loc-x-0-2"] = (df, s) => df.SetIndex("x", scheduler: s).Loc[0.0, 2.0],
        ["reset-after-setindex-s"] = (df, s) => df.SetIndex("s", scheduler: s).ResetIndex(),
        ["reset-drop-after-setindex-k"] = (df, s) => df.SetIndex("k", scheduler: s).ResetIndex(drop: true),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void FourPartitions_GivePandasAnswer(string name) =>
        Assert.Equal(SortCases.Pandas[name], FrameCases.Canonical(Cases[name](SortCases.Frame(), "sync").Compute("sync")));

    [Theory]
    [MemberData(nameof(Names))]
    public void OnePartition_GivesPandasAnswer(string name) =>
        Assert.Equal(SortCases.Pandas[name], FrameCases.Canonical(Cases[name](SortCases.Frame(1), "sync").Compute("sync")));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void OtherOutputCounts_GiveTheSameRows(int npartitions)
    {
        DaskDataFrame df = SortCases.Frame(5);
        Assert.Equal(SortCases.Pandas["sort-k-desc-x"], FrameCases.Canonical(df.SortValues(["k", "x"], [false, true], npartitions: npartitions, scheduler: "sync").Compute("sync")));
        DaskDataFrame indexed = df.SetIndex("s", npartitions: npartitions, scheduler: "sync");
        Assert.True(indexed.NPartitions <= npartitions);
        Assert.Equal(SortCases.Pandas["setindex-s"], FrameCases.Canonical(indexed.Compute("sync")));
    }

    [Fact]
    public void SetIndex_KnowsItsDivisions_AndEachPartitionLiesWithinThem()
    {
        DaskDataFrame indexed = SortCases.Frame().SetIndex("id", scheduler: "sync");
        Assert.True(indexed.KnownDivisions);
        Assert.Equal(4, indexed.NPartitions);
        Assert.Equal("id", indexed.Plan.Schema.Index);

        // 24 distinct values, 4 partitions: the quantile cuts give 6 rows each.
        Assert.Equal(new object[] { 0L, 6L, 12L, 18L, 23L }, indexed.Divisions);
        long[][] parts = PartitionIds(indexed, "id");
        Assert.Equal([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17], [18, 19, 20, 21, 22, 23]], parts);
    }

    [Fact]
    public void SetIndex_OnRepeatedValues_DropsRepeatedDivisions_AndPutsNullsInTheLastPartition()
    {
        DaskDataFrame indexed = SortCases.Frame().SetIndex("k", scheduler: "sync");
        IReadOnlyList<object> divisions = indexed.Divisions!;
        Assert.Equal(divisions.Distinct().Count(), divisions.Count);
        Assert.Equal(0L, divisions[0]);
        Assert.Equal(5L, divisions[^1]);
        LocalFrame[] parts = Parts(indexed, "sync");
        Assert.Equal(4, parts[^1].Values("k").Count(v => v is null));
        Assert.All(parts[..^1], p => Assert.DoesNotContain(null, p.Values("k")));
    }

    [Fact]
    public void ResetIndex_OfARangeIndexWithKnownDivisions_IsPandasPositions_AndWithoutThemRestartsEachPartition()
    {
        // Dd.FromRecords knows its range index (divisions 0, 6, 12, 18, 23): the positions are pandas' reset_index().
        DaskDataFrame records = Dd.FromRecords(SortCases.Records(), npartitions: 4);
        DaskDataFrame reset = records.ResetIndex();
        Assert.False(reset.KnownDivisions);
        Assert.Equal(["index", "id", "k", "x", "s"], reset.Columns);
        Assert.Equal(SortCases.Pandas["reset-range"], FrameCases.Canonical(reset.Compute("sync")));

        // A frame whose range index is not known (FromArrow) numbers each partition from 0, as Dask after a reset.
        LocalFrame[] parts = Parts(SortCases.Frame(4).ResetIndex(), "sync");
        Assert.All(parts, p => Assert.Equal(Enumerable.Range(0, 6).Select(i => (object?)(long)i), p.Values("index")));
        Assert.Equal(["id", "k", "x", "s"], SortCases.Frame().ResetIndex(drop: true).Columns);
    }

    [Fact]
    public void ResetIndex_NamesARangeIndexLevel0_WhenIndexIsTaken_AsPandas()
    {
        DaskDataFrame df = SortCases.Frame(2).ResetIndex();
        Assert.Equal(["level_0", "index", "id", "k", "x", "s"], df.ResetIndex().Columns);
        var e = Assert.Throws<ArgumentException>(() => df.ResetIndex().ResetIndex());
        Assert.Contains("level_0", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The computed partitions, one by one.</summary>
    internal static LocalFrame[] Parts(DaskDataFrame frame, string scheduler) =>
        [.. ((FromPartitions)frame.Persist(scheduler).Plan).Partitions.Select(p => new LocalFrame(p))];

    private static long[][] PartitionIds(DaskDataFrame frame, string column) =>
        [.. Parts(frame, "sync").Select(p => p.Values(column).Select(v => (long)v!).ToArray())];
}
