namespace DaskSharp.Arrays;

/// <summary>What a chunk's storage costs in memory (its whole buffer, which a view keeps alive), for worker accounting.</summary>
internal interface IChunkStorage
{
    /// <summary>Bytes of the buffer behind the chunk.</summary>
    long StorageBytes { get; }
}
