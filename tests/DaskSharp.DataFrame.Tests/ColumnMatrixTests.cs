using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The column-level operations give the sync scheduler's answer, exactly, on threads and on worker processes (where every expression and step crosses the wire).</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ColumnMatrixTests(ProcessClusterFixture cluster)
{
    private static DaskDataFrame Hourly() => FrameCases.Hourly();

    /// <summary>Operations on the Timeseries dataset (a dictionary-encoded name, a timestamp index), beside every one of <see cref="ColumnCases"/>.</summary>
    private static readonly Dictionary<string, Func<string, string>> s_cases = new()
    {
        ["ts-index-dt"] = s =>
        {
            DaskDataFrame df = Hourly();
            DaskDataFrame a = df.Assign("hour", df["timestamp"].Dt.Hour).Assign("dow", df["timestamp"].Dt.DayOfWeek);
            return FrameCases.Canonical(a[df["timestamp"].Dt.Hour >= 18L]["hour", "dow", "name"].Compute(s));
        },
        ["ts-str-filter"] = s => { DaskDataFrame df = Hourly(); return FrameCases.Canonical(df[df["name"].Str.Contains("^[A-F]")]["name", "id"].Compute(s)); },
        ["ts-str-lower-len"] = s => { DaskDataFrame df = Hourly(); return FrameCases.Canonical(df.Assign("lo", df["name"].Str.Lower()).Assign("n", df["name"].Str.Len())["lo", "n"].Compute(s)); },
        ["ts-where-fillna"] = s =>
        {
            DaskDataFrame df = Hourly();
            return FrameCases.Canonical(df.Assign("pos", df["x"].Where(df["x"] > 0.0)).FillNa(-1.0)["pos", "x"].Compute(s));
        },
        ["ts-rename-drop-groupby"] = s => FrameCases.Canonical(Hourly().Rename(new Dictionary<string, string> { ["name"] = "who" }).Drop("y").GroupBy("who").Agg(("x", "sum"), ("id", "count")).Compute(s)),
        ["ts-rename-index"] = s => FrameCases.Canonical(Hourly().Rename(new Dictionary<string, string> { ["timestamp"] = "when", ["x"] = "ex" })["ex"].Compute(s)),
        ["ts-astype-mod-round"] = s =>
        {
            DaskDataFrame df = Hourly();
            return FrameCases.Canonical(df.Assign("r", (df["x"] * 100.0).Round(1) % 7.0).Assign("q", df["id"].FloorDiv(7L)).AsType(new Dictionary<string, string> { ["id"] = "string" })["r", "q", "id"].Compute(s));
        },
        ["ts-between-isin-timestamp"] = s =>
        {
            DaskDataFrame df = Hourly();
            DaskSeries inWindow = df["timestamp"].Between(new DateTime(2000, 1, 1, 6, 0, 0), new DateTime(2000, 1, 1, 12, 0, 0), "left");
            return FrameCases.Canonical(df[inWindow | df["name"].IsIn("Alice", "Bob") | (df["timestamp"] > new DateTime(2000, 1, 2, 20, 0, 0))]["name"].Compute(s));
        },
        ["ts-dropna-mask"] = s =>
        {
            DaskDataFrame df = Hourly();
            return FrameCases.Canonical(df.Assign("m", df["y"].Mask(df["y"] < 0.0)).DropNa(subset: ["m"])["m"].Compute(s));
        },
        ["ts-isna-frame"] = s => { DaskDataFrame df = Hourly(); return FrameCases.Canonical(df.Mask(df["x"] > 0.5).IsNa().Compute(s)); },
        ["narrow-types"] = s =>
        {
            DaskDataFrame df = ColumnCases.Frame().AsType(new Dictionary<string, string> { ["f"] = "float32", ["i"] = "Int32", ["z"] = "Int32" });
            DaskDataFrame a = df.Assign("r", df["f"].Round(1).Abs()).Assign("w", df["i"].Where(df["b"], df["z"])).Assign("q", df["i"].FillNa(0).Round(-1)).Assign("m", -df["f"].FillNa(1.5));
            return FrameCases.Canonical(a["f", "i", "r", "w", "q", "m"].Compute(s)) + string.Join(",", a.Dtypes.Select(d => d.Dtype));
        },
        ["ts-reduce-of-expression"] = s => { DaskDataFrame df = Hourly(); return FrameCases.Format(df["x"].Abs().Round(2).Sum().Compute(s)) + ";" + FrameCases.Format(df["name"].Str.StartsWith("A").AsType("int64").Sum().Compute(s)); },
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys, .. ColumnCases.Operations.Keys.Select(k => "pandas:" + k)];

    private static string Run(string name, string scheduler) =>
        name.StartsWith("pandas:", StringComparison.Ordinal) ? ColumnCases.Run(name["pandas:".Length..], scheduler) : s_cases[name](scheduler);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) => Assert.Equal(Run(name, "sync"), Run(name, "threads"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(Run(name, "sync"), Run(name, ProcessClusterFixture.SchedulerName));
    }

    [Fact]
    public void AParquetSource_FilteredByNewExpressions_GivesTheSameRowsOnEveryExecutor()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"dasksharp-columns-{Guid.NewGuid():N}");
        try
        {
            ColumnCases.Frame().Drop("sd").ToParquet(directory, scheduler: "sync");
            string Run(string scheduler)
            {
                DaskDataFrame df = Dd.ReadParquet(directory);
                DaskSeries keep = (df["t"] > new DateTime(2000, 1, 1)) & df["s"].Str.Contains("[aA]") & df["i"].NotNa();
                DaskDataFrame kept = df[keep];
                return FrameCases.Canonical(kept.Assign("h", kept["t"].Dt.Hour)["i", "s", "h"].Compute(scheduler));
            }

            string sync = Run("sync");
            Assert.Equal("i,s,h\n7,Alice,5\n0,ALICE,12\n3,Charlie,0\n", sync);
            Assert.Equal(sync, Run("threads"));
            Assert.Equal(sync, Run(ProcessClusterFixture.SchedulerName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TheTimeseriesCases_AreNotEmpty()
    {
        foreach ((string name, Func<string, string> run) in s_cases)
        {
            Assert.True(run("sync").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1 || name == "ts-reduce-of-expression", name);
        }
    }
}
