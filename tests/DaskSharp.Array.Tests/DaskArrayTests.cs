using FsCheck;
using FsCheck.Xunit;

namespace DaskSharp.Array.Tests;

public class DaskArrayTests
{
    [Fact]
    public void SeedExpression_MatchesTheInMemoryResult()
    {
        var rng = Da.Random.DefaultRng(7);
        var x = rng.Random((37, 37), chunks: (10, 7));
        var y = (x + x.T) - x.Mean(axis: 0);

        NDArray<double> xv = x.Compute();
        NDArray<double> expected = (xv + xv.T) - (xv.Sum([0]) / 37.0);
        Reference.Equal(expected, y.Compute());
        Assert.Equal(expected.Sum().Item(), y.Sum().Compute(), 9);
    }

    [Fact]
    public void SeedExpression_LargeBlocks_TiledEvaluationMatches()
    {
        // Blocks of 150 × 130 are evaluated 64 × 64 tile by tile (partial edge tiles included).
        var rng = Da.Random.DefaultRng(9);
        var x = rng.Random((300, 300), chunks: (150, 130));
        var y = ((x + x.T) * 0.5) - x.Mean(axis: 0);

        NDArray<double> xv = x.Compute();
        NDArray<double> expected = ((xv + xv.T) * 0.5) - (xv.Sum([0]) / 300.0);
        Reference.Equal(expected, y.Compute());
        Assert.Equal(expected.Sum().Item(), y.Sum().Compute(), 8);
        Reference.Equal(expected.Sum([0]), y.Sum(axis: 0).Compute());
        Reference.Equal(expected.Sum([1]), y.Sum(axis: 1).Compute());
        Assert.Equal(xv.Max().Item(), x.Max().Compute());
    }

    [Fact]
    public void Random_BlockValues_DoNotDependOnFusion()
    {
        // A random block computed alone, or generated tile by tile inside a fused task, is the same.
        var x = Da.Random.DefaultRng(5).Random((200, 180), chunks: (130, 100));
        NDArray<double> alone = x.Compute();
        NDArray<double> fused = (x * 1.0).Compute();
        Assert.Equal(alone.ToArray(), fused.ToArray());
        Assert.Equal(alone.T.ToArray(), x.T.Compute().ToArray());
    }

    [Fact]
    public void Random_SameSeed_SameValuesOnEveryScheduler()
    {
        NDArray<double> threads = Da.Random.DefaultRng(3).Random((50, 40), chunks: 16).Compute(scheduler: "threads");
        NDArray<double> sync = Da.Random.DefaultRng(3).Random((50, 40), chunks: 16).Compute(scheduler: "sync");
        NDArray<double> single;
        using (DaskConfig.Set("num-workers", 1))
        {
            single = Da.Random.DefaultRng(3).Random((50, 40), chunks: 16).Compute();
        }

        Assert.Equal(threads.ToArray(), sync.ToArray());
        Assert.Equal(threads.ToArray(), single.ToArray());
        Assert.NotEqual(threads.ToArray(), Da.Random.DefaultRng(4).Random((50, 40), chunks: 16).Compute().ToArray());
        Assert.All(threads.ToArray(), v => Assert.InRange(v, 0.0, 1.0 - 1e-17));
    }

    [Fact]
    public void Random_Distributions_HaveTheRightMoments()
    {
        var rng = Da.Random.DefaultRng(11);
        Assert.Equal(0.5, rng.Random(200_000, chunks: 30_000).Mean().Compute(), 2);
        Assert.Equal(5.0, rng.Normal(5, 2, 200_000, chunks: 30_000).Mean().Compute(), 1);
        Assert.Equal(2.0, rng.Normal(5, 2, 200_000, chunks: 30_000).Std().Compute(), 1);
        NDArray<long> ints = rng.Integers(3, 7, 10_000, chunks: 999).Compute();
        Assert.Equal([3L, 4, 5, 6], ints.ToArray().Distinct().Order());
        Assert.Equal(10.0, rng.Uniform(10, 10.5, 1000).Min().Compute(), 0);
    }

    [Fact]
    public void Reductions_AlongAxes_MatchReference()
    {
        NDArray<double> a = Reference.Sample(5, 9, 13, 4);
        DaskArray<double> x = Da.FromArray(a, chunks: (4, 5, 3));
        Reference.Equal(a.Sum([1]), x.Sum(axis: 1).Compute());
        Reference.Equal(a.Sum([0, 2], keepDims: true), x.Sum([0, 2], keepDims: true, splitEvery: 2).Compute());
        Reference.Equal(a.Max([2]), x.Max(axis: 2).Compute());
        Reference.Equal(a.Min([0]), x.Min(axis: -3).Compute());
        Assert.Equal(a.Sum().Item(), x.Sum().Compute(), 9);
        Reference.Equal(a.Prod([1]), x.Prod(axis: 1).Compute()); // products combine in another order: equal to rounding
    }

    [Fact]
    public void MeanVarStd_MatchTwoPassReference()
    {
        NDArray<double> a = Reference.Sample(8, 31, 6);
        DaskArray<double> x = Da.FromArray(a, chunks: (4, 5));
        double[] values = a.ToArray();
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        double sampleVariance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);

        Assert.Equal(mean, x.Mean().Compute(), 12);
        Assert.Equal(variance, x.Var().Compute(), 10);
        Assert.Equal(Math.Sqrt(sampleVariance), x.Std(ddof: 1).Compute(), 10);
        for (int col = 0; col < 6; col++)
        {
            double[] column = [.. Enumerable.Range(0, 31).Select(r => a[r, col])];
            double m = column.Average();
            Assert.Equal(m, x.Mean(axis: 0).Compute()[col], 12);
            Assert.Equal(column.Sum(v => (v - m) * (v - m)) / 31, x.Var(axis: 0).Compute()[col], 10);
        }
    }

    [Fact]
    public void Mean_OfIntegers_IsFloat64_AndGenericCodeIsToldHowToAskForIt()
    {
        DaskArray<double> mean = Da.Ones<int>(10).Mean(axis: 0);
        Assert.Equal("float64", mean.Dtype);
        Assert.Equal(1.0, Da.Ones<int>(10).Mean().Compute());
        var e = Assert.Throws<NotSupportedException>(() => GenericMean(Da.Ones<short>(10)));
        Assert.Equal(
            "Mean of a int16 array is float64 in NumPy, and this call returns int16: call it on a DaskArray<short> (not a generic DaskArray<T>), or convert first with AsType<double>(), or give the type: Mean<double>(…).",
            e.Message);
        Assert.Equal(1.0, Da.Ones<short>(10).Mean<double>().Compute());
    }

    private static DaskScalar<T> GenericMean<T>(DaskArray<T> x)
        where T : unmanaged => x.Mean();

    [Fact]
    public void Broadcasting_BetweenDifferentChunks_RechunksAndMatches()
    {
        NDArray<double> a = Reference.Sample(1, 12, 10);
        NDArray<double> b = Reference.Sample(2, 10);
        NDArray<double> c = Reference.Sample(3, 12, 1);
        DaskArray<double> x = Da.FromArray(a, chunks: (5, 4));
        DaskArray<double> y = Da.FromArray(b, chunks: 3);
        DaskArray<double> z = Da.FromArray(c, chunks: (7, 1));

        Reference.Equal(Reference.Binary(a, b, (p, q) => p * q), (x * y).Compute());
        Reference.Equal(Reference.Binary(Reference.Binary(a, b, (p, q) => p - q), c, (p, q) => p / q), ((x - y) / z).Compute());
        Assert.Equal("((5, 5, 2), (3, 1, 2, 2, 1, 1))", (x + y).Chunks.ToString());
    }

    [Fact]
    public void ScalarsComparisonsAndWhere()
    {
        NDArray<double> a = Reference.Sample(4, 6, 5);
        DaskArray<double> x = Da.FromArray(a, chunks: 2);

        Reference.Equal(Reference.Binary(a, NDArray<double>.Scalar(2), (p, q) => (p * q) + 1), ((x * 2.0) + 1.0).Compute());
        Reference.Equal(Reference.Binary(NDArray<double>.Scalar(1), a, (p, q) => p - q), (1.0 - x).Compute());
        Assert.Equal(a.ToArray().Select(v => v > 0).ToArray(), (x > 0.0).Compute().ToArray());
        double[] clipped = [.. a.ToArray().Select(v => v > 0 ? v : 0)];
        Assert.Equal(clipped, Da.Where(x > 0.0, x, Da.Zeros<double>((6, 5), chunks: 3)).Compute().ToArray());
        Assert.Equal(a.ToArray().Select(v => (int)v).ToArray(), x.AsType<int>().Compute().ToArray());
        Assert.Equal(a.ToArray().Select(Math.Abs).ToArray(), x.Apply(UnaryOp.Abs).Compute().ToArray());
    }

    [Fact]
    public void Creation_Routines()
    {
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], Da.Arange(0, 7, chunks: 3).Compute().ToArray());
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6], Da.Arange(0.0, 7, chunks: 3).Compute().ToArray());
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1], Da.Linspace(0, 1, 5, chunks: 2).Compute().ToArray());
        Assert.Equal([1L, 1, 1, 1, 1, 1], Da.Ones<long>((2, 3), chunks: 2).Compute().ToArray());
        Assert.Equal([7f, 7, 7], Da.Full(3, 7f).Compute().ToArray());
        Assert.Equal([3, 4], Da.Zeros<int>((3, 4)).Compute().Shape.ToArray());
    }

    [Fact]
    public void ZeroLengthAxes_ComputeToEmptyArrays()
    {
        DaskArray<double> x = Da.Ones<double>((0, 4), chunks: 2);
        Assert.Equal([0, 4], x.Compute().Shape.ToArray());
        Assert.Equal([0.0, 0, 0, 0], x.Sum(axis: 0).Compute().ToArray());
        Assert.Equal(0, x.Sum().Compute());
    }

    [Fact]
    public void BadInput_FailsWhenTheExpressionIsBuilt()
    {
        var x = Da.Ones<double>((4, 5), chunks: 2);
        var e = Assert.Throws<ArgumentException>(() => x + Da.Ones<double>(4, chunks: 2));
        Assert.Equal("operands could not be broadcast together with shapes (4, 5) (4,)", e.Message);
        var axis = Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(axis: 2));
        Assert.StartsWith("Axis 2 is out of bounds for an array of dimension 2.", axis.Message);
        Assert.Throws<ArgumentException>(() => x.Transpose(0, 0));
        Assert.Throws<ArgumentException>(() => Da.Ones<double>((4, 5), chunks: ChunkSpec.Explicit([1, 1], [5])));
    }

    [Fact]
    public void Repr_LooksLikeDask()
    {
        var x = Da.Random.Random((20_000, 20_000), chunks: "16 MiB");
        Assert.Equal("dask.array<random_sample, shape=(20000, 20000), dtype=float64, chunksize=(1448, 1448), chunktype=NDArray>", x.ToString());
        Assert.Equal("dask.array<sum-aggregate, shape=(), dtype=float64, chunksize=(), chunktype=NDArray>", x.Sum().ToString());
        Assert.Equal(3_200_000_000L, x.NBytes);
        Assert.Equal([14, 14], x.NumBlocks);
        Assert.Equal("float64", x.Dtype);
        Assert.Equal(10, Da.Ones<bool>(10).NBytes); // one byte per bool, as NumPy (not the 4 bytes bool marshals to)
        Assert.Equal(10, Da.Ones<bool>(10).Compute().NBytes);
    }

    [Fact]
    public void ToHtml_ShowsSizesAndTheChunkGrid()
    {
        var x = Da.Ones<double>((20, 30), chunks: (10, 7));
        string html = x.ToHtml();
        Assert.Contains("<th> Bytes </th>\n                        <td> 4.69 kiB </td>\n                        <td> 560 B </td>", html);
        Assert.Contains("<td> (20, 30) </td>\n                        <td> (10, 7) </td>", html);
        Assert.Contains("<td colspan=\"2\"> 10 chunks in 1 graph layer </td>", html);
        Assert.Contains("float64", html);

        string svg = x.ToSvg(size: 120);
        Assert.StartsWith("<svg width=\"170\" height=\"130\"", svg);
        string[] parts = svg.Split("<!-- Vertical lines -->");
        Assert.Equal(3, CountOf(parts[0], "<line ")); // rows: top, one boundary, bottom
        Assert.Equal(6, CountOf(parts[1], "<line ")); // columns: 5 blocks → 6 lines
        Assert.Contains(">30</text>", svg);
        Assert.Contains(">20</text>", svg);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void SeedGraph_FusesIntoOneTaskPerBlockAndHoldsNoRandomBlock()
    {
        var x = Da.Random.DefaultRng(1).Random((40, 40), chunks: 10);
        var total = ((x + x.T) - x.Mean(axis: 0)).Sum();
        Graphs.TaskGraph graph = Optimization.GraphOptimizer.Optimize(total.Array.Graph, total.OutputKeys);
        var byPrefix = graph.Keys.GroupBy(k => k.Prefix).ToDictionary(g => g.Key, g => g.Count());

        // 16 fused (random, transpose, add, sub, sum-chunk) tasks; 16 fused mean chunks; small combine trees.
        Assert.Equal(16, byPrefix["sum"]);
        Assert.Equal(16, byPrefix["mean"]);
        Assert.False(byPrefix.ContainsKey("random_sample"));
        Assert.False(byPrefix.ContainsKey("add"));
    }

    [Fact]
    public void Persist_KeepsValuesAndName()
    {
        var x = Da.Random.DefaultRng(2).Random((10, 10), chunks: 5);
        DaskArray<double> p = x.Persist();
        Assert.Equal(x.Name, p.Name);
        Assert.Equal(x.Compute().ToArray(), p.Compute().ToArray());
        Assert.All(p.Graph.Layers.Values, l => Assert.IsType<Graphs.MaterializedLayer>(l));
    }

    [Fact]
    public void Rechunk_KeepsValues()
    {
        NDArray<double> a = Reference.Sample(9, 11, 7);
        DaskArray<double> x = Da.FromArray(a, chunks: (3, 2));
        DaskArray<double> r = x.Rechunk((4, 7));
        Assert.Equal("((4, 4, 3), (7,))", r.Chunks.ToString());
        Reference.Equal(a, r.Compute());
    }

    /// <summary>Elementwise expressions on random shapes and awkward chunkings equal the in-memory result.</summary>
    [Property(MaxTest = 40)]
    public void Expression_AnyChunking_MatchesInMemory(int seed)
    {
        var random = new System.Random(seed);
        int rows = random.Next(1, 12);
        int cols = random.Next(1, 12);
        NDArray<double> a = Reference.Sample(seed, rows, cols);
        NDArray<double> b = Reference.Sample(seed + 1, cols, rows);
        var x = Da.FromArray(a, chunks: (random.Next(1, rows + 1), random.Next(1, cols + 1)));
        var y = Da.FromArray(b, chunks: (random.Next(1, cols + 1), random.Next(1, rows + 1)));

        NDArray<double> expected = ((a * 2.0) - b.T) + a.Sum([0]);
        Reference.Equal(expected, ((x * 2.0) - y.T + x.Sum(axis: 0)).Compute());
    }
}
