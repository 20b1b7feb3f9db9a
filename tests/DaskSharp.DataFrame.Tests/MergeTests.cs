using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Merge against pandas' own answers, its key-type rules, its plans and its refusals.</summary>
public sealed class MergeTests
{
    public static TheoryData<string> PandasCases => [.. MergeCases.Pandas.Keys];

    private static DaskDataFrame Case(string name)
    {
        string how = name[(name.LastIndexOf('-') + 1)..];
        return name[..name.LastIndexOf('-')] switch
        {
            "on-k" => MergeCases.Left().Merge(MergeCases.Right(), how: how, on: ["k"]),
            "on-k-s" => MergeCases.Left().Merge(MergeCases.Right(), how: how, on: ["k", "s"]),
            "lefton-righton" => MergeCases.Left().Merge(MergeCases.Right(), how: how, leftOn: ["a"], rightOn: ["k"]),
            "index" => MergeCases.Left(indexed: true).Merge(MergeCases.Right(indexed: true), how: how, leftIndex: true, rightIndex: true, suffixes: ("_l", "_r")),
            var other => throw new ArgumentException(other),
        };
    }

    [Theory]
    [MemberData(nameof(PandasCases))]
    public void OnePartitionEach_IsPandasMerge_RowsColumnsAndOrder(string name) =>
        Assert.Equal(MergeCases.Pandas[name], FrameCases.Canonical(Case(name).Compute("sync")));

    [Fact]
    public void TheResultSchema_IsKnownBeforeCompute_AndMatchesTheComputedOne()
    {
        DaskDataFrame outer = MergeCases.Left().Merge(MergeCases.Right(), how: "outer", on: ["k"]);
        Assert.Equal([("k", "int64"), ("a", "int64"), ("s_x", "string"), ("b", "float64"), ("s_y", "string")], outer.Dtypes);
        LocalFrame r = outer.Compute("sync");
        Assert.Equal(outer.Columns, r.Columns);
        Assert.Null(r.Index);
        DaskDataFrame indexed = MergeCases.Left(indexed: true).Merge(MergeCases.Right(indexed: true), leftIndex: true, rightIndex: true);
        Assert.Equal(["k_x", "a", "s_x", "k_y", "b", "s_y"], indexed.Columns);
        Assert.Equal("t", indexed.Compute("sync").Index);
    }

    [Fact]
    public void Int32AndInt64Keys_Match_AndTheKeyTypeIsPandas()
    {
        // pandas: l = DataFrame({"a": [1, 2], "k": int32 [1, 2]}); r = DataFrame({"k": int64 [2, 3], "b": [5, 6]});
        // inner/left keep the left's int32 key, right the right's int64, outer the common int64.
        var l = Dd.FromArrow(MergeCases.Build(null, ("a", new long?[] { 1, 2 }), ("k", new int?[] { 1, 2 })), 1);
        var r = Dd.FromArrow(MergeCases.Build(null, ("k", new long?[] { 2, 3 }), ("b", new long?[] { 5, 6 })), 1);
        Assert.Contains(("k", "int32"), l.Merge(r, on: ["k"]).Dtypes);
        Assert.Contains(("k", "int64"), l.Merge(r, how: "right", on: ["k"]).Dtypes);
        DaskDataFrame outer = l.Merge(r, how: "outer", on: ["k"]);
        Assert.Contains(("k", "int64"), outer.Dtypes);
        Assert.Equal("a,k,b\n1,1,null\n2,2,5\nnull,3,6\n", FrameCases.Canonical(outer.Compute("sync")));
        Assert.Equal("a,k,b\n2,2,5\n", FrameCases.Canonical(l.Merge(r, on: ["k"]).Compute("sync")));
    }

    [Fact]
    public void IntAndFloatKeys_Match_AsPandas_WithNaNMatchingNullAndMinusZeroMatchingZero()
    {
        // pandas: l.merge(DataFrame({"k": [2.0, 3.5], "b": [5, 6]}), on="k", how="outer") gives k float64 1.0, 2.0, 3.5.
        var l = Dd.FromArrow(MergeCases.Build(null, ("a", new long?[] { 1, 2 }), ("k", new int?[] { 1, 2 })), 1);
        var r = Dd.FromArrow(MergeCases.Build(null, ("k", new double?[] { 2.0, 3.5 }), ("b", new long?[] { 5, 6 })), 1);
        DaskDataFrame outer = l.Merge(r, how: "outer", on: ["k"]);
        Assert.Contains(("k", "float64"), outer.Dtypes);
        Assert.Equal("a,k,b\n1,1,null\n2,2,5\nnull,3.5,6\n", FrameCases.Canonical(outer.Compute("sync")));

        // pandas: DataFrame({"k": [0.0, nan, -0.0]}).merge(DataFrame({"k": [-0.0, nan], "z": [1, 2]}), on="k") -> (0.0, 1), (-0.0, 1), (nan, 2)
        var zeros = Dd.FromArrow(MergeCases.Build(null, ("k", new double?[] { 0.0, double.NaN, -0.0 })), 1);
        var other = Dd.FromArrow(MergeCases.Build(null, ("k", new double?[] { -0.0, null }), ("z", new long?[] { 1, 2 })), 1);
        Assert.Equal("k,z\n0,1\n-0,1\nNaN,2\n", FrameCases.Canonical(zeros.Merge(other, on: ["k"]).Compute("sync")));
    }

    [Fact]
    public void DictionaryAndPlainStringKeys_Match()
    {
        DaskDataFrame ts = FrameCases.Hourly(); // name is dictionary-encoded
        var names = Dd.FromArrow(MergeCases.Build(null, ("name", new string?[] { "Alice", "Bob", "Nobody" }), ("n", new long?[] { 1, 2, 3 })), 1);
        LocalFrame all = ts.Compute("sync");
        LocalFrame r = ts.Merge(names, on: ["name"]).Compute("sync");
        int expected = all.Values("name").Count(n => (string)n! is "Alice" or "Bob");
        Assert.InRange(expected, 1, all.Length - 1);
        Assert.Equal(expected, r.Length);
        Assert.Equal(["id", "name", "x", "y", "n"], r.Columns);
        Assert.All(r.Values("name").Zip(r.Values("n")), p => Assert.Equal((string)p.First! == "Alice" ? 1L : 2L, p.Second));
    }

    [Fact]
    public void Explain_ShowsTheStrategy()
    {
        string plan = MergeCases.Left(3).Merge(MergeCases.Right(), how: "outer", on: ["k"]).Explain();
        Assert.Contains("BroadcastJoin: how=outer on=[k] broadcast=right (1 to 3 partitions) +unmatched [k, a, s_x, b, s_y]", plan, StringComparison.Ordinal);
        Assert.Equal(4, MergeCases.Left(3).Merge(MergeCases.Right(), how: "outer", on: ["k"]).NPartitions);
        Assert.Equal(3, MergeCases.Left(3).Merge(MergeCases.Right(), how: "left", on: ["k"]).NPartitions);
    }

    [Fact]
    public void ABigSideWithManyPartitions_BroadcastsASideOfTwo_AsDasksRule()
    {
        // log2(20) / 2 = 2.16: a side of 2 partitions is broadcast to one of 20; a side of 3 is not.
        DaskDataFrame big = Dd.Datasets.Timeseries("2000-01-01", "2000-01-21", freq: "1h", seed: 1);
        var two = Dd.FromArrow(MergeCases.Build(null, ("name", new string?[] { "Alice", "Bob" }), ("n", new long?[] { 1, 2 })), 2);
        var three = Dd.FromArrow(MergeCases.Build(null, ("name", new string?[] { "Alice", "Bob", "Zoe" }), ("n", new long?[] { 1, 2, 3 })), 3);
        DaskDataFrame joined = big.Merge(two, on: ["name"]);
        Assert.Equal(20, joined.NPartitions);
        LocalFrame all = big.Compute("sync");
        int matching = all.Values("name").Count(n => (string)n! is "Alice" or "Bob");
        Assert.InRange(matching, 1, all.Length - 1);
        Assert.Equal(matching, joined.Compute("sync").Length);
        DaskDataFrame shuffled = big.Merge(three, on: ["name"]); // a side of 3 is not small: both are hash-shuffled into 20
        Assert.IsType<DataFrames.Plan.Operators.ShuffleJoin>(shuffled.Plan);
        Assert.Equal(20, shuffled.NPartitions);
        Assert.Equal(all.Values("name").Count(n => (string)n! is "Alice" or "Bob" or "Zoe"), shuffled.Compute("sync").Length);
        Assert.Equal(20, big.Merge(three, on: ["name"], broadcast: true).NPartitions);
    }

    [Fact]
    public void AnIndexJoin_OfTheBigSideKeepsItsDivisions()
    {
        DaskDataFrame big = FrameCases.Hourly();
        var stamps = Dd.FromArrow([big.Head(3, scheduler: "sync").ToArrow()], index: "timestamp");
        DaskDataFrame joined = big.Merge(stamps[["x"]], how: "left", leftIndex: true, rightIndex: true);
        Assert.Equal(big.Divisions, joined.Divisions);
        LocalFrame r = joined.Compute("sync");
        Assert.Equal(48, r.Length);
        Assert.Equal(big.Compute("sync").Values("x")[..3], r.Values("x_y")[..3]);
        Assert.All(r.Values("x_y")[3..], Assert.Null);
    }

    [Fact]
    public void TheJoinSpec_RoundTripsThroughTheCodec()
    {
        JoinSpec spec = ((DataFrames.Plan.Operators.BroadcastJoin)MergeCases.Left(indexed: true).Merge(MergeCases.Right(indexed: true), how: "right", leftIndex: true, rightIndex: true).Plan).Spec;
        var back = (JoinSpec)ValueSerializer.Deserialize(ValueSerializer.Serialize(spec))!;
        Assert.Equal(spec.ToString(), back.ToString());
        Assert.Equal(spec.Columns, back.Columns);
        Assert.Equal(spec.Index, back.Index);
        Assert.Equal(spec.How, back.How);
        Assert.Equal(JoinHow.Right, back.How);
    }

    [Fact]
    public void AMissingKey_IsNamed_WithTheNearestColumns()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => MergeCases.Left().Merge(MergeCases.Right(), leftOn: ["kk"], rightOn: ["k"]));
        Assert.Equal("Column 'kk' not found; the columns are 'k', 'a', 's'. Did you mean 'k' or 'a' or 's'?", e.Message);
        var r = Assert.Throws<KeyNotFoundException>(() => MergeCases.Left().Merge(MergeCases.Right(), on: ["bb"]));
        Assert.Contains("Column 'bb' not found", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncompatibleKeyTypes_AreRefusedAtMerge_NamingBothColumnsAndTypes()
    {
        var e = Assert.Throws<ArgumentException>(() => MergeCases.Left().Merge(MergeCases.Right(), leftOn: ["s"], rightOn: ["k"]));
        Assert.Equal("Cannot merge on left column 's' (string) and right column 'k' (int64): the key types are incompatible; cast one side first.", e.Message);
    }

    [Fact]
    public void BadArguments_AreRefused_SayingWhatIsWrong()
    {
        DaskDataFrame l = MergeCases.Left(), r = MergeCases.Right();
        Assert.StartsWith("Unknown merge how='cross'", Assert.Throws<ArgumentException>(() => l.Merge(r, how: "cross", on: ["k"])).Message, StringComparison.Ordinal);
        Assert.StartsWith("'leftOn' or 'leftIndex' needs 'rightOn'", Assert.Throws<ArgumentException>(() => l.Merge(r, leftOn: ["k"])).Message, StringComparison.Ordinal);
        Assert.StartsWith("Merge takes either 'on' or", Assert.Throws<ArgumentException>(() => l.Merge(r, on: ["k"], leftOn: ["k"])).Message, StringComparison.Ordinal);
        Assert.StartsWith("The left has 2 key columns and the right 1", Assert.Throws<ArgumentException>(() => l.Merge(r, leftOn: ["k", "a"], rightOn: ["k"])).Message, StringComparison.Ordinal);
        Assert.StartsWith("leftIndex: true needs an index column", Assert.Throws<ArgumentException>(() => l.Merge(r, leftIndex: true, rightIndex: true)).Message, StringComparison.Ordinal);
        Assert.StartsWith("The merge would make two columns named 's'", Assert.Throws<ArgumentException>(() => l.Merge(r, on: ["k"], suffixes: ("", ""))).Message, StringComparison.Ordinal);
        Assert.StartsWith("'timestamp' is the left frame's index", Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Merge(FrameCases.Hourly().Head(2, scheduler: "sync") is var h ? Dd.FromArrow([h.ToArrow()], index: "timestamp") : null!, on: ["timestamp"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoKeysGiven_JoinsOnTheCommonColumns_AsPandas()
    {
        // pandas: L.merge(R) joins on k and s, the columns both have.
        Assert.Equal(MergeCases.Pandas["on-k-s-inner"], FrameCases.Canonical(MergeCases.Left().Merge(MergeCases.Right()).Compute("sync")));
    }

    [Fact]
    public void AnIndexMergeOfDifferentDivisions_RepartitionsBothToTheirUnion_AndReadsOnlyTheColumnsNeeded()
    {
        const string Day = "Timeseries: 2000-01-01 00:00:00 to 2000-01-01 23:00:00 freq=01:00:00 partition_freq=12:00:00 seed=5";
        const string Hourly = "Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7";
        DaskDataFrame merged = MergeAlignedCases.Merges["aligned-repartitioned-outer-projected"]();
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [x_x, y_y]\n"
            + "  AlignedJoin: how=outer on=[timestamp] partitionwise on known divisions (9 partitions) [id_x, name_x, x_x, y_x, id_y, name_y, x_y, y_y]\n"
            + "    RepartitionDivisions: 2 to 9 partitions\n"
            + $"      {Day} [id, name, x, y]\n"
            + "    RepartitionDivisions: 8 to 9 partitions\n"
            + $"      {Hourly} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "AlignedJoin: how=outer on=[timestamp] partitionwise on known divisions (9 partitions) [x_x, y_y]\n"
            + "  RepartitionDivisions: 2 to 9 partitions\n"
            + $"    {Day} [x]\n"
            + "  RepartitionDivisions: 8 to 9 partitions\n"
            + $"    {Hourly} [y]\n"
            + "Decisions:\n"
            + "  merge: aligned on known divisions, 9 partitions, no shuffle\n",
            merged.Explain());
        Assert.Equal(new DateTime(2000, 1, 1, 23, 0, 0, DateTimeKind.Utc), merged.Divisions![4]); // the union holds the first day's last timestamp
        Assert.Equal(MergeAlignedCases.Expected("aligned-repartitioned-outer-projected"), FrameCases.Canonical(merged.Compute("sync")));
    }

    [Fact]
    public void ABroadcastJoinUnderAProjection_KeepsOnlyTheColumnsAsked_WithTheirSuffixes()
    {
        DaskDataFrame merged = MergeCases.Left(3).Merge(MergeCases.Right(), how: "outer", on: ["k"])["b", "s_y"];
        Assert.EndsWith(
            "After optimisation:\n"
            + "BroadcastJoin: how=outer on=[k] broadcast=right (1 to 3 partitions) +unmatched [b, s_y]\n"
            + "  FromArrow: 3 partitions, 5 rows [k, a, s]\n"
            + "  FromArrow: 1 partitions, 5 rows [k, b, s]\n"
            + "Decisions:\n"
            + "  merge: broadcast the right (1 partition) to the left's 3, no shuffle\n",
            merged.Explain(), StringComparison.Ordinal);
        Assert.Equal("b,s_y\n1.5,a\n4.5,a\n0.5,b\n2.5,z\n1.5,a\n4.5,a\nnull,null\n3.5,null\n", FrameCases.Canonical(merged.Compute("sync")));
    }

    /// <summary>pandas 1.5's index joins (Index.join) of repeated and of sorted indexes with gaps: sorted by the key.</summary>
    private static readonly Dictionary<string, string> s_indexJoins = new()
    {
        ["index-repeated-inner"] = "t,a,b\n4,4,10\n4,4,30\n",
        ["index-repeated-left"] = "t,a,b\n1,2,null\n4,4,10\n4,4,30\n5,1,null\n5,3,null\n",
        ["index-repeated-right"] = "t,a,b\n0,null,20\n4,4,10\n4,4,30\n",
        ["index-repeated-outer"] = "t,a,b\n0,null,20\n1,2,null\n4,4,10\n4,4,30\n5,1,null\n5,3,null\n",
        ["index-sorted-gaps-outer"] = "t,a,b\n1,1,null\n2,null,10\n3,2,20\n3,2,30\n4,null,40\n5,3,null\n",
    };

    public static TheoryData<string> IndexJoinCases => [.. s_indexJoins.Keys];

    [Theory]
    [MemberData(nameof(IndexJoinCases))]
    public void IndexJoins_SortByTheKey_AsPandasIndexJoin_UnlessBothAreUnique(string name)
    {
        bool gaps = name.StartsWith("index-sorted-gaps", StringComparison.Ordinal);
        var l = Dd.FromArrow(gaps ? MergeCases.Build([1, 3, 5], ("a", new long?[] { 1, 2, 3 })) : MergeCases.Build([5, 1, 5, 4], ("a", new long?[] { 1, 2, 3, 4 })), 1, "t");
        var r = Dd.FromArrow(gaps ? MergeCases.Build([2, 3, 3, 4], ("b", new long?[] { 10, 20, 30, 40 })) : MergeCases.Build([4, 0, 4], ("b", new long?[] { 10, 20, 30 })), 1, "t");
        string how = name[(name.LastIndexOf('-') + 1)..];
        Assert.Equal(s_indexJoins[name], FrameCases.Canonical(l.Merge(r, how: how, leftIndex: true, rightIndex: true).Compute("sync")));
    }

    [Fact]
    public void ColumnsAgainstAnIndex_KeepTheColumnSidesIndex_AsPandas()
    {
        // pandas: l = DataFrame({"k": [2, 9, 1], "a": [1, 2, 3]}, index t = [7, 8, 9]); r = DataFrame({"b": [10, 20, 30]}, index t = [1, 2, 5])
        var l = Dd.FromArrow(MergeCases.Build([7, 8, 9], ("k", new long?[] { 2, 9, 1 }), ("a", new long?[] { 1, 2, 3 })), 1, "t");
        var r = Dd.FromArrow(MergeCases.Build([1, 2, 5], ("b", new long?[] { 10, 20, 30 })), 1, "t");
        Assert.Equal("t,k,a,b\n7,2,1,20\n9,1,3,10\n", FrameCases.Canonical(l.Merge(r, leftOn: ["k"], rightIndex: true).Compute("sync")));
        Assert.Equal("t,k,a,b\n7,2,1,20\n8,9,2,null\n9,1,3,10\n", FrameCases.Canonical(l.Merge(r, how: "left", leftOn: ["k"], rightIndex: true).Compute("sync")));
        Assert.Equal("t,b,k,a\n9,10,1,3\n7,20,2,1\n", FrameCases.Canonical(r.Merge(l, leftIndex: true, rightOn: ["k"]).Compute("sync")));
        Assert.Equal("t,b,k,a\n7,20,2,1\n8,null,9,2\n9,10,1,3\n", FrameCases.Canonical(r.Merge(l, how: "right", leftIndex: true, rightOn: ["k"]).Compute("sync")));
    }
}
