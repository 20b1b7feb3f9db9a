using DaskSharp.Graphs;

namespace DaskSharp.Arrays;

/// <summary>Puts computed blocks together into one array (Dask's <c>concatenate3</c>).</summary>
internal static class BlockAssembly
{
    public static NDArray<T> Assemble<T>(Chunks chunks, ReadOnlySpan<object?> blocks)
        where T : unmanaged
    {
        if (blocks.Length == 1)
        {
            return (NDArray<T>)blocks[0]!;
        }

        if (!chunks.IsKnown)
        {
            // After boolean indexing: blocks of lengths known only now along the first axis (one block
            // along the others, as argwhere's rows), laid end to end.
            var parts = new List<T>();
            long rows = 0;
            foreach (object? block in blocks)
            {
                var b = (NDArray<T>)block!;
                parts.AddRange(b.ToArray());
                rows += b.Rank == 0 ? 1 : b.Shape[0];
            }

            int[] rest = chunks.Rank > 1 ? [.. Enumerable.Range(1, chunks.Rank - 1).Select(d => (int)chunks.Sizes(d).Sum())] : [];
            return NDArray<T>.FromArray([.. parts], [(int)rows, .. rest]);
        }

        long[] shape = chunks.Shape;
        long size = shape.Aggregate(1L, (n, s) => n * s);
        if (size > System.Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The result has {size} elements, more than one .NET array holds ({System.Array.MaxLength}); compute a reduction or a slice of it instead.");
        }

        var result = new NDArray<T>([.. shape.Select(s => (int)s)]);
        int[] numBlocks = chunks.NumBlocks;
        var index = new int[numBlocks.Length];
        var starts = new int[numBlocks.Length];
        for (int b = 0; b < blocks.Length; b++)
        {
            for (int d = 0; d < index.Length; d++)
            {
                starts[d] = (int)chunks.Start(d, index[d]);
            }

            var block = (NDArray<T>)blocks[b]!;
            StridedCopy.Copy(block, result.Block(starts, block.Shape));
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < numBlocks[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return result;
    }
}
