using System.Runtime.CompilerServices;
using Apache.Arrow;
using DaskSharp.DataFrames;
using static DaskSharp.DataFrame.Tests.FrameOpsReference;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Tail, MapPartitions, Repartition and Persist on the hourly frame, against the sync-computed whole frame.</summary>
public sealed class PartitionOpsTests
{
    private static readonly LocalFrame Whole = FrameCases.Hourly().Compute("sync");

    /// <summary>The hourly frame behind a MapPartitions that counts how often a partition is made.</summary>
    private static DaskDataFrame Counted(StrongBox<int> calls)
    {
        DaskDataFrame counted = FrameCases.Hourly().MapPartitions(
            (LocalFrame f) =>
            {
                Interlocked.Increment(ref calls.Value);
                return f;
            },
            preservesIndex: true);
        calls.Value = 0; // the inference on an empty partition is not a read
        return counted;
    }

    [Fact]
    public void Tail_GivesTheLastRows_ReadingOnlyTheLastPartition()
    {
        var calls = new StrongBox<int>();
        LocalFrame tail = Counted(calls).Tail(3, scheduler: "sync");
        Assert.Equal(Rows(Whole, r => r >= 45), FrameCases.Canonical(tail));
        Assert.Equal(1, calls.Value);
        Assert.Equal(Rows(Whole, r => r >= 43), FrameCases.Canonical(FrameCases.Hourly().Tail(5)));
        Assert.Equal(Rows(Whole, r => r >= 42), FrameCases.Canonical(FrameCases.Hourly().Tail(6)));
    }

    [Fact]
    public void Tail_OfMoreRowsThanThePartitionsRead_GivesWhatTheyHold()
    {
        Assert.Equal(Rows(Whole, r => r >= 42), FrameCases.Canonical(FrameCases.Hourly().Tail(10)));
        Assert.Equal(Rows(Whole, r => r >= 38), FrameCases.Canonical(FrameCases.Hourly().Tail(10, npartitions: 2)));
        Assert.Equal(Rows(Whole, r => r >= 0), FrameCases.Canonical(FrameCases.Hourly().Tail(100, npartitions: -1)));
    }

    [Fact]
    public void MapPartitions_AddingAColumn_InfersItsSchema()
    {
        DaskDataFrame mapped = FrameCases.Hourly().MapPartitions(WithDoubledX, preservesIndex: true);
        Assert.Equal("timestamp: datetime64[ns] (index), id: int64, name: string, x: float64, y: float64, x2: float64", mapped.Plan.Schema.ToString());
        Assert.Equal([("id", "int64"), ("name", "string"), ("x", "float64"), ("y", "float64"), ("x2", "float64")], mapped.Dtypes);
        Assert.True(mapped.KnownDivisions);
        LocalFrame got = mapped.Compute("sync");
        object?[] x = Whole.Values("x"), x2 = got.Values("x2");
        Assert.Equal(48, got.Length);
        for (int r = 0; r < 48; r++)
        {
            Assert.Equal((2 * (double)x[r]!) + 1, (double)x2[r]!);
        }

        Assert.Equal(FrameCases.Canonical(Whole), FrameCases.Canonical(mapped["id", "name", "x", "y"].Compute("sync")));
    }

    [Fact]
    public void MapPartitions_WithMeta_DoesNotRunTheFunctionToInfer()
    {
        FrameSchema meta = FrameCases.Hourly().MapPartitions(WithDoubledX, preservesIndex: true).Plan.Schema;
        DaskDataFrame mapped = FrameCases.Hourly().MapPartitions(
            (RecordBatch b) => b.Length == 0 ? throw new InvalidOperationException("no rows") : WithDoubledX(b), meta, preservesIndex: true);
        Assert.Equal(meta.ToString(), mapped.Plan.Schema.ToString());
        Assert.Equal(FrameCases.Canonical(FrameCases.Hourly().MapPartitions(WithDoubledX, preservesIndex: true).Compute("sync")), FrameCases.Canonical(mapped.Compute("sync")));
    }

    [Fact]
    public void MapPartitions_ThrowingDuringInference_SaysToPassMeta()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FrameCases.Hourly().MapPartitions(
            (LocalFrame f) => f.Length == 0 ? throw new ArgumentException("needs rows") : f));
        Assert.Contains("needs rows", e.Message, StringComparison.Ordinal);
        Assert.Contains("Pass meta", e.Message, StringComparison.Ordinal);
        Assert.Contains("ArgumentException", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repartition_ToFewer_ConcatenatesNeighbours()
    {
        DaskDataFrame three = FrameCases.Hourly().Repartition(3);
        Assert.Equal(3, three.NPartitions);
        Assert.Equal("2000-01-01T00:00:00.0000000Z|2000-01-01T12:00:00.0000000Z|2000-01-02T06:00:00.0000000Z|2000-01-03T00:00:00.0000000Z", Divisions(three));
        Assert.Equal(FrameCases.Canonical(Whole), FrameCases.Canonical(three.Compute("sync")));
        DaskDataFrame one = FrameCases.Hourly().Repartition(1);
        Assert.Equal(1, one.NPartitions);
        Assert.Equal("2000-01-01T00:00:00.0000000Z|2000-01-03T00:00:00.0000000Z", Divisions(one));
        Assert.Equal(FrameCases.Canonical(Whole), FrameCases.Canonical(one.Compute("sync")));
    }

    [Fact]
    public void Repartition_ToMore_SplitsAtInterpolatedDivisions_KeepingEveryRow()
    {
        DaskDataFrame sixteen = FrameCases.Hourly().Repartition(16);
        Assert.Equal(16, sixteen.NPartitions);
        Assert.Equal(string.Join("|", Enumerable.Range(0, 17).Select(i => FrameCases.Format(Hour(3 * i)))), Divisions(sixteen));
        Assert.Equal(FrameCases.Canonical(Whole), FrameCases.Canonical(sixteen.Compute("sync")));
        LocalFrame second = sixteen.Loc[Hour(3), Hour(5)].Compute("sync");
        Assert.Equal(3, second.Length);

        DaskDataFrame unknown = Dd.FromArrow(ParquetCases.Numbers(10), npartitions: 2).Repartition(5);
        Assert.Equal(5, unknown.NPartitions);
        Assert.Equal(FrameCases.Canonical(Dd.FromArrow(ParquetCases.Numbers(10), npartitions: 1).Compute("sync")), FrameCases.Canonical(unknown.Compute("sync")));
    }

    [Fact]
    public void Repartition_ByPartitionSize_SplitsAndCombinesByArrowSize()
    {
        // 4 partitions of 250 rows; their serialized sizes decide, as Dask's total_mem_usage does.
        RecordBatch numbers = ParquetCases.Numbers(1000);
        DaskDataFrame df = Dd.FromArrow(numbers, npartitions: 4);
        long[] sizes = [.. Enumerable.Range(0, 4).Select(i => DaskSharp.DataFrames.Kernels.RowBytes.Of(new Partition(numbers.Slice(250 * i, 250))))];
        Assert.Equal(FrameCases.Canonical(df.Compute("sync")), FrameCases.Canonical(df.Repartition(partitionSize: "1KB").Compute("sync")));

        foreach (long target in new[] { 1_000L, sizes.Max() / 2, sizes.Max() + 1, (2 * sizes.Max()) + 1, 10 * sizes.Max() })
        {
            Assert.Equal(ExpectedBySize(sizes, [250, 250, 250, 250], target), df.Repartition(partitionSize: target.ToString(System.Globalization.CultureInfo.InvariantCulture) + "B").NPartitions);
        }
    }

    /// <summary>Dask's repartition by size: split each partition into 1 + size // target pieces, then join neighbours while they fit.</summary>
    private static int ExpectedBySize(long[] sizes, int[] rows, long target)
    {
        var pieces = new List<double>();
        for (int i = 0; i < sizes.Length; i++)
        {
            long n = Math.Min(1 + (sizes[i] / target), rows[i]);
            for (int k = 0; k < n; k++) { pieces.Add(sizes[i] / (double)n); }
        }

        int outputs = 1;
        double filled = 0;
        bool any = false;
        foreach (double p in pieces)
        {
            if (any && filled + p > target) { outputs++; filled = 0; }
            filled += p;
            any = true;
        }

        return outputs;
    }

    [Fact]
    public void Persist_KeepsRowsSchemaAndDivisions_AndDoesNotRerunTheSource()
    {
        var calls = new StrongBox<int>();
        DaskDataFrame counted = Counted(calls);
        DaskDataFrame persisted = counted.Persist("sync");
        Assert.Equal(8, calls.Value);
        Assert.Equal(counted.Plan.Schema.ToString(), persisted.Plan.Schema.ToString());
        Assert.Equal(Divisions(FrameCases.Hourly()), Divisions(persisted));
        Assert.Equal(8, persisted.NPartitions);
        Assert.Equal(FrameCases.Canonical(Whole), FrameCases.Canonical(persisted.Compute("sync")));
        Assert.Equal(FrameCases.Canonical(Whole), FrameCases.Canonical(persisted.Compute("threads")));
        Assert.Equal(Rows(Whole, r => r >= 45), FrameCases.Canonical(persisted.Tail(3)));
        Assert.Equal(8, calls.Value);
    }
}
