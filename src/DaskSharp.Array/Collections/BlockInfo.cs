namespace DaskSharp;

/// <summary>
/// Where a block sits, passed to <c>MapBlocks</c> functions that ask for it (Dask's
/// <c>block_info</c>): its index in the grid, its [start, stop) range along each axis, the whole
/// array's shape and the grid's size.
/// </summary>
public sealed record BlockInfo(int[] BlockIndex, (long Start, long Stop)[] ArrayLocation, long[] Shape, int[] NumBlocks)
{
    internal static BlockInfo From(int[] index, Chunks chunks) => new(
        index,
        [.. Enumerable.Range(0, chunks.Rank).Select(d => (chunks.Start(d, index[d]), chunks.Start(d, index[d]) + chunks[d][index[d]]))],
        chunks.Shape,
        chunks.NumBlocks);
}
