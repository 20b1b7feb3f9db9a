namespace DaskSharp.Arrays;

/// <summary>
/// How a random block is laid out: the last two axes are cut into 64 × 64 tiles (a 1-d block into
/// runs of 4096), and every tile draws from its own <see cref="BlockRandom"/> stream seeded by the
/// array's seed, the block index, the index over the leading axes and the tile's position. Any tile
/// can therefore be generated alone — a fused task makes the tile it needs, in cache, instead of
/// the whole 16 MiB block — and the values never depend on who generates them or in what order.
/// </summary>
internal static class RandomTiles
{
    public const int Tile = 64;
    public const int VectorTile = 4096;

    /// <summary>Rows and columns of the 2-d view of a block shape, and its leading count.</summary>
    public static (long Lead, int Rows, int Cols, int TileRows, int TileCols) Layout(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0)
        {
            return (1, 1, 1, 1, 1);
        }

        if (shape.Length == 1)
        {
            return (1, 1, shape[0], 1, VectorTile);
        }

        long lead = 1;
        for (int d = 0; d < shape.Length - 2; d++)
        {
            lead *= shape[d];
        }

        return (lead, shape[^2], shape[^1], Tile, Tile);
    }

    /// <summary>Fills a whole block, tile by tile.</summary>
    public static void FillBlock(ulong seed, ReadOnlySpan<int> blockIndex, ReadOnlySpan<int> shape, Span<double> destination)
    {
        var (lead, rows, cols, tileRows, tileCols) = Layout(shape);
        double[] tile = new double[tileRows * tileCols];
        for (long l = 0; l < lead; l++)
        {
            Span<double> plane = destination.Slice((int)(l * rows * cols), rows * cols);
            for (int r0 = 0; r0 < rows; r0 += tileRows)
            {
                int h = Math.Min(tileRows, rows - r0);
                for (int c0 = 0; c0 < cols; c0 += tileCols)
                {
                    int w = Math.Min(tileCols, cols - c0);
                    Span<double> values = tile.AsSpan(0, h * w);
                    FillTile(seed, blockIndex, l, r0 / tileRows, c0 / tileCols, values);
                    for (int r = 0; r < h; r++)
                    {
                        values.Slice(r * w, w).CopyTo(plane.Slice(((r0 + r) * cols) + c0, w));
                    }
                }
            }
        }
    }

    /// <summary>The values of one tile, row-major (h × w of the tile's actual size).</summary>
    public static void FillTile(ulong seed, ReadOnlySpan<int> blockIndex, long lead, int tileRow, int tileCol, Span<double> destination)
    {
        Span<int> key = stackalloc int[blockIndex.Length + 4];
        blockIndex.CopyTo(key);
        key[^4] = (int)lead;
        key[^3] = (int)(lead >> 32);
        key[^2] = tileRow;
        key[^1] = tileCol;
        new BlockRandom(seed, key).NextDoubles(destination);
    }
}
