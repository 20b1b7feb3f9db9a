namespace DaskSharp.Array.Tests;

public class MapBlocksTests
{
    private static readonly NDArray<double> s_a = Reference.Sample(6, 7, 9);

    [Fact]
    public void MapBlocks_LambdaWithCaptures()
    {
        double factor = 3;
        DaskArray<double> x = Da.FromArray(s_a, chunks: (3, 4));
        NDArray<double> r = x.MapBlocks(b => (b * factor) + 1.0).Compute();
        Assert.Equal(s_a.ToArray().Select(v => (v * 3) + 1), r.ToArray());
    }

    [Fact]
    public void MapBlocks_BlockInfo_TellsWhereTheBlockIs()
    {
        DaskArray<double> x = Da.FromArray(s_a, chunks: (3, 4));
        // Every element becomes its block's starting row: the array location of the block.
        NDArray<double> r = x.MapBlocks((b, info) => NDArray<double>.Full(info.ArrayLocation[0].Start, b.Shape.ToArray())).Compute();
        Assert.Equal(0, r[2, 8]);
        Assert.Equal(3, r[3, 0]);
        Assert.Equal(6, r[6, 5]);
        var infos = new System.Collections.Concurrent.ConcurrentBag<string>();
        x.MapBlocks((b, info) => { infos.Add($"{info.BlockIndex[0]},{info.BlockIndex[1]}:{info.ArrayLocation[1].Start}-{info.ArrayLocation[1].Stop}"); return b; }).Compute();
        Assert.Contains("2,2:8-9", infos);
        Assert.Equal(9, infos.Count);
    }

    [Fact]
    public void MapBlocks_ChangingBlockShape()
    {
        DaskArray<double> x = Da.FromArray(s_a, chunks: (3, 3));
        DaskArray<double> sums = x.MapBlocks(b => b.Sum(null, keepDims: true), blockShape: [1, 1]);
        Assert.Equal([3L, 3], sums.Shape);
        Assert.Equal(s_a.Sum().Item(), sums.Compute().Sum().Item(), 9);
    }

    [Fact]
    public void Blockwise_IndexStrings_PairTransposedBlocks()
    {
        NDArray<double> b = Reference.Sample(7, 9, 7);
        DaskArray<double> x = Da.FromArray(s_a, chunks: (3, 4));
        DaskArray<double> y = Da.FromArray(b, chunks: (5, 2));
        DaskArray<double> z = Da.Blockwise((NDArray<double> p, NDArray<double> q) => p - q.T, "ij", x, "ij", y, "ji");
        Reference.Equal(s_a - b.T, z.Compute());
        Reference.Equal(s_a.T, Da.Blockwise((NDArray<double> p) => p.T, "ji", x, "ij").Compute());
        Assert.Throws<NotSupportedException>(() => Da.Blockwise((NDArray<double> p) => p, "ijk", x, "ij"));
    }

    [Fact]
    public void Blockwise_ContractedLetters_ConcatenateBlocks()
    {
        NDArray<double> b = Reference.Sample(8, 9, 5);
        DaskArray<double> x = Da.FromArray(s_a, chunks: (3, 4));
        DaskArray<double> y = Da.FromArray(b, chunks: (2, 3));

        // Row sums: each task sees whole rows (the j blocks concatenated).
        DaskArray<double> rows = Da.Blockwise((NDArray<double> p) => p.Sum([1]), "i", x, "ij");
        Assert.Equal("((3, 3, 1),)", rows.Chunks.ToString());
        Reference.Equal(s_a.Sum([1]), rows.Compute());

        // "ik" from "ij" and "jk": a matrix product written as blockwise.
        DaskArray<double> product = Da.Blockwise((NDArray<double> p, NDArray<double> q) => Reference.MatMul(p, q), "ik", x, "ij", y, "jk");
        Reference.Equal(Reference.MatMul(s_a, b), product.Compute(), 1e-12);
    }

    [Fact]
    public void Blockwise_EinsumLikeSpec_AndBlocksIndexer()
    {
        NDArray<double> b = Reference.Sample(7, 9, 7);
        DaskArray<double> x = Da.FromArray(s_a, chunks: (3, 4));
        DaskArray<double> y = Da.FromArray(b, chunks: (5, 2));
        Reference.Equal(s_a - b.T, Da.Blockwise((NDArray<double> p, NDArray<double> q) => p - q.T, "ij,ji->ij", x, y).Compute());
        Reference.Equal(s_a.T, Da.Blockwise((NDArray<double> p) => p.T, "ij->ji", x).Compute());
        Assert.Throws<ArgumentException>(() => Da.Blockwise((NDArray<double> p) => p, "ij", x));
        Assert.Equal([s_a[3, 4]], x.Blocks[1, 1][0.., ..1][..1].Compute().ToArray());
        Assert.Equal(Da.Maximum(x, x * -1.0).Compute().ToArray(), s_a.ToArray().Select(Math.Abs).ToArray());
        Assert.Equal(Da.Minimum(x, x * -1.0).Compute().ToArray(), s_a.ToArray().Select(v => -Math.Abs(v)).ToArray());
    }

}
