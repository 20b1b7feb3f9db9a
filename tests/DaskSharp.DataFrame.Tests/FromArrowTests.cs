using Apache.Arrow;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Dd.FromArrow over several batches, with and without an index column, and what it rejects.</summary>
public sealed class FromArrowTests
{
    private static RecordBatch Batch(long start, int rows) =>
        LocalFrameDisplayTests.Frame(
            null,
            ("t", LocalFrameDisplayTests.Stamps([.. Enumerable.Range(0, rows).Select(i => $"2000-01-{start + i + 1:00}")])),
            ("v", LocalFrameDisplayTests.Doubles([.. Enumerable.Range(0, rows).Select(i => (double?)((start + i) * 0.5))]))).ToArrow();

    [Fact]
    public void SeveralBatches_AreAPartitionEach_InOrder_WithTheIndexColumn()
    {
        DaskDataFrame df = Dd.FromArrow([Batch(0, 3), Batch(3, 0), Batch(3, 2)], index: "t");
        Assert.Equal(3, df.NPartitions);
        Assert.Null(df.Divisions);
        Assert.Equal([("v", "float64")], df.Dtypes);
        LocalFrame local = df.Compute("threads");
        Assert.Equal("t", local.Index);
        Assert.Equal([0.0, 0.5, 1.0, 1.5, 2.0], local.Values("v"));
        Assert.Equal("              v\nt              \n2000-01-01  0.0\n2000-01-02  0.5\n2000-01-03  1.0\n2000-01-04  1.5\n2000-01-05  2.0", local.ToString()); // pandas' repr of the same frame
        Assert.Equal([1.0, 1.5, 2.0], df[df["v"] > 0.75].Compute("sync").Values("v"));
    }

    [Fact]
    public void MismatchedBatches_AndAMissingIndex_AreRejected_NamingThem()
    {
        RecordBatch other = LocalFrameDisplayTests.Frame(null, ("v", LocalFrameDisplayTests.Longs(1))).ToArrow();
        var e = Assert.Throws<ArgumentException>(() => Dd.FromArrow([Batch(0, 2), other]));
        Assert.StartsWith("Partition 1 has columns (v: int64); partition 0 has (t: datetime64[ns], v: float64).", e.Message, StringComparison.Ordinal);
        var index = Assert.Throws<ArgumentException>(() => Dd.FromArrow([Batch(0, 2)], index: "time"));
        Assert.StartsWith("The index column 'time' is not among the batch's columns (t, v).", index.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Dd.FromArrow(System.Array.Empty<RecordBatch>()));
    }
}
