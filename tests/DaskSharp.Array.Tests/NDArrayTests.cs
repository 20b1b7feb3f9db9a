using FsCheck;
using FsCheck.Xunit;

namespace DaskSharp.Array.Tests;

public class NDArrayTests
{
    [Fact]
    public void FromArray_IndexesRowMajor()
    {
        var a = NDArray<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(6, a[1, 2]);
        Assert.Equal(4, a[1, 0]);
        Assert.Equal(3, a[0, -1]);
        Assert.True(a.IsContiguous);
        Assert.Equal([3, 1], a.Strides.ToArray());
    }

    [Fact]
    public void Transpose_IsAViewOfTheSameData()
    {
        var a = NDArray<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        NDArray<double> t = a.T;
        Assert.Equal([3, 2], t.Shape.ToArray());
        Assert.False(t.IsContiguous);
        Assert.Equal(6, t[2, 1]);
        a[0, 2] = 30;
        Assert.Equal(30, t[2, 0]);
        Assert.Equal([1, 4, 2, 5, 30, 6], t.ToArray());
    }

    [Fact]
    public void Reshape_ContiguousIsAView_TransposedIsACopy()
    {
        var a = NDArray<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([3, 2], a.Reshape(-1, 2).Shape.ToArray());
        Assert.Equal([1, 4, 2, 5, 3, 6], a.T.Reshape(6).ToArray());
        var e = Assert.Throws<ArgumentException>(() => a.Reshape(4, 2));
        Assert.Contains("Cannot reshape an array of shape (2, 3) (size 6) into shape (4, 2)", e.Message);
    }

    [Fact]
    public void Indexer_OutOfRange_NamesAxisAndSize()
    {
        var a = new NDArray<double>(2, 3);
        var e = Assert.Throws<IndexOutOfRangeException>(() => a[0, 3]);
        Assert.Equal("Index 3 is out of bounds for axis 1 with size 3.", e.Message);
    }

    [Fact]
    public void ToString_LooksLikeNumPy()
    {
        Assert.Equal("array([[1., 2., 3.],\n       [4., 5., 6.]])", NDArray<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3).ToString());
        Assert.Equal("array([1, 2], dtype=int32)", NDArray<int>.FromArray([1, 2], 2).ToString());
        Assert.Equal("array(2.5)", NDArray<double>.Scalar(2.5).ToString());
        Assert.Equal("array([True, False])", NDArray<bool>.FromArray([true, false], 2).ToString());
    }

    [Fact]
    public void Binary_TransposedOperand_MatchesReference()
    {
        // Odd sizes exercise partial 64 × 64 tiles of the transpose-aware kernel.
        NDArray<double> a = Reference.Sample(1, 67, 131);
        NDArray<double> b = Reference.Sample(2, 131, 67);
        Reference.Equal(Reference.Binary(a, b.T, (x, y) => x - y), a - b.T);
        Reference.Equal(Reference.Binary(b.T, a, (x, y) => x - y), b.T - a);
        Reference.Equal(Reference.Binary(b.T, a.T.T, (x, y) => x * y), b.T * a);
    }

    [Fact]
    public void Binary_Remainder_HasTheSignOfTheDivisor()
    {
        var a = NDArray<double>.FromArray([7, -7, 7, -7], 4);
        var b = NDArray<double>.FromArray([3, 3, -3, -3], 4);
        Assert.Equal([1, 2, -2, -1], (a % b).ToArray());
        var ia = NDArray<long>.FromArray([7, -7, 7, -7], 4);
        var ib = NDArray<long>.FromArray([3, 3, -3, 0], 4);
        Assert.Equal([1L, 2, -2, 0], (ia % ib).ToArray());
    }

    [Fact]
    public void Broadcast_Incompatible_NamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new NDArray<double>(2, 3) + new NDArray<double>(4));
        Assert.Equal("operands could not be broadcast together with shapes (2, 3) (4,)", e.Message);
    }

    [Fact]
    public void Reductions_EmptyMinimum_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NDArray<double>(0).Min());
        Assert.Equal(0, new NDArray<double>(0, 3).Sum().Item());
        Assert.Equal([0.0, 0, 0], new NDArray<double>(0, 3).Sum([0]).ToArray());
    }

    [Fact]
    public void NaN_PropagatesThroughMinMax()
    {
        var a = NDArray<double>.FromArray([1, double.NaN, 3], 3);
        Assert.True(double.IsNaN(a.Max().Item()));
        Assert.True(double.IsNaN(a.Min().Item()));
    }

    /// <summary>Broadcasting binary operations against the scalar reference, on random compatible shapes.</summary>
    [Property(MaxTest = 80)]
    public void Binary_Broadcasting_MatchesReference(int seed)
    {
        var random = new System.Random(seed);
        int rank = random.Next(0, 4);
        int[] shape = [.. Enumerable.Range(0, rank).Select(_ => random.Next(0, 6))];
        int[] other = [.. shape.Skip(random.Next(0, rank + 1)).Select(s => random.Next(3) == 0 ? 1 : s)];
        NDArray<double> a = Reference.Sample(seed, shape);
        NDArray<double> b = Reference.Sample(seed + 1, other);
        if (random.Next(2) == 0 && a.Rank >= 2)
        {
            a = Reference.Sample(seed, [.. shape.Reverse()]).T; // a strided operand
        }

        Reference.Equal(Reference.Binary(a, b, (x, y) => x + y), a + b);
        Reference.Equal(Reference.Binary(b, a, (x, y) => x - y), b - a);
        Reference.Equal(Reference.Binary(a, b, Math.Max), a.Apply(BinaryOp.Maximum, b));
    }

    /// <summary>Reductions over random axis sets, with and without keepdims, against the reference.</summary>
    [Property(MaxTest = 80)]
    public void Reduce_AnyAxes_MatchesReference(int seed)
    {
        var random = new System.Random(seed);
        int rank = random.Next(1, 4);
        int[] shape = [.. Enumerable.Range(0, rank).Select(_ => random.Next(1, 7))];
        int[] axes = [.. Enumerable.Range(0, rank).Where(_ => random.Next(2) == 0)];
        bool keep = random.Next(2) == 0;
        NDArray<double> a = Reference.Sample(seed, shape);
        if (rank >= 2 && random.Next(2) == 0)
        {
            a = Reference.Sample(seed, [.. shape.Reverse()]).T;
        }

        Reference.Equal(Reference.Reduce(a, axes, keep, (x, y) => x + y, 0), a.Sum(axes, keep));
        Reference.Equal(Reference.Reduce(a, axes, keep, Math.Max, double.NegativeInfinity), a.Max(axes, keep));
        Reference.Equal(Reference.Reduce(a, axes, keep, Math.Min, double.PositiveInfinity), a.Min(axes, keep));
    }
}

public class TileTransposeTests
{
    [Theory]
    [InlineData(64, 64)]
    [InlineData(7, 10)]
    [InlineData(3, 5)]
    [InlineData(40, 64)]
    [InlineData(64, 13)]
    public void Transpose_MatchesScalarReference(int rows, int cols)
    {
        double[] source = [.. Enumerable.Range(0, rows * cols).Select(i => (double)i)];
        double[] actual = new double[rows * cols];
        Arrays.Fusion.TileTranspose.Transpose<double>(source, rows, cols, actual);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                Assert.Equal(source[(i * cols) + j], actual[(j * rows) + i]);
            }
        }

        int[] ints = [.. Enumerable.Range(0, rows * cols)];
        int[] intsOut = new int[rows * cols];
        Arrays.Fusion.TileTranspose.Transpose<int>(ints, rows, cols, intsOut);
        Assert.Equal(actual.Select(v => (int)v), intsOut);
    }
}

public class BlockRandomTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(4099)]
    public void VectorPath_EqualsScalarPath(int length)
    {
        var vector = new Arrays.BlockRandom(42, [3, 1]);
        var scalar = new Arrays.BlockRandom(42, [3, 1]);
        double[] v = new double[length];
        double[] s = new double[length];
        vector.NextDoubles(v);
        scalar.NextDoubles(s, scalarOnly: true);
        Assert.Equal(s, v);
        Assert.All(v, x => Assert.InRange(x, 0.0, 1.0 - 1e-16));
    }

    [Fact]
    public void Streams_DependOnSeedAndBlock()
    {
        double[] a = new double[16];
        double[] b = new double[16];
        double[] c = new double[16];
        new Arrays.BlockRandom(1, [0, 0]).NextDoubles(a);
        new Arrays.BlockRandom(1, [0, 1]).NextDoubles(b);
        new Arrays.BlockRandom(2, [0, 0]).NextDoubles(c);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }
}
