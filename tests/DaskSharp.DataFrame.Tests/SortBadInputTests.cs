using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Refusals of Shuffle, SortValues and SetIndex name the column and the problem; their steps travel through codecs; their plans print as they are.</summary>
public sealed class SortBadInputTests
{
    // id, and l: a list column (a type no sort or index takes), b: bool.
    private static DaskDataFrame WithList()
    {
        var list = ArrayBuild.List(ArrayBuild.Primitive(DoubleType.Default, new[] { 1.0, 2.0, 3.0 }, 3, null, 0), [0, 1, 3], null, 0);
        var schema = new Schema([new Field("id", Int64Type.Default, false), new Field("l", list.Data.DataType, true), new Field("b", BooleanType.Default, false)], null);
        var batch = new RecordBatch(schema, [new Int64Array.Builder().AppendRange([1, 2]).Build(), list, new BooleanArray.Builder().AppendRange([true, false]).Build()], 2);
        return Dd.FromArrow(batch, 1);
    }

    [Fact]
    public void AMissingColumn_IsRefused_NamingItAndTheNearestOnes()
    {
        DaskDataFrame df = SortCases.Frame();
        Assert.Contains("'kk' not found", Assert.Throws<KeyNotFoundException>(() => df.SortValues("kk")).Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'k'", Assert.Throws<KeyNotFoundException>(() => df.SetIndex("kk")).Message, StringComparison.Ordinal);
        Assert.Contains("'ss' not found", Assert.Throws<KeyNotFoundException>(() => df.Shuffle("ss")).Message, StringComparison.Ordinal);
        Assert.Contains("'z' not found", Assert.Throws<KeyNotFoundException>(() => df.SortValues(["k", "z"], [true, false])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AColumnThatCannotBeSorted_IsRefused_NamingItAndItsType()
    {
        DaskDataFrame df = WithList();
        ArgumentException sort = Assert.Throws<ArgumentException>(() => df.SortValues(["id", "l"]));
        Assert.Contains("column 'l' is list", sort.Message, StringComparison.Ordinal);
        Assert.Contains("column 'l' is list", Assert.Throws<ArgumentException>(() => df.SetIndex("l")).Message, StringComparison.Ordinal);
        Assert.Contains("column 'b' is bool", Assert.Throws<ArgumentException>(() => df.SetIndex("b")).Message, StringComparison.Ordinal);
        Assert.Contains("column 'l' (list)", Assert.Throws<ArgumentException>(() => df.Shuffle("l")).Message, StringComparison.Ordinal);
        Assert.Equal([2L, 1L], df.SortValues("b").Compute("sync").Values("id")); // bools sort (False first)
    }

    [Fact]
    public void TheIndexItself_IsRefusedBySetIndex_ButSortable()
    {
        DaskDataFrame indexed = SortCases.Frame().SetIndex("id", scheduler: "sync");
        Assert.Contains("'id' is already the index", Assert.Throws<ArgumentException>(() => indexed.SetIndex("id")).Message, StringComparison.Ordinal);
        Assert.Equal(SortCases.Pandas["setindex-id"], FrameCases.Canonical(indexed.SortValues("id", scheduler: "sync").Compute("sync")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void ImpossibleNPartitions_AreRefused_NamingTheOperation(int npartitions)
    {
        DaskDataFrame df = SortCases.Frame();
        Assert.Contains("Shuffle needs npartitions >= 1", Assert.Throws<ArgumentOutOfRangeException>(() => df.Shuffle("k", npartitions)).Message, StringComparison.Ordinal);
        Assert.Contains("SetIndex needs npartitions >= 1", Assert.Throws<ArgumentOutOfRangeException>(() => df.SetIndex("k", npartitions)).Message, StringComparison.Ordinal);
        Assert.Contains("SortValues needs npartitions >= 1", Assert.Throws<ArgumentOutOfRangeException>(() => df.SortValues("k", npartitions: npartitions)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectionsThatDoNotMatchTheColumns_AreRefused()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => SortCases.Frame().SortValues(["k", "s"], [true]));
        Assert.Contains("1 directions for 2 columns (k, s)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SortCases.Frame().SortValues([]));
        Assert.Throws<ArgumentException>(() => SortCases.Frame().Shuffle([]));
    }

    [Fact]
    public void SetIndex_OnAColumnWithNoValue_GivesOnePartitionOfUnknownBounds()
    {
        var batch = MergeCases.Build(null, ("id", new long?[] { 1, 2, 3 }), ("k", new long?[] { null, null, null }));
        DaskDataFrame indexed = Dd.FromArrow(batch, 2).SetIndex("k", scheduler: "sync");
        Assert.Equal(1, indexed.NPartitions);
        Assert.False(indexed.KnownDivisions);
        Assert.Equal("k,id\nnull,1\nnull,2\nnull,3\n", FrameCases.Canonical(indexed.Compute("sync")));
    }

    [Fact]
    public void EveryShuffleAndSortStep_RoundTripsThroughItsCodec()
    {
        var program = new PartitionProgram(
        [
            new ShuffleSplitStep(new HashPartitioning(["s", "k"], 7)),
            new ShuffleSplitStep(new RangePartitioning("k", [3L, 9L], false)),
            new ShuffleSplitStep(new RangePartitioning("x", [0.5, 2.25], true)),
            new ShuffleSplitStep(new RangePartitioning("s", ["b", "d"], true)),
            new SortStep(["k", "s"], [false, true]),
            new SetIndexStep("k"),
            new ResetIndexStep(false, 12),
            new DivisionSampleStep("x", 80),
        ]);
        var back = (PartitionProgram)ValueSerializer.Deserialize(ValueSerializer.Serialize(program))!;
        Assert.Equal(program.ToString(), back.ToString());
        Assert.Equal(
            "ShuffleSplit: hash [s, k] into 7 -> ShuffleSplit: ranges of k descending at [3, 9] into 3 -> ShuffleSplit: ranges of x at [0.5, 2.25] into 3"
            + " -> ShuffleSplit: ranges of s at ['b', 'd'] into 3 -> SortValues: by [k desc, s] nulls last -> SetIndex: k sorted -> ResetIndex: drop=False from 12 -> DivisionSample: x at 80 ranks",
            back.ToString());
    }

    [Fact]
    public void Explain_ShowsTheRangeShuffle_OrNoneWhenThePartitionsAreInOrder()
    {
        DaskDataFrame df = SortCases.Frame();
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [s]\n"
            + "  SetIndex: id sorted, divisions [0, 6, 12, 18, 23]\n"
            + "    FromArrow: 4 partitions, 24 rows [id, k, x, s]\n"
            + "After optimisation:\n"
            + "Fused: Projection: [s]\n"
            + "  SetIndex: id sorted, divisions [0, 6, 12, 18, 23]\n"
            + "    FromArrow: 4 partitions, 24 rows [id, k, x, s]\n"
            + "Decisions:\n"
            + "  set_index: shuffle skipped, partitions already in order of [id]\n",
            df.SetIndex("id", scheduler: "sync")[["s"]].Explain());
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [id]\n"
            + "  SortValues: by [s desc, k] nulls last\n"
            + "    Shuffle: ranges of s descending at ['b', 'd'] into 3 partitions from 4 (tasks)\n"
            + "      FromArrow: 4 partitions, 24 rows [id, k, x, s]\n"
            + "After optimisation:\n"
            + "Fused: Projection: [id]\n"
            + "  SortValues: by [s desc, k] nulls last\n"
            + "    Shuffle: ranges of s descending at ['b', 'd'] into 3 partitions from 4 (tasks)\n"
            + "      FromArrow: 4 partitions, 24 rows [id, k, x, s]\n"
            + "Decisions:\n"
            + "  sort_values: range shuffle on [s] into 3 partitions\n",
            df.SortValues(["s", "k"], [false, true], scheduler: "sync")[["id"]].Explain());
    }
}
