namespace DaskSharp.Graphs;

/// <summary>Walking a grid of blocks in row-major order (the order of a collection's keys).</summary>
public static class BlockGrid
{
    /// <summary>Every index of a grid with <paramref name="numBlocks"/> blocks per axis, row-major; each a fresh array.</summary>
    public static IEnumerable<int[]> Indices(int[] numBlocks)
    {
        ArgumentNullException.ThrowIfNull(numBlocks);
        return Walk(numBlocks);
    }

    /// <summary>The number of blocks in the grid.</summary>
    public static long Count(ReadOnlySpan<int> numBlocks)
    {
        long total = 1;
        foreach (int nb in numBlocks)
        {
            total *= nb;
        }

        return total;
    }

    private static IEnumerable<int[]> Walk(int[] numBlocks)
    {
        long total = Count(numBlocks);
        var index = new int[numBlocks.Length];
        for (long n = 0; n < total; n++)
        {
            yield return (int[])index.Clone();
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < numBlocks[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }
}
