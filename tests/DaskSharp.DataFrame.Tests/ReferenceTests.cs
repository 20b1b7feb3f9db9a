using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using FsCheck.Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Results equal pandas' by hand-worked values and a LINQ reference on random data with nulls and repeated keys.</summary>
public sealed class ReferenceTests
{
    [Fact]
    public void GroupBy_SkipsNullValuesAndDropsNullKeys_SortedByKey()
    {
        LocalFrame r = FrameCases.WithNulls().GroupBy("k").Agg(("v", "v", "sum"), ("n", "v", "count"), ("m", "v", "mean")).Compute("sync");
        Assert.Equal("k", r.Index);
        Assert.Equal([1L, 2L, 3L], r.Values("k"));
        Assert.Equal([-2.5, 8.0, 2.75], r.Values("v"));
        Assert.Equal([2L, 1L, 3L], r.Values("n"));
        Assert.Equal([-1.25, 8.0, 2.75 / 3], r.Values("m"));
    }

    [Fact]
    public void Reductions_SkipNulls_AsPandas()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        Assert.Equal(11.25, df["v"].Sum().Compute("sync"));
        Assert.Equal(11.25 / 8, df["v"].Mean().Compute("sync"));
        Assert.Equal(8L, df["k"].Count().Compute("sync"));
        Assert.Equal(8.0, df["v"].Max().Compute("sync"));
        Assert.Equal(-4.0, df["v"].Min().Compute("sync"));
        Assert.Equal(10L, df.Len().Compute("sync"));
        Assert.Equal(5L, df[df["v"] >= 1.0].Len().Compute("sync")); // 1.5, 2.0, 8.0, 1.0, 3.5; the null is not kept
    }

    [Fact]
    public void ArithmeticOnInt64_StaysInt64_ExceptTrueDivision()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        DaskDataFrame z = df.Assign("twice", df["k"] * 2L).Assign("half", df["k"] / 2.0);
        Assert.Contains(("twice", "int64"), z.Dtypes);
        Assert.Contains(("half", "float64"), z.Dtypes);
        LocalFrame r = z.Compute("sync");
        Assert.Equal([2L, 4L, null, 2L, 6L, 4L, 2L, null, 6L, 6L], r.Values("twice"));
        Assert.Equal([0.5, 1.0, null, 0.5, 1.5, 1.0, 0.5, null, 1.5, 1.5], r.Values("half"));
    }

    [Fact]
    public void Timeseries_IsDasksShape_AndEachPartitionCoversItsPeriod()
    {
        DaskDataFrame df = Dd.Datasets.Timeseries("2000-01-01", "2000-01-31", seed: 1);
        Assert.Equal(30, df.NPartitions);
        Assert.Equal([("id", "int64"), ("name", "string"), ("x", "float64"), ("y", "float64")], df.Dtypes);
        Assert.Equal(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), df.Divisions![0]);
        Assert.Equal(new DateTime(2000, 1, 31, 0, 0, 0, DateTimeKind.Utc), df.Divisions![30]); // Dask's: the end closes the last division
        DaskDataFrame small = Dd.Datasets.Timeseries("2000-01-01", "2000-01-02", freq: "1min", partitionFreq: "6h", seed: 1);
        LocalFrame all = small.Compute("sync");
        Assert.Equal(1440, all.Length);
        object?[] stamps = all.Values("timestamp");
        Assert.Equal(new DateTime(2000, 1, 1, 23, 59, 0, DateTimeKind.Utc), stamps[^1]);
        double[] x = [.. all.Values("x").Cast<double>()];
        Assert.All(x, v => Assert.InRange(v, -1.0, 1.0));
        long[] ids = [.. all.Values("id").Cast<long>()];
        Assert.InRange(ids.Average(), 990, 1010); // Poisson(1000): the mean of 1440 draws is within 10 of 1000 (about 12 standard errors)
        Assert.Equal(26, all.Values("name").Distinct().Count());
    }

    /// <summary>Random frames: int keys 0..4 and string keys a..c, each null 1 time in 7; values whole quarters (so sums are exact in any order), null 1 in 7.</summary>
    private static (RecordBatch Table, long?[] K, string?[] S, double?[] V) Random(int seed) =>
        RandomTable.Make(seed, maxRows: 120, keys: 5, letters: 3, valueSteps: 40, step: 0.25, nullOneIn: 7, valueNullOneIn: 7);

    [Property(MaxTest = 60)]
    public void GroupBy_OnRandomDataWithNulls_MatchesLinq(int seed)
    {
        var (table, k, s, v) = Random(seed);
        DaskDataFrame df = Dd.FromArrow(table, npartitions: 1 + (Math.Abs(seed) % 6));
        LocalFrame r = df.GroupBy("s", "k").Agg(("total", "v", "sum"), ("n", "v", "count"), ("lo", "v", "min"), ("hi", "v", "max"), ("m", "v", "mean"), ("rows", "v", "size")).Compute("sync");

        var groups = Enumerable.Range(0, k.Length).Where(i => k[i] is not null && s[i] is not null)
            .GroupBy(i => (s[i]!, k[i]!.Value)).OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Value).ToList();
        Assert.Equal(groups.Select(g => (object?)g.Key.Item1), r.Values("s"));
        Assert.Equal(groups.Select(g => (object?)g.Key.Value), r.Values("k"));
        Assert.Equal(groups.Select(g => (object?)g.Where(i => v[i] is not null).Sum(i => v[i]!.Value)), r.Values("total"));
        Assert.Equal(groups.Select(g => (object?)(long)g.Count(i => v[i] is not null)), r.Values("n"));
        Assert.Equal(groups.Select(g => (object?)g.Where(i => v[i] is not null).Select(i => v[i]).Min()), r.Values("lo"));
        Assert.Equal(groups.Select(g => (object?)g.Where(i => v[i] is not null).Select(i => v[i]).Max()), r.Values("hi"));
        Assert.Equal(groups.Select(g => g.Any(i => v[i] is not null) ? (object?)(g.Where(i => v[i] is not null).Sum(i => v[i]!.Value) / g.Count(i => v[i] is not null)) : null), r.Values("m"));
        Assert.Equal(groups.Select(g => (object?)(long)g.Count()), r.Values("rows"));
    }

    [Property(MaxTest = 60)]
    public void Filter_OnRandomDataWithNulls_MatchesLinq(int seed)
    {
        var (table, k, s, v) = Random(seed);
        DaskDataFrame df = Dd.FromArrow(table, npartitions: 1 + (Math.Abs(seed) % 5));
        LocalFrame r = df[(df["v"] > 0.0) & (df["s"] != "b")].Compute("threads");
        int[] kept = [.. Enumerable.Range(0, k.Length).Where(i => v[i] > 0 && s[i] is not null && s[i] != "b")];
        Assert.Equal(kept.Select(i => (object?)k[i]), r.Values("k"));
        Assert.Equal(kept.Select(i => (object?)s[i]), r.Values("s"));
        Assert.Equal(kept.Select(i => (object?)v[i]), r.Values("v"));
    }
}
