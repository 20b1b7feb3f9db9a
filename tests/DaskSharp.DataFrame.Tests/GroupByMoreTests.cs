using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// first/last/nunique, dropna, the series group-by and splitOut: values worked out by pandas 1.5.3
/// (Debian's) on <see cref="FrameCases.Table"/>, written here as literals.
/// </summary>
public sealed class GroupByMoreTests
{
    // k = [1, 2, null, 1, 3, 2, 1, null, 3, 3]; v = [1.5, null, 2.0, -4.0, 0.25, 8.0, null, 1.0, -1.0, 3.5];
    // s = ["a", "b", "a", null, "c", "b", "a", "c", null, "a"], in 3 partitions.
    [Fact]
    public void FirstLastNUnique_SkipNulls_AsPandas()
    {
        LocalFrame r = FrameCases.WithNulls().GroupBy("k").Agg(("f", "v", "first"), ("l", "v", "last"), ("n", "v", "nunique"), ("fs", "s", "first"), ("ls", "s", "last"), ("ns", "s", "nunique")).Compute("sync");
        Assert.Equal([1L, 2L, 3L], r.Values("k"));
        Assert.Equal([1.5, 8.0, 0.25], r.Values("f"));
        Assert.Equal([-4.0, 8.0, 3.5], r.Values("l"));
        Assert.Equal([2L, 1L, 3L], r.Values("n"));
        Assert.Equal(["a", "b", "c"], r.Values("fs"));
        Assert.Equal(["a", "b", "a"], r.Values("ls"));
        Assert.Equal([1L, 1L, 2L], r.Values("ns"));
    }

    [Fact]
    public void FirstLastNUnique_Alone_AggregateEveryOtherColumn()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        Assert.Equal([1.5, 8.0, 0.25], df.GroupBy("k").First().Compute("sync").Values("v"));
        Assert.Equal(["a", "b", "a"], df.GroupBy("k").Last().Compute("sync").Values("s"));
        LocalFrame n = df.GroupBy("k").NUnique().Compute("sync");
        Assert.Equal(["v", "s"], n.Columns);
        Assert.Equal([1L, 1L, 2L], n.Values("s"));
    }

    [Fact]
    public void DropNaFalse_KeepsNullKeysAsTheirOwnGroup_SortedLast()
    {
        LocalFrame r = FrameCases.WithNulls().GroupBy(["k"], dropna: false).Agg(("f", "v", "first"), ("n", "s", "nunique"), ("c", "v", "count")).Compute("sync");
        Assert.Equal([1L, 2L, 3L, null], r.Values("k"));
        Assert.Equal([1.5, 8.0, 0.25, 2.0], r.Values("f"));
        Assert.Equal([1L, 1L, 2L, 2L], r.Values("n"));
        Assert.Equal([2L, 1L, 3L, 2L], r.Values("c"));

        LocalFrame byString = FrameCases.WithNulls().GroupBy(["s"], dropna: false)["v"].Sum().Compute("sync");
        Assert.Equal(["a", "b", "c", null], byString.Values("s"));
        Assert.Equal([7.0, 8.0, 1.25, -5.0], byString.Values("v"));
    }

    [Fact]
    public void DropNaByDefault_DropsRowsWithANullInAnyKey()
    {
        LocalFrame r = FrameCases.WithNulls().GroupBy("s")["v"].Sum().Compute("sync");
        Assert.Equal(["a", "b", "c"], r.Values("s"));
        Assert.Equal([7.0, 8.0, 1.25], r.Values("v"));
        LocalFrame two = FrameCases.WithNulls().GroupBy(["s", "k"], dropna: false).Size().Compute("sync");
        Assert.Equal(["a", "a", "a", "b", "c", "c", null, null], two.Values("s"));
        Assert.Equal([1L, 3L, null, 2L, 3L, null, 1L, 3L], two.Values("k"));
        Assert.Equal([2L, 1L, 1L, 2L, 1L, 1L, 1L, 1L], two.Values("size"));
    }

    [Fact]
    public void NaNKeys_AreMissingKeys_AsPandas()
    {
        var keys = new Apache.Arrow.DoubleArray.Builder().Append(1.5).Append(double.NaN).AppendNull().Append(1.5).Append(double.NaN).Build();
        var values = new Apache.Arrow.Int64Array.Builder().AppendRange([1, 2, 3, 4, 5]).Build();
        var schema = new Apache.Arrow.Schema([new("f", Apache.Arrow.Types.DoubleType.Default, true), new("n", Apache.Arrow.Types.Int64Type.Default, true)], null);
        DaskDataFrame df = Dd.FromArrow(new Apache.Arrow.RecordBatch(schema, [keys, values], 5), npartitions: 2);
        LocalFrame dropped = df.GroupBy("f").Sum().Compute("sync");
        Assert.Equal([1.5], dropped.Values("f"));
        Assert.Equal([5L], dropped.Values("n"));
        LocalFrame kept = df.GroupBy(["f"], dropna: false).Sum().Compute("sync");
        Assert.Equal([1.5, null], kept.Values("f"));
        Assert.Equal([5L, 10L], kept.Values("n")); // NaN and null are one missing key, as pandas' groupby(dropna=False)
    }

    [Fact]
    public void SeriesGroupBy_IsASeriesNamedAfterTheColumn_IndexedByTheKey()
    {
        DaskSeries mean = FrameCases.Hourly().GroupBy("name")["x"].Mean();
        Assert.Equal("x", mean.Name);
        Assert.Equal("float64", mean.Dtype);
        LocalFrame r = mean.Compute("sync");
        LocalFrame whole = FrameCases.Hourly().GroupBy("name").Agg(("x", "mean")).Compute("sync");
        Assert.Equal("name", r.Index);
        Assert.Equal(["x"], r.Columns);
        Assert.Equal(whole.Values("x"), r.Values("x"));
        Assert.Equal(whole.Values("name"), r.Values("name"));
        Assert.Equal(FrameCases.Canonical(FrameCases.WithNulls().GroupBy("k").Agg(("sum", "v", "sum"), ("max", "v", "max")).Compute("sync")), FrameCases.Canonical(FrameCases.WithNulls().GroupBy("k")["v"].Agg("sum", "max").Compute("sync")));
    }

    [Fact]
    public void FirstAndLast_FollowPartitionOrder_AcrossATree()
    {
        // 40 partitions, one row each: the tree combines 8 at a time, twice over.
        var rows = Enumerable.Range(0, 40).ToArray();
        DaskDataFrame df = Dd.FromArrow(Table(rows.Select(i => (long)(i % 3)).ToArray(), rows.Select(i => (double?)(i % 7 == 0 ? null : i)).ToArray()), npartitions: 40);
        LocalFrame r = df.GroupBy("k").Agg([("f", "v", "first"), ("l", "v", "last")], splitOut: 1).Compute("sync");
        Assert.Equal([3.0, 1.0, 2.0], r.Values("f")); // 0 is null
        Assert.Equal([39.0, 37.0, 38.0], r.Values("l"));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(15, 1, 1)]
    [InlineData(16, 1, 2)]
    [InlineData(100, 1, 7)]
    [InlineData(10, 2, 1)]
    [InlineData(11, 2, 2)]
    [InlineData(11, 3, 3)]
    public void AutomaticSplitOut_IsDaskExprs(int npartitions, int keys, int expected) =>
        Assert.Equal(expected, DaskGroupBy.AutomaticSplitOut(npartitions, keys));

    [Fact]
    public void AutomaticSplitOut_AppliesWhenNoneIsGiven_AndSortTrueKeepsOnePartition()
    {
        var rows = Enumerable.Range(0, 400).ToArray();
        DaskDataFrame df = Dd.FromArrow(Table(rows.Select(i => (long)(i % 37)).ToArray(), rows.Select(i => (double?)i).ToArray()), npartitions: 40);
        Assert.Equal(3, df.GroupBy("k").Sum().NPartitions);
        Assert.Equal(1, df.GroupBy(["k"], dropna: true, sort: true).Sum().NPartitions);
        Assert.Equal(5, df.GroupBy("k").Agg([("v", "sum")], splitOut: 5).NPartitions);
        var e = Assert.Throws<NotSupportedException>(() => df.GroupBy(["k"], dropna: true, sort: true).Agg([("v", "sum")], splitOut: 2));
        Assert.Contains("sorted keys", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(13)]
    public void SplitOut_HashPartitionsTheGroups_NoKeyInTwoPartitions_SameValues(int splitOut)
    {
        var rows = Enumerable.Range(0, 3000).ToArray();
        long[] k = [.. rows.Select(i => (long)((i * 7919) % 211))];
        DaskDataFrame df = Dd.FromArrow(Table(k, [.. rows.Select(i => i % 11 == 0 ? null : (double?)(i % 17))]), npartitions: 20);
        (string, string, string)[] aggs = [("s", "v", "sum"), ("m", "v", "mean"), ("f", "v", "first"), ("l", "v", "last"), ("n", "v", "nunique"), ("c", "v", "count")];
        DaskDataFrame split = df.GroupBy("k").Agg(aggs, splitOut: splitOut);
        Assert.Equal(splitOut, split.NPartitions);

        var seen = new HashSet<long>();
        var keysByPartition = new List<long[]>();
        for (int p = 0; p < splitOut; p++)
        {
            long[] keys = [.. Partition(split, p).Values("k").Cast<long>()];
            Assert.Equal(keys.Order(), keys); // Dask's sort=None: each partition sorted by key
            foreach (long key in keys)
            {
                Assert.True(seen.Add(key), $"key {key} is in two output partitions");
            }

            keysByPartition.Add(keys);
        }

        Assert.Equal(211, seen.Count);
        Assert.True(keysByPartition.Count(p => p.Length > 0) == splitOut, "every piece of 211 keys is used");

        LocalFrame one = df.GroupBy("k").Agg(aggs, splitOut: 1).Compute("sync");
        LocalFrame many = split.Compute("sync");
        Assert.Equal(FrameCases.Canonical(one), FrameCases.Canonical(Sorted(many)));
    }

    [Fact]
    public void SplitOut_LowersToPiecesAndATreeAPiece()
    {
        var rows = Enumerable.Range(0, 200).ToArray();
        DaskDataFrame df = Dd.FromArrow(Table([.. rows.Select(i => (long)(i % 50))], [.. rows.Select(i => (double?)i)]), npartitions: 20);
        var tasks = (Graphs.IDaskCollection)df.GroupBy("k").Agg([("v", "sum")], splitOut: 3);
        var builder = new Graphs.GraphBuilder();
        tasks.AddGraph(builder);
        string[] prefixes = [.. builder.Build().Layers.Values.SelectMany(l => l.Keys).Select(k => k.Name.Split('-')[0] == "combine" ? $"combine-{k.Name.Split('-')[1]}" : k.Name.Split('-')[0]).GroupBy(p => p).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}")];
        Assert.Equal(["chunk:20", "combine-0:9", "from:20", "groupby:3", "piece:60"], prefixes);
        Assert.Contains("split_out=3", df.GroupBy("k").Agg([("v", "sum")], splitOut: 3).Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void SortFalse_KeepsGroupsInOrderOfAppearance()
    {
        LocalFrame r = FrameCases.WithNulls().GroupBy(["s"], dropna: true, sort: false)["v"].Count().Compute("sync");
        Assert.Equal(["a", "b", "c"], r.Values("s"));
        LocalFrame byK = Dd.FromArrow(Table([3, 1, 3, 2], [1, 2, 3, 4]), npartitions: 2).GroupBy(["k"], dropna: true, sort: false).Sum().Compute("sync");
        Assert.Equal([3L, 1L, 2L], byK.Values("k"));
        Assert.Equal([4.0, 2.0, 4.0], byK.Values("v"));
    }

    [Fact]
    public void UnsupportedAggregations_NameTheColumnAndType()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        var e = Assert.Throws<ArgumentException>(() => df.GroupBy("k").Agg(("s", "median")));
        Assert.Contains("'s'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => df.GroupBy("k").Agg(("v", "quantile:1.5")));
    }

    [Fact]
    public void SelectedColumns_AreTheOnlyOnesAggregated()
    {
        LocalFrame r = FrameCases.Hourly().GroupBy("name")["x", "id"].Max().Compute("sync");
        Assert.Equal(["x", "id"], r.Columns);
        Assert.Equal(FrameCases.Hourly().GroupBy("name").Agg(("x", "max")).Compute("sync").Values("x"), r.Values("x"));
        Assert.Throws<KeyNotFoundException>(() => FrameCases.Hourly().GroupBy("name")["nope"]);
    }

    internal static LocalFrame Partition(DaskDataFrame df, int i, string scheduler = "sync")
    {
        DataFrames.Plan.FrameExpr plan = DataFrames.Plan.Optimizer.Optimize(df.Plan);
        object? value = Dask.Get(DataFrames.Plan.Lowering.Lower(plan), [new Graphs.Key(plan.Name, i)], scheduler)[0];
        return new LocalFrame((Partition)value!);
    }

    internal static LocalFrame Sorted(LocalFrame frame) =>
        new(DataFrames.Kernels.SortOrder.Sort(frame.Data, [frame.Index!], [true]));

    internal static Apache.Arrow.RecordBatch Table(long[] k, double?[] v)
    {
        var kb = new Apache.Arrow.Int64Array.Builder().AppendRange(k).Build();
        var vb = new Apache.Arrow.DoubleArray.Builder();
        foreach (double? x in v)
        {
            if (x is { } d) { vb.Append(d); } else { vb.AppendNull(); }
        }

        var schema = new Apache.Arrow.Schema([new("k", Apache.Arrow.Types.Int64Type.Default, true), new("v", Apache.Arrow.Types.DoubleType.Default, true)], null);
        return new Apache.Arrow.RecordBatch(schema, [kb, vb.Build()], k.Length);
    }

    [Fact]
    public void ADictionaryKey_WithWordsNoRowUses_GroupsByItsWords_InOrderOfFirstAppearance()
    {
        // Words by code: u, b, a, unused, c; rows c b a c b a (no row uses u or unused), in 2 partitions.
        var words = new Apache.Arrow.StringArray.Builder().AppendRange(["u", "b", "a", "unused", "c"]).Build();
        var codes = new Apache.Arrow.Int32Array.Builder().AppendRange([4, 1, 2, 4, 1, 2]).Build();
        var key = new Apache.Arrow.DictionaryArray(new Apache.Arrow.Types.DictionaryType(Apache.Arrow.Types.Int32Type.Default, Apache.Arrow.Types.StringType.Default, false), codes, words);
        var v = new Apache.Arrow.Int32Array.Builder().AppendRange([1, 2, 3, 4, 5, 6]).Build();
        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("w", key.Data.DataType, false), new Apache.Arrow.Field("v", Apache.Arrow.Types.Int32Type.Default, false)], null);
        DaskDataFrame df = Dd.FromArrow(new Apache.Arrow.RecordBatch(schema, [key, v], 6), npartitions: 2);

        LocalFrame unsorted = df.GroupBy(["w"], dropna: true, sort: false).Agg(("s", "v", "sum"), ("f", "v", "first"), ("l", "v", "last"), ("n", "v", "count"), ("lo", "v", "min")).Compute("sync");
        Assert.Equal(["c", "b", "a"], unsorted.Values("w"));
        Assert.Equal([5L, 7L, 9L], unsorted.Values("s"));
        Assert.Equal([1, 2, 3], unsorted.Values("f"));
        Assert.Equal([4, 5, 6], unsorted.Values("l"));
        Assert.Equal([2L, 2L, 2L], unsorted.Values("n"));
        Assert.Equal([1L, 2L, 3L], unsorted.Values("lo"));

        LocalFrame sorted = df.GroupBy("w").Agg(("v", "sum")).Compute("sync");
        Assert.Equal(["a", "b", "c"], sorted.Values("w"));
        Assert.Equal([9L, 7L, 5L], sorted.Values("v"));
    }

    [Fact]
    public void IntegerAndTimestampKeysWithoutNulls_GroupedSorted_MatchLinq_OnEveryPartitioning()
    {
        var rng = new Random(7);
        int[] k = [.. Enumerable.Range(0, 3_000).Select(_ => rng.Next(-50, 450) * 3)];
        long[] v = [.. Enumerable.Range(0, 3_000).Select(_ => (long)rng.Next(100))];
        var paris = new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Nanosecond, "Europe/Paris");
        var stamps = new Apache.Arrow.TimestampArray.Builder(paris);
        foreach (int x in k)
        {
            stamps.Append(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(x));
        }

        Apache.Arrow.TimestampArray t = stamps.Build();
        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("k", Apache.Arrow.Types.Int32Type.Default, false), new Apache.Arrow.Field("t", paris, false), new Apache.Arrow.Field("v", Apache.Arrow.Types.Int64Type.Default, false)], null);
        var batch = new Apache.Arrow.RecordBatch(schema, [new Apache.Arrow.Int32Array.Builder().AppendRange(k).Build(), t, new Apache.Arrow.Int64Array.Builder().AppendRange(v).Build()], k.Length);
        var expected = Enumerable.Range(0, k.Length).GroupBy(i => k[i]).OrderBy(g => g.Key).ToList();
        foreach (int npartitions in new[] { 1, 4, 15 }) // up to 15: one output partition (split_out 1), so one sorted result
        {
            DaskDataFrame df = Dd.FromArrow(batch, npartitions: npartitions);
            LocalFrame byK = df.GroupBy("k").Agg(("s", "v", "sum"), ("f", "v", "first"), ("l", "v", "last"), ("n", "v", "count")).Compute("sync");
            Assert.Equal(expected.Select(g => (object?)g.Key), byK.Values("k"));
            Assert.Equal(expected.Select(g => (object?)g.Sum(i => v[i])), byK.Values("s"));
            Assert.Equal(expected.Select(g => (object?)v[g.First()]), byK.Values("f"));
            Assert.Equal(expected.Select(g => (object?)v[g.Last()]), byK.Values("l"));
            Assert.Equal(expected.Select(g => (object?)(long)g.Count()), byK.Values("n"));

            LocalFrame byT = df.GroupBy("t").Agg(("v", "sum")).Compute("sync");
            Assert.Equal("Europe/Paris", ((Apache.Arrow.Types.TimestampType)byT.ToArrow().Schema.GetFieldByName("t").DataType).Timezone);
            Assert.Equal(expected.Select(g => (object?)g.Sum(i => v[i])), byT.Values("v"));
        }
    }
}
