using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// The group-by aggregations, splitOut and whole-frame reductions give the sync scheduler's answer,
/// exactly, on threads and on worker processes (partials with list states, hash-split pieces and
/// every plan travel between processes).
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class GroupByMatrixTests(ProcessClusterFixture cluster)
{
    private static DaskDataFrame Many() // 400 rows, 37 keys, some null values, 40 partitions
    {
        int[] rows = [.. Enumerable.Range(0, 400)];
        return Dd.FromArrow(GroupByMoreTests.Table([.. rows.Select(i => (long)((i * 31) % 37))], [.. rows.Select(i => i % 9 == 0 ? null : (double?)(i % 23))]), npartitions: 40);
    }

    private static string Canonical(DaskDataFrame df, string s) => $"npartitions={df.NPartitions}\n" + FrameCases.Canonical(df.Compute(s));

    public static readonly Dictionary<string, Func<string, string>> Cases = new()
    {
        ["first-last-nunique"] = s => Canonical(FrameCases.WithNulls().GroupBy("k").Agg(("f", "v", "first"), ("l", "v", "last"), ("n", "v", "nunique"), ("fs", "s", "first"), ("ns", "s", "nunique")), s),
        ["first-last-dictionary"] = s => Canonical(FrameCases.Hourly().GroupBy("id").Agg(("f", "name", "first"), ("l", "name", "last"), ("n", "name", "nunique"), ("m", "x", "median")), s),
        ["alone"] = s => Canonical(FrameCases.WithNulls().GroupBy("s").First(), s) + Canonical(FrameCases.WithNulls().GroupBy("s").Last(), s) + Canonical(FrameCases.WithNulls().GroupBy("s").NUnique(), s),
        ["dropna-false"] = s => Canonical(FrameCases.WithNulls().GroupBy(["s", "k"], dropna: false).Agg(("v", "sum"), ("v", "first")), s),
        ["series-groupby"] = s => FrameCases.Canonical(FrameCases.Hourly().GroupBy("name")["x"].Mean().Compute(s)),
        ["sort-false"] = s => Canonical(Many().GroupBy(["k"], dropna: true, sort: false).Agg([("v", "sum"), ("v", "last")], splitOut: 1), s),
        ["split-out-3"] = s => Canonical(Many().GroupBy("k").Agg([("s", "v", "sum"), ("f", "v", "first"), ("n", "v", "nunique"), ("q", "v", "quantile:0.25")], splitOut: 3), s),
        ["split-out-auto"] = s => Canonical(Many().GroupBy("k").Mean(), s),
        ["frame-reductions"] = s => string.Concat(new[] { FrameCases.WithNulls().Sum(numericOnly: true), FrameCases.WithNulls()["k", "v"].Mean(), FrameCases.WithNulls()["k", "v"].Min(), FrameCases.WithNulls()["k", "v"].Max(), FrameCases.WithNulls().Count(), FrameCases.Hourly().Std(numericOnly: true), FrameCases.Hourly().Var(numericOnly: true) }.Select(r => FrameCases.Canonical(r.Compute(s)))),
        ["describe"] = s => FrameCases.Canonical(Many().Describe().Compute(s)) + FrameCases.Canonical(FrameCases.Hourly().Describe().Compute(s)),
        ["value-counts"] = s => FrameCases.Canonical(FrameCases.Hourly()["name"].ValueCounts().Compute(s)) + FrameCases.Canonical(FrameCases.WithNulls()["s"].ValueCounts(dropna: false).Compute(s)),
        ["nunique-unique"] = s => FrameCases.Format(FrameCases.Hourly()["name"].NUnique().Compute(s)) + FrameCases.Canonical(FrameCases.WithNulls()["s"].Unique().Compute(s)) + FrameCases.Canonical(FrameCases.Hourly()["name"].Unique(splitOut: 1).Compute(s)),
        ["drop-duplicates"] = s => Canonical(Many().DropDuplicates(subset: ["k"]), s) + Canonical(Many().DropDuplicates(subset: ["k"], keep: "last"), s) + Canonical(FrameCases.WithNulls().DropDuplicates(subset: ["v"], keep: "none"), s),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Threads_GiveTheSyncAnswer(string name) => Assert.Equal(Cases[name]("sync"), Cases[name]("threads"));

    [Theory]
    [MemberData(nameof(Names))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(Cases[name]("sync"), Cases[name](ProcessClusterFixture.SchedulerName));
    }

    [Fact]
    public void SplitOutPieces_ComeBackFromProcesses_WithNoKeyInTwo()
    {
        DaskDataFrame split = Many().GroupBy("k").Agg([("v", "sum")], splitOut: 4);
        var seen = new HashSet<long>();
        for (int p = 0; p < 4; p++)
        {
            foreach (long key in GroupByMoreTests.Partition(split, p, ProcessClusterFixture.SchedulerName).Values("k").Cast<long>())
            {
                Assert.True(seen.Add(key), $"key {key} is in two output partitions");
            }
        }

        Assert.Equal(37, seen.Count);
    }
}
