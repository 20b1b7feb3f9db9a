using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Whole-frame reductions, Describe, ValueCounts, NUnique, Unique and DropDuplicates: the values
/// Debian's pandas 1.5.3 gives on <see cref="FrameCases.Table"/>, written here as literals.
/// </summary>
public sealed class FrameReductionTests
{
    // k = [1, 2, null, 1, 3, 2, 1, null, 3, 3]; v = [1.5, null, 2.0, -4.0, 0.25, 8.0, null, 1.0, -1.0, 3.5];
    // s = ["a", "b", "a", null, "c", "b", "a", "c", null, "a"], in 3 partitions.
    private static DaskDataFrame Numbers() => FrameCases.WithNulls()["k", "v"];

    [Fact]
    public void SumMeanMinMaxStdVar_ByColumn_AsPandas()
    {
        LocalFrame sum = FrameCases.WithNulls().Sum(numericOnly: true).Compute("sync");
        Assert.Equal("column", sum.Index);
        Assert.Equal(["k", "v"], sum.Values("column"));
        Assert.Equal([16.0, 11.25], sum.Values("sum")); // int64 and float64 make float64, as pandas' Series

        Assert.Equal([2.0, 1.40625], Numbers().Mean().Compute("sync").Values("mean"));
        Assert.Equal([1.0, -4.0], Numbers().Min().Compute("sync").Values("min"));
        Assert.Equal([3.0, 8.0], Numbers().Max().Compute("sync").Values("max"));
        AssertClose([0.925820, 3.479372], Numbers().Std().Compute("sync").Values("std"));
        AssertClose([0.857143, 12.106027], Numbers().Var().Compute("sync").Values("var"));
        Assert.Equal([16L], FrameCases.WithNulls()["k"].ToFrame().Sum().Compute("sync").Values("sum")); // all int64: int64
    }

    [Fact]
    public void Count_TakesEveryColumn()
    {
        LocalFrame count = FrameCases.WithNulls().Count().Compute("sync");
        Assert.Equal(["k", "v", "s"], count.Values("column"));
        Assert.Equal([8L, 8L, 8L], count.Values("count"));
    }

    [Fact]
    public void ReductionsOfUnsupportedColumns_NameTheColumn_UnlessNumericOnly()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameCases.WithNulls().Mean());
        Assert.Contains("'s'", e.Message, StringComparison.Ordinal);
        Assert.Contains("numericOnly", e.Message, StringComparison.Ordinal);
        Assert.Equal(["k", "v"], FrameCases.WithNulls().Mean(numericOnly: true).Compute("sync").Values("column"));
        var stamps = new Apache.Arrow.TimestampArray.Builder(new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Nanosecond, (string?)null)).Append(DateTimeOffset.UnixEpoch).Append(DateTimeOffset.UnixEpoch.AddDays(1)).Build();
        var ints = new Apache.Arrow.Int64Array.Builder().AppendRange([5, 3]).Build();
        var schema = new Apache.Arrow.Schema([new("t", stamps.Data.DataType, true), new("n", Apache.Arrow.Types.Int64Type.Default, true)], null);
        DaskDataFrame withTimes = Dd.FromArrow(new Apache.Arrow.RecordBatch(schema, [stamps, ints], 2), npartitions: 2);
        var mixed = Assert.Throws<NotSupportedException>(() => withTimes.Min().Compute("sync"));
        Assert.Contains("'t'", mixed.Message, StringComparison.Ordinal);
        Assert.Equal([DateTime.UnixEpoch.AddDays(1)], withTimes["t"].ToFrame().Max().Compute("sync").Values("max"));
        Assert.Equal([3L], withTimes["n"].ToFrame().Min().Compute("sync").Values("min"));
    }

    [Fact]
    public void WholeFrameReduction_IsOneTree_ForAllColumns()
    {
        var tasks = (Graphs.IDaskCollection)FrameCases.Hourly().Sum(numericOnly: true);
        var builder = new Graphs.GraphBuilder();
        tasks.AddGraph(builder);
        string[] prefixes = [.. builder.Build().Layers.Values.SelectMany(l => l.Keys).Select(k => k.Name.Split('-')[0]).Distinct().Order(StringComparer.Ordinal)];
        Assert.Equal(["chunk", "reduction"], prefixes);
        Assert.Single(builder.Build().Layers.Values.SelectMany(l => l.Keys), k => k.Name.StartsWith("reduction", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_GivesPandasValues()
    {
        LocalFrame d = FrameCases.WithNulls().Describe().Compute("sync");
        Assert.Equal("statistic", d.Index);
        Assert.Equal(["count", "mean", "std", "min", "25%", "50%", "75%", "max"], d.Values("statistic"));
        Assert.Equal(["k", "v"], d.Columns);
        AssertClose([8.0, 2.0, 0.9258200997725514, 1.0, 1.0, 2.0, 3.0, 3.0], d.Values("k"));
        AssertClose([8.0, 1.40625, 3.47937160787897, -4.0, -0.0625, 1.25, 2.375, 8.0], d.Values("v"));
    }

    [Fact]
    public void Describe_IsExactWhileTheSketchesHoldEveryValue_AndCloseBeyond()
    {
        // 3000 values in 6 partitions: each sketch holds 500, the merged one is compressed at the end.
        double[] values = [.. Enumerable.Range(0, 3000).Select(i => (double)((i * 7919) % 3001))];
        DaskDataFrame df = Dd.FromArrow(GroupByMoreTests.Table([.. values.Select(v => (long)v)], [.. values.Select(v => (double?)v)]), npartitions: 6);
        LocalFrame d = df.Describe().Compute("sync");
        double[] sorted = [.. values.Order()];
        double Pandas(double q)
        {
            double h = (sorted.Length - 1) * q;
            int lo = (int)Math.Floor(h);
            return sorted[lo] + ((h - lo) * (sorted[Math.Min(lo + 1, sorted.Length - 1)] - sorted[lo]));
        }

        object?[] v = d.Values("v");
        Assert.Equal(3000.0, v[0]);
        Assert.Equal(sorted[0], v[3]);
        Assert.Equal(sorted[^1], v[7]);
        for (int i = 0; i < 3; i++)
        {
            Assert.InRange((double)v[4 + i]!, Pandas(0.25 * (i + 1)) - 6, Pandas(0.25 * (i + 1)) + 6); // rank error under 3000/1024 values
        }

        // 600 values in 6 partitions: never compressed, exactly pandas' linear interpolation.
        DaskDataFrame small = Dd.FromArrow(GroupByMoreTests.Table([.. values[..600].Select(x => (long)x)], [.. values[..600].Select(x => (double?)x)]), npartitions: 6);
        double[] s600 = [.. values[..600].Order()];
        object?[] exact = small.Describe().Compute("sync").Values("v");
        Assert.Equal(s600[149] + (0.75 * (s600[150] - s600[149])), exact[4]);
        Assert.Equal(s600[299] + (0.5 * (s600[300] - s600[299])), exact[5]);
        Assert.Equal(s600[449] + (0.25 * (s600[450] - s600[449])), exact[6]);
    }

    [Fact]
    public void ValueCounts_LargestFirst_TiesByValue_AsDask()
    {
        DaskSeries counts = FrameCases.WithNulls()["s"].ValueCounts();
        Assert.Equal("count", counts.Name);
        LocalFrame r = counts.Compute("sync");
        Assert.Equal("s", r.Index);
        Assert.Equal(["a", "b", "c"], r.Values("s"));
        Assert.Equal([4L, 2L, 2L], r.Values("count"));

        LocalFrame k = FrameCases.WithNulls()["k"].ValueCounts().Compute("sync");
        Assert.Equal([1L, 3L, 2L], k.Values("k"));
        Assert.Equal([3L, 3L, 2L], k.Values("count"));

        LocalFrame withNulls = FrameCases.WithNulls()["s"].ValueCounts(dropna: false).Compute("sync");
        Assert.Equal(["a", "b", "c", null], withNulls.Values("s"));
        Assert.Equal([4L, 2L, 2L, 2L], withNulls.Values("count"));
    }

    [Fact]
    public void NUniqueAndUnique_AsPandas()
    {
        Assert.Equal(3L, FrameCases.WithNulls()["s"].NUnique().Compute("sync"));
        Assert.Equal(8L, FrameCases.WithNulls()["v"].NUnique().Compute("sync"));
        Assert.Equal(["a", "b", null, "c"], FrameCases.WithNulls()["s"].Unique(splitOut: 1).Compute("sync").Values("s"));
        DaskSeries unique = FrameCases.WithNulls()["s"].Unique();
        Assert.Equal(3, unique.ToFrame().NPartitions); // Dask's split_out=True: the frame's partitions
        Assert.Equal(["a", "b", "c", null], Sorted(unique.Compute("sync"), "s").Values("s"));
        DaskDataFrame numbers = FrameCases.WithNulls();
        Assert.Equal(3L, (numbers["k"] * 2L).NUnique().Compute("sync")); // an expression, not a column
        Assert.Equal([2L, 6L, 4L], (numbers["k"] * 2L).ValueCounts().Compute("sync").Values("k"));
        object?[] names = FrameCases.Hourly().Compute("sync").Values("name");
        Assert.Equal(names.Distinct().Count(), FrameCases.Hourly()["name"].NUnique().Compute<int>("sync"));
        Assert.Equal(names.Distinct(), FrameCases.Hourly()["name"].Unique(splitOut: 1).Compute("sync").Values("name")); // order of first appearance
    }

    [Fact]
    public void DropDuplicates_KeepsFirstLastOrNone_AsPandas()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        DaskDataFrame first = df.DropDuplicates(subset: ["s"]);
        Assert.Equal(df.NPartitions, first.NPartitions);
        Assert.Equal(["k", "v", "s"], first.Columns);
        LocalFrame f = Sorted(first.Compute("sync"), "s");
        Assert.Equal(["a", "b", "c", null], f.Values("s"));
        Assert.Equal([1L, 2L, 3L, 1L], f.Values("k"));
        Assert.Equal([1.5, null, 0.25, -4.0], f.Values("v"));

        LocalFrame l = Sorted(df.DropDuplicates(subset: ["s"], keep: "last").Compute("sync"), "s");
        Assert.Equal(["a", "b", "c", null], l.Values("s"));
        Assert.Equal([3L, 2L, null, 3L], l.Values("k"));
        Assert.Equal([3.5, 8.0, 1.0, -1.0], l.Values("v"));

        Assert.Equal(0, df.DropDuplicates(subset: ["k"], keep: "none").Compute("sync").Length);
        LocalFrame single = Sorted(df.DropDuplicates(subset: ["v"], keep: "none").Compute("sync"), "v");
        Assert.Equal([-4.0, -1.0, 0.25, 1.0, 1.5, 2.0, 3.5, 8.0], single.Values("v")); // the two nulls are duplicates of each other
        Assert.Equal(10, df.DropDuplicates().Compute("sync").Length);
        Assert.Throws<ArgumentException>(() => df.DropDuplicates(keep: "middle"));
    }

    [Fact]
    public void DropDuplicates_KeepsTheIndexOfTheKeptRow()
    {
        DaskDataFrame df = FrameCases.Hourly();
        LocalFrame r = df.DropDuplicates(subset: ["name"]).Compute("sync");
        Assert.Equal("timestamp", r.Index);
        LocalFrame all = df.Compute("sync");
        object?[] names = all.Values("name"), stamps = all.Values("timestamp");
        var firstStamp = new Dictionary<string, object?>();
        for (int i = 0; i < names.Length; i++)
        {
            firstStamp.TryAdd((string)names[i]!, stamps[i]);
        }

        Assert.Equal(firstStamp.Count, r.Length);
        object?[] keptNames = r.Values("name"), keptStamps = r.Values("timestamp");
        for (int i = 0; i < r.Length; i++)
        {
            Assert.Equal(firstStamp[(string)keptNames[i]!], keptStamps[i]);
        }
    }

    [Fact]
    public void BadInput_NamesTheProblem()
    {
        var missing = Assert.Throws<KeyNotFoundException>(() => FrameCases.WithNulls().DropDuplicates(subset: ["ss"]));
        Assert.Contains("'s'", missing.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ArgumentException>(() => FrameCases.WithNulls()["s"].ToFrame().Describe());
        Assert.Contains("s: string", none.Message, StringComparison.Ordinal);
    }

    internal static LocalFrame Sorted(LocalFrame frame, string column) => new(DataFrames.Kernels.SortOrder.Sort(frame.Data, [column], [true]));

    private static void AssertClose(double[] expected, object?[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], (double)actual[i]!, 6);
        }
    }
}
