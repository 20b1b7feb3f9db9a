using FsCheck;
using FsCheck.Xunit;

namespace DaskSharp.Array.Tests;

public class IndexingTests
{
    private static readonly NDArray<double> s_a = Reference.Sample(3, 10, 7);

    private static DaskArray<double> X => Da.FromArray(s_a, chunks: (3, 4));

    [Fact]
    public void Ranges_SelectLikePython()
    {
        // x[2:, :-2]
        NDArray<double> r = X[2.., ..^2].Compute();
        Assert.Equal([8, 5], r.Shape.ToArray());
        Assert.Equal(s_a[2, 0], r[0, 0]);
        Assert.Equal(s_a[9, 4], r[7, 4]);
        Assert.Equal("((1, 3, 3, 1), (4, 1))", X[2.., ..^2].Chunks.ToString());
    }

    [Fact]
    public void Integers_DropTheirAxis()
    {
        DaskArray<double> row = X[4];
        Assert.Equal([7L], row.Shape);
        Assert.Equal(Enumerable.Range(0, 7).Select(j => s_a[4, j]), row.Compute().ToArray());
        Assert.Equal(s_a[9, 6], X[-1, -1].Compute().Item());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => s_a[i, 3]), X[SliceIndex.Ellipsis, 3].Compute().ToArray());
    }

    [Fact]
    public void Steps_IncludingNegative()
    {
        // x[::-1, 1::3]
        NDArray<double> r = X[SliceIndex.Slice(null, null, -1), SliceIndex.Slice(1, null, 3)].Compute();
        Assert.Equal([10, 2], r.Shape.ToArray());
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(s_a[9 - i, 1], r[i, 0]);
            Assert.Equal(s_a[9 - i, 4], r[i, 1]);
        }
    }

    [Fact]
    public void EmptySlices_HaveZeroLength()
    {
        Assert.Equal([0L, 7], X[5..5].Shape);
        Assert.Equal([0, 7], X[5..5].Compute().Shape.ToArray());
    }

    [Fact]
    public void BadIndices_FailWhenBuilt()
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => X[10]);
        Assert.Equal("Index 10 is out of bounds for axis 0 with size 10.", e.Message);
        var many = Assert.Throws<IndexOutOfRangeException>(() => X[1, 2, 3]);
        Assert.Equal("too many indices for array: array is 2-dimensional, but 3 were indexed", many.Message);
        Assert.Throws<ArgumentException>(() => SliceIndex.Slice(0, 5, 0));
    }

    [Fact]
    public void BooleanMask_GivesUnknownChunksThenValues()
    {
        DaskArray<double> positive = X[X > 0.0];
        Assert.Equal("dask.array<getitem-mask, shape=(nan,), dtype=float64, chunksize=(nan,), chunktype=NDArray>", positive.ToString());
        double[] expected = [.. s_a.ToArray().Where(v => v > 0)];
        Assert.Equal(expected, positive.Compute().ToArray());
        Assert.Equal(expected.Sum(), positive.Sum().Compute(), 9);
        DaskArray<double> known = positive.ComputeChunkSizes();
        Assert.True(known.Chunks.IsKnown);
        Assert.Equal([(long)expected.Length], known.Shape);
        var e = Assert.Throws<InvalidOperationException>(() => positive + positive);
        Assert.StartsWith("Cannot broadcast an array with unknown chunk sizes", e.Message);
    }

    [Fact]
    public void Take_PicksAlongOneAxis()
    {
        NDArray<double> r = X.Take([8, 1, 2, -1, 0], axis: 0).Compute();
        int[] rows = [8, 1, 2, 9, 0];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < 7; j++)
            {
                Assert.Equal(s_a[rows[i], j], r[i, j]);
            }
        }

        Assert.Equal("((1, 2, 1, 1), (4, 3))", X.Take([8, 1, 2, -1, 0]).Chunks.ToString());
        Assert.Throws<IndexOutOfRangeException>(() => X.Take([10]));
    }

    /// <summary>Random slices with random steps against Python's slice semantics on a 1-d array.</summary>
    [Property(MaxTest = 150)]
    public void Slices_MatchPythonSemantics(int seed)
    {
        var random = new System.Random(seed);
        int n = random.Next(0, 15);
        double[] values = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        long? start = random.Next(3) == 0 ? null : random.Next(-20, 20);
        long? stop = random.Next(3) == 0 ? null : random.Next(-20, 20);
        long step = random.Next(2) == 0 ? random.Next(1, 4) : -random.Next(1, 4);
        var x = Da.FromArray(values, chunks: random.Next(1, 5));

        Assert.Equal(PythonSlice(values, start, stop, step), x[SliceIndex.Slice(start, stop, step)].Compute().ToArray());
    }

    private static double[] PythonSlice(double[] values, long? start, long? stop, long step)
    {
        long n = values.Length;
        long lo = step > 0 ? 0 : -1;
        long hi = step > 0 ? n : n - 1;
        long s = start is { } a ? (a < 0 ? Math.Max(a + n, lo) : Math.Min(a, hi)) : (step > 0 ? lo : hi);
        long e = stop is { } b ? (b < 0 ? Math.Max(b + n, lo) : Math.Min(b, hi)) : (step > 0 ? hi : lo);
        var result = new List<double>();
        for (long i = s; step > 0 ? i < e : i > e; i += step)
        {
            result.Add(values[i]);
        }

        return [.. result];
    }
}
