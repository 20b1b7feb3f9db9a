using DaskSharp.DataFrames;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The Parquet datasets the executor matrix reads, written once for the class.</summary>
public sealed class ParquetDatasets : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ParquetDatasets()
    {
        AllTypes = _dir["all-types"];
        Numbers = _dir["numbers"];
        Dd.FromArrow(ParquetCases.AllTypes(), npartitions: 4, index: "t").ToParquet(AllTypes, scheduler: "sync");
        Dd.FromArrow(ParquetCases.Numbers(100), npartitions: 10).ToParquet(Numbers, scheduler: "sync");
        Words = _dir["words"];
        ParquetCases.Words(Words, files: 3, rowsPerGroup: 400);
    }

    /// <summary><see cref="ParquetCases.Words"/>: its word column is read as dictionaries.</summary>
    public string Words { get; }

    public string AllTypes { get; }

    public string Numbers { get; }

    /// <summary>A fresh directory to write into.</summary>
    public string Fresh() => _dir["out-" + Guid.NewGuid().ToString("N")[..8]];

    public void Dispose() => _dir.Dispose();
}

/// <summary>Every Parquet read and write gives the sync scheduler's answer, exactly, on threads and on worker processes.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ParquetMatrixTests(ProcessClusterFixture cluster, ParquetDatasets data) : IClassFixture<ParquetDatasets>
{
    private static readonly Dictionary<string, Func<ParquetDatasets, string, string>> s_cases = new()
    {
        ["read-all-types"] = (d, s) => FrameCases.Canonical(Dd.ReadParquet(d.AllTypes).Compute(s)),
        ["projection-sum"] = (d, s) => FrameCases.Format(Dd.ReadParquet(d.Numbers)["x"].Sum().Compute(s)),
        ["filter-pushdown"] = (d, s) => { var df = Dd.ReadParquet(d.Numbers); return FrameCases.Canonical(df[df["x"] > 65L]["y"].Compute(s)); },
        ["filters-groupby"] = (d, s) => FrameCases.Canonical(Dd.ReadParquet(d.Numbers, filters: [("x", "<", 50)]).GroupBy("g").Agg(("y", "sum"), ("x", "count")).Compute(s)),
        ["string-filter-all-types"] = (d, s) => { var df = Dd.ReadParquet(d.AllTypes, columns: ["s", "tz", "d"]); return FrameCases.Canonical(df[df["d"] == "red"].Compute(s)); },
        ["dictionary-groupby"] = (d, s) => FrameCases.Canonical(Dd.ReadParquet(d.Words).GroupBy("word").Agg(("n", "sum"), ("id", "count"), ("id", "first")).Compute(s)),
        ["dictionary-concat"] = (d, s) => { var df = Dd.ReadParquet(d.Words, columns: ["word", "n"]); return FrameCases.Canonical(df[df["n"] % 5L == 0L].Compute(s)); },
        ["dictionary-to-parquet"] = (d, s) =>
        {
            string dir = d.Fresh();
            var df = Dd.ReadParquet(d.Words);
            _ = df[df["word"] != "w07"].ToParquet(dir, scheduler: s);
            return FrameCases.Canonical(Dd.ReadParquet(dir).Compute("sync"));
        },
        ["len-from-footers"] = (d, s) => FrameCases.Format(Dd.ReadParquet(d.Words).Len().Compute(s)),
        ["integer-key-groupby"] = (d, s) => { var df = Dd.ReadParquet(d.Words, columns: ["n"]); return FrameCases.Canonical(df.Assign("m", df["n"] % 7L).GroupBy("m").Agg(("n", "sum"), ("n", "first")).Compute(s)); },
        ["to-parquet"] = (d, s) =>
        {
            // Written by the scheduler's workers, read back on sync: the files are the answer.
            string dir = d.Fresh();
            var df = Dd.ReadParquet(d.AllTypes);
            IReadOnlyList<string> files = df[df["i32"] > 0L].ToParquet(dir, scheduler: s);
            return string.Join(",", files.Select(Path.GetFileName)) + "\n" + FrameCases.Canonical(Dd.ReadParquet(dir).Compute("sync"));
        },
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) =>
        Assert.Equal(s_cases[name](data, "sync"), s_cases[name](data, "threads"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(s_cases[name](data, "sync"), s_cases[name](data, ProcessClusterFixture.SchedulerName));
    }

    [Fact]
    public void ACorruptRowGroup_OnAWorker_FailsNamingTheFileAndRowGroup()
    {
        string dir = data.Fresh();
        Dd.FromArrow(ParquetCases.Numbers(20), npartitions: 2).ToParquet(dir, scheduler: "sync");
        DaskDataFrame df = Dd.ReadParquet(dir);
        string file = Path.Combine(dir, "part.1.parquet");
        byte[] bytes = File.ReadAllBytes(file);
        Array.Fill(bytes, (byte)0x5A, 4, 60);
        File.WriteAllBytes(file, bytes);
        Exception e = Assert.ThrowsAny<Exception>(() => df["x"].Sum().Compute(ProcessClusterFixture.SchedulerName));
        Assert.Contains($"Reading row group 0 of '{file}' failed: ", e.ToString(), StringComparison.Ordinal);
    }
}
