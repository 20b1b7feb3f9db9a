using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Frames from lazy arrays and back: Dask's from_dask_array divisions and to_dask_array(lengths=True) chunks, exact values, nulls as NaN, clear errors.</summary>
public sealed class ArrayInteropTests
{
    internal static double[,] Matrix(int rows, int columns)
    {
        var m = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                m[r, c] = (r * 10) + c + (c / 8.0);
            }
        }

        return m;
    }

    [Fact]
    public void FromDaskArray_2d_IsAColumnPerArrayColumn_PartitionedByRowChunks()
    {
        double[,] m = Matrix(10, 3);
        DaskArray<double> x = Da.FromArray(m, (4, 2)); // rows 4, 4, 2; columns in two blocks, 2 and 1
        DaskDataFrame df = Dd.FromDaskArray(x);
        Assert.Equal(3, df.NPartitions);
        Assert.Equal([0L, 4L, 8L, 9L], df.Divisions!);
        Assert.Equal([("0", "float64"), ("1", "float64"), ("2", "float64")], df.Dtypes);
        LocalFrame local = df.Compute("sync");
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(r => (object?)m[r, c]), local.Values(c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void FromDaskArray_1d_IsOneNamedColumn()
    {
        long[] v = [.. Enumerable.Range(0, 7).Select(i => (long)i * i - 5)];
        DaskDataFrame df = Dd.FromDaskArray(Da.FromArray(v, 3), ["sq"]);
        Assert.Equal([0L, 3L, 6L, 6L], df.Divisions!);
        Assert.Equal([("sq", "int64")], df.Dtypes);
        Assert.Equal(v.Select(x => (object?)x), df.Compute("threads").Values("sq"));
        Assert.Equal(v.Where(x => x > 0).Select(x => (object?)x), df[df["sq"] > 0L].Compute("sync").Values("sq"));
    }

    [Fact]
    public void ToDaskArray_ComputesTheLengths_AndKeepsTheValuesLazy()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame positive = df[df["x"] > 0.0]["x", "y"];
        LocalFrame expected = positive.Compute("sync");
        DaskArray<double> a = positive.ToDaskArray<double>("sync");
        Assert.Equal(2, a.Rank);
        Assert.Equal(8, a.NumBlocks[0]);
        Assert.Equal(expected.Length, a.Shape[0]);
        Assert.Equal([2L], a.Chunks[1]);
        NDArray<double> values = a.Compute("sync");
        object?[] xs = expected.Values("x"), ys = expected.Values("y");
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal((double)xs[r]!, values[r, 0]);
            Assert.Equal((double)ys[r]!, values[r, 1]);
        }
    }

    [Fact]
    public void NullsBecomeNaN_InAFloatArray_AndIntegersWiden()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        double[] v = df["v"].ToDaskArray<double>("sync").Compute("sync").ToArray();
        Assert.Equal([1.5, double.NaN, 2.0, -4.0, 0.25, 8.0, double.NaN, 1.0, -1.0, 3.5], v);
        Assert.Equal([4L, 4L, 2L], df["v"].ToDaskArray<double>("sync").Chunks[0]); // FromArrow's partitions
        double[] k = df["k"].ToDaskArray<double>("sync").Compute("sync").ToArray();
        Assert.Equal([1, 2, double.NaN, 1, 3, 2, 1, double.NaN, 3, 3], k);
        var e = Assert.Throws<TaskFailedException>(() => df["k"].ToDaskArray<long>("sync").Compute("sync"));
        Assert.Equal("Column 'k' is null in row 2 of its partition; an array of int64 cannot hold a missing value (use double, which takes it as NaN).", e.InnerException!.Message);
    }

    [Fact]
    public void ArraysRoundTripThroughFrames()
    {
        double[,] m = Matrix(9, 4);
        DaskArray<double> x = Da.FromArray(m, (3, 4));
        DaskArray<double> back = Dd.FromDaskArray(x, ["a", "b", "c", "d"]).ToDaskArray<double>("sync");
        Assert.Equal(x.Chunks, back.Chunks);
        Assert.Equal(NDArray<double>.FromArray(m).ToArray(), back.Compute("sync").ToArray());

        int[] ints = [3, -1, 4, 1, -5];
        Assert.Equal(ints, Dd.FromDaskArray(Da.FromArray(ints, 2))["0"].ToDaskArray<int>("sync").Compute("sync").ToArray());
        bool[] flags = [true, false, false, true];
        Assert.Equal(flags, Dd.FromDaskArray(Da.FromArray(flags, 3), ["f"]).ToDaskArray<bool>("sync").Compute("sync").ToArray());
    }

    [Fact]
    public void BadInput_NamesTheProblem()
    {
        DaskArray<double> cube = Da.Zeros<double>((2L, 2L, 2L));
        var rank = Assert.Throws<ArgumentException>(() => Dd.FromDaskArray(cube));
        Assert.StartsWith("FromDaskArray takes a 1-d or 2-d array; this one is 3-d (shape (2, 2, 2))", rank.Message, StringComparison.Ordinal);
        var names = Assert.Throws<ArgumentException>(() => Dd.FromDaskArray(Da.FromArray(Matrix(3, 2)), ["only"]));
        Assert.StartsWith("1 column names were given for an array of 2 columns (shape (3, 2))", names.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Dd.FromDaskArray(Da.FromArray(Matrix(3, 2)), ["a", "a"]));
        Assert.Throws<NotSupportedException>(() => Dd.FromDaskArray(Da.FromArray(new byte[] { 1, 2 })));
        var cast = Assert.Throws<InvalidCastException>(() => FrameCases.WithNulls().ToDaskArray<double>("sync"));
        Assert.Equal("Column 's' is string, which does not convert to an array of float64.", cast.Message);
        var narrowing = Assert.Throws<InvalidCastException>(() => FrameCases.WithNulls()["v"].ToDaskArray<long>("sync"));
        Assert.Equal("Column 'v' is float64, which does not convert to an array of int64.", narrowing.Message);
    }
}
