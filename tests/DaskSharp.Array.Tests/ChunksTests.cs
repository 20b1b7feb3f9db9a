namespace DaskSharp.Array.Tests;

public class ChunksTests
{
    [Theory]
    [InlineData(20_000, 20_000, "16 MiB", 1448, 14, 1176)]
    [InlineData(100_000, 100_000, "16 MiB", 1448, 70, 88)]
    [InlineData(1000, 1000, "auto", 1000, 1, 1000)]
    [InlineData(10_000, 10_000, "auto", 4096, 3, 1808)]
    public void Normalize_ByteSizesAndAuto_MatchDask(long rows, long cols, string spec, long chunk, int blocks, long last)
    {
        // Values printed by Dask 2022.12 for da.random.random(shape, chunks=spec).
        Chunks c = Chunks.Normalize(spec, [rows, cols], sizeof(double));
        Assert.Equal([chunk, chunk], c.ChunkSize);
        Assert.Equal([blocks, blocks], c.NumBlocks);
        Assert.Equal(last, c[0][^1]);
        Assert.Equal([rows, cols], c.Shape);
    }

    [Fact]
    public void Normalize_SmallAxisTakesItsWholeLength_LikeDask()
    {
        Chunks c = Chunks.Normalize("1MiB", [7, 1_000_003], sizeof(double));
        Assert.Equal([7L, 18724], c.ChunkSize);
        Assert.Equal([1, 54], c.NumBlocks);
        Assert.Equal(7631, c[1][^1]);
    }

    [Fact]
    public void Normalize_IntegersTuplesAndWholeAxis()
    {
        Assert.Equal("((4, 4, 2), (3, 3, 3, 1))", Chunks.Normalize((4, 3), [10, 10], 8).ToString());
        Assert.Equal("((4, 4, 2), (4, 4, 2))", Chunks.Normalize(4, [10, 10], 8).ToString());
        Assert.Equal("((10,), (5, 5))", Chunks.Normalize(new[] { -1, 5 }, [10, 10], 8).ToString());
        Assert.Equal("((2, 2, 1),)", Chunks.Normalize(ChunkSpec.Explicit([2, 2, 1]), [5], 8).ToString());
        Assert.Equal("((0,),)", Chunks.Normalize(3, [0], 8).ToString());
        Assert.Equal("((1000,), (100, 100))", Chunks.Normalize(ChunkSpec.PerAxis("auto", 100), [1000, 200], 8).ToString());
    }

    [Fact]
    public void Normalize_SizesThatDoNotAddUp_NameTheAxis()
    {
        var e = Assert.Throws<ArgumentException>(() => Chunks.Normalize(ChunkSpec.Explicit([2, 2], [5]), [5, 5], 8));
        Assert.StartsWith("Chunks (2, 2) along axis 0 add up to 4, not to the axis length 5 of shape (5, 5).", e.Message);
        var rank = Assert.Throws<ArgumentException>(() => Chunks.Normalize((2, 2), [5], 8));
        Assert.StartsWith("Chunks (2, 2) have 2 dimensions but the shape (5,) has 1.", rank.Message);
        Assert.Throws<ArgumentException>(() => Chunks.Normalize(0, [5], 8));
        Assert.Throws<FormatException>(() => Chunks.Normalize("16 foos", [5], 8));
    }

    [Fact]
    public void Chunks_BlockShapesAndStarts()
    {
        var c = new Chunks([4, 4, 2], [3, 3, 3, 1]);
        Assert.Equal([2, 3], c.BlockShape([2, 0]));
        Assert.Equal(8, c.Start(0, 2));
        Assert.Equal(9, c.Start(1, 3));
        Assert.Equal(12, c.BlockCount);
    }
}
