using Apache.Arrow;
using DaskSharp.DataFrames;
using Xunit;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// SetIndex on partitions past the sampling threshold: the divisions come from a seeded random
/// sample of each partition, the same on every scheduler, and still cut the rows into partitions
/// of about equal size.
/// </summary>
public sealed class DivisionSampleTests
{
    private const int Rows = 200_000;

    // key: a permutation of 0..Rows-1 scaled into [0, 1) (dask_anchor.py's df-sort formula); v = i mod 97; NaN in every 50th row.
    private static DaskDataFrame Frame()
    {
        var key = new DoubleArray.Builder();
        var v = new Int64Array.Builder();
        for (long i = 0; i < Rows; i++)
        {
            key.Append(i % 50 == 49 ? double.NaN : ((i * 104729) % Rows) / (double)Rows);
            v.Append(i % 97);
        }

        var schema = new Schema([new Field("key", Apache.Arrow.Types.DoubleType.Default, false), new Field("v", Apache.Arrow.Types.Int64Type.Default, false)], null);
        return Dd.FromArrow(new RecordBatch(schema, [key.Build(), v.Build()], Rows), npartitions: 4);
    }

    [Fact]
    public void LargePartitions_AreCutIntoAboutEqualSortedPartitions_WithTheSameDivisionsOnEveryScheduler()
    {
        DaskDataFrame sync = Frame().SetIndex("key", npartitions: 8, scheduler: "sync");
        DaskDataFrame threads = Frame().SetIndex("key", npartitions: 8, scheduler: "threads");
        Assert.Equal(sync.Divisions, threads.Divisions);
        Assert.Equal(8, sync.NPartitions);

        LocalFrame[] parts = SortTests.Parts(sync, "threads");
        double[][] keys = [.. parts.Select(p => p.Values("key").Select(k => (double)k!).ToArray())];
        double[] all = [.. keys.SelectMany(k => k)];
        Assert.Equal(Rows, all.Length);

        // Sorted, NaN last (in the last partition), and every valid key once.
        int nans = Rows / 50;
        Assert.All(all[^nans..], k => Assert.True(double.IsNaN(k)));
        double[] valid = all[..^nans];
        Assert.Equal(valid.Order(), valid);
        Assert.Equal(Rows - nans, valid.Distinct().Count());

        // About Rows / 8 valid rows each: a 32-fold oversample keeps every partition within 15 % of that.
        int[] sizes = [.. keys.Select(k => k.Count(x => !double.IsNaN(x)))];
        Assert.All(sizes, s => Assert.InRange(s, (int)(0.85 * (Rows - nans) / 8), (int)(1.15 * (Rows - nans) / 8)));
    }
}
