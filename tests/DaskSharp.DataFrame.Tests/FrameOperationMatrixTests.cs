using DaskSharp.DataFrames;
using DaskSharp.Tests;
using static DaskSharp.DataFrame.Tests.FrameOperationCases;

namespace DaskSharp.DataFrame.Tests;

/// <summary>A Parquet file of 20 small row groups, written once for the matrix.</summary>
public sealed class SmallRowGroupsFile : IDisposable
{
    private readonly TempDirectory _dir = new();

    public SmallRowGroupsFile()
    {
        Path = _dir["small.parquet"];
        Apache.Arrow.RecordBatch batch = ParquetCases.Numbers(200);
        using var writer = new ParquetSharp.Arrow.FileWriter(Path, batch.Schema);
        writer.WriteRecordBatch(batch, chunkSize: 10);
        writer.Close();
    }

    public string Path { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>Query, Loc, Tail, MapPartitions, Repartition, Persist and combined Parquet row groups give the sync answer, exactly, on threads and on worker processes.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class FrameOperationMatrixTests(ProcessClusterFixture cluster, SmallRowGroupsFile file) : IClassFixture<SmallRowGroupsFile>
{
    private static readonly Dictionary<string, Func<SmallRowGroupsFile, string, string>> s_cases = new()
    {
        ["query"] = (_, s) => FrameCases.Canonical(FrameCases.Hourly().Query("x > 0 and (name == 'Alice' or id > 1000) or -0.2 < y < 0.2").Compute(s)),
        ["loc-day"] = (_, s) => FrameCases.Canonical(FrameCases.Hourly().Loc["2000-01-02", "2000-01-02"].Compute(s)),
        ["loc-open"] = (_, s) => FrameCases.Canonical(FrameCases.Hourly().Loc["2000-01-01 20:00", null][new[] { "x" }].Compute(s)),
        ["tail"] = (_, s) => FrameCases.Canonical(FrameCases.Hourly().Tail(8, npartitions: 2, scheduler: s)),
        ["map-partitions-closure"] = (_, s) => FrameCases.Canonical(MappedScaled(2.5).Compute(s)),
        ["map-partitions-local-frame"] = (_, s) => FrameCases.Canonical(MappedWithoutName().Compute(s)),
        ["repartition-fewer"] = (_, s) => string.Join(",", Lengths(FrameCases.Hourly().Repartition(npartitions: 3), s)) + "\n" + FrameCases.Canonical(FrameCases.Hourly().Repartition(npartitions: 3).Compute(s)),
        ["repartition-more-known"] = (_, s) => string.Join(",", Lengths(FrameCases.Hourly().Repartition(npartitions: 20), s)),
        ["repartition-more-unknown"] = (_, s) => string.Join(",", Lengths(FrameCases.WithNulls().Repartition(npartitions: 7), s)) + "\n" + FrameCases.Canonical(FrameCases.WithNulls().Repartition(npartitions: 7).Compute(s)),
        ["repartition-size"] = (_, s) =>
        {
            DaskDataFrame r = FrameCases.Hourly().Repartition(partitionSize: "1kB", scheduler: s);
            return $"{r.NPartitions} {r.KnownDivisions}\n" + string.Join(",", Lengths(r, s));
        },
        ["repartition-size-of-slices"] = (_, s) =>
        {
            // FromArrow's partitions are slices of one batch in this process and compact on a worker: the same size either way.
            DaskDataFrame r = Dd.FromArrow(ParquetCases.Numbers(1000), npartitions: 4).Repartition(partitionSize: "3KB", scheduler: s);
            return $"{r.NPartitions}\n" + string.Join(",", Lengths(r, s));
        },
        ["persist"] = (_, s) =>
        {
            DaskDataFrame df = FrameCases.Hourly();
            DaskDataFrame p = df[df["x"] > 0.0].Persist(s);
            return $"{p.NPartitions} {string.Join(",", p.Divisions!.Select(FrameCases.Format))}\n" + FrameCases.Format(p["y"].Sum().Compute(s)) + "\n" + FrameCases.Canonical(p.Compute(s));
        },
        ["parquet-combined"] = (f, s) =>
        {
            DaskDataFrame x = Dd.ReadParquet(f.Path)[new[] { "x" }];
            return $"{DataFrames.Plan.Optimizer.Optimize(x.Plan).NPartitions} {FrameCases.Format(x["x"].Sum().Compute(s))}\n" + FrameCases.Canonical(x.Compute(s));
        },
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    public static TheoryData<string> ProcessCases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) =>
        Assert.Equal(s_cases[name](file, "sync"), s_cases[name](file, "threads"));

    [Theory]
    [MemberData(nameof(ProcessCases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(s_cases[name](file, "sync"), s_cases[name](file, ProcessClusterFixture.SchedulerName));
    }

    [Fact]
    public void SmallRowGroups_AreCombinedAfterProjection_UpToTheTargetAndTheSquareRootCap()
    {
        DaskDataFrame df = Dd.ReadParquet(file.Path);
        Assert.Equal(20, DataFrames.Plan.Optimizer.Optimize(df.Plan).NPartitions); // every column read: a row group a partition
        DaskDataFrame x = df[new[] { "x" }];
        Assert.Equal(4, DataFrames.Plan.Optimizer.Optimize(x.Plan).NPartitions); // ⌈√20⌉ = 5 row groups a partition
        Assert.Contains($"ReadParquet: {file.Path} [x] row groups 20 of 20 in 4 partitions (small row groups combined)", x.Explain(), StringComparison.Ordinal);
        long groupBytes = DataFrames.IO.ParquetFooters.Read([file.Path]).Pieces[0].ColumnBytes!["x"];
        using (DaskConfig.Set(DataFrames.IO.SmallRowGroups.Setting, 2 * groupBytes))
        {
            Assert.Equal(10, DataFrames.Plan.Optimizer.Optimize(x.Plan).NPartitions); // two row groups fit the target
        }

        using (DaskConfig.Set(DataFrames.IO.SmallRowGroups.Setting, 0))
        {
            Assert.Equal(20, DataFrames.Plan.Optimizer.Optimize(x.Plan).NPartitions); // turned off
        }

        Assert.Equal(19900L, x["x"].Sum().Compute("sync"));
    }
}
