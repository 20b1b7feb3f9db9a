using Apache.Arrow;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.IO;
using ParquetSharp.Arrow;

namespace DaskSharp.DataFrame.Tests;

/// <summary>ReadParquet combines small row groups into partitions once a projection makes them small, as dask-expr does.</summary>
public sealed class SmallRowGroupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary><paramref name="rows"/> rows of <see cref="ParquetCases.Numbers"/>, one file of row groups of 10 rows.</summary>
    private string WriteSmallRowGroups(int rows)
    {
        string file = _dir[$"numbers{rows}.parquet"];
        RecordBatch batch = ParquetCases.Numbers(rows);
        using var writer = new FileWriter(file, batch.Schema);
        writer.WriteRecordBatch(batch, chunkSize: 10);
        writer.Close();
        return file;
    }

    private static string Expected(int rows, params string[] columns)
    {
        LocalFrame whole = Dd.FromArrow(ParquetCases.Numbers(rows), npartitions: 1).Compute("sync");
        var text = new System.Text.StringBuilder(string.Join(",", columns)).Append('\n');
        for (int r = 0; r < rows; r++)
        {
            text.AppendJoin(",", columns.Select(c => FrameCases.Format(whole.Values(c)[r]))).Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void TenSmallRowGroups_ReadWithOneColumn_GoIntoPartitionsOfAtMostFour()
    {
        string file = WriteSmallRowGroups(100);
        DaskDataFrame x = Dd.ReadParquet(file, columns: ["x"]);
        Assert.Equal(3, x.NPartitions); // ⌈√10⌉ = 4 row groups a partition: 4 + 4 + 2
        Assert.Equal(Expected(100, "x"), FrameCases.Canonical(x.Compute("sync")));

        DaskDataFrame projected = Dd.ReadParquet(file)["y", "g"];
        // As in dask-expr, the frame's count is the unoptimised plan's; the optimised read combines.
        Assert.Equal(10, projected.NPartitions);
        Assert.Equal(3, DaskSharp.DataFrames.Plan.Optimizer.Optimize(projected.Plan).NPartitions);
        Assert.Equal(Expected(100, "y", "g"), FrameCases.Canonical(projected.Compute("sync")));
    }

    [Fact]
    public void AHundredSmallRowGroups_GoIntoTenPartitions()
    {
        string file = WriteSmallRowGroups(1000);
        DaskDataFrame xy = Dd.ReadParquet(file, columns: ["x", "y"]);
        Assert.Equal(10, xy.NPartitions);
        Assert.Equal(Expected(1000, "x", "y"), FrameCases.Canonical(xy.Compute("sync")));
        Assert.Equal(1000L, xy.Len().Compute("sync"));
    }

    [Fact]
    public void WithTheTargetSetLow_RowGroupsAreNotCombined()
    {
        string file = WriteSmallRowGroups(100);
        using (DaskConfig.Set(SmallRowGroups.Setting, 0L))
        {
            DaskDataFrame x = Dd.ReadParquet(file, columns: ["x"]);
            Assert.Equal(10, x.NPartitions);
            Assert.Equal(Expected(100, "x"), FrameCases.Canonical(x.Compute("sync")));
        }

        using (DaskConfig.Set(SmallRowGroups.Setting, "1B"))
        {
            Assert.Equal(10, Dd.ReadParquet(file, columns: ["x"]).NPartitions);
        }
    }
}
