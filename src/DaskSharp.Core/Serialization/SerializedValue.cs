namespace DaskSharp.Serialization;

/// <summary>
/// A value ready for the wire: the name of the serializer that wrote it, a small MessagePack header,
/// and raw frames (for an array chunk, its bytes, not copied when the chunk is contiguous).
/// </summary>
public sealed record SerializedValue(string Serializer, byte[] Header, ReadOnlyMemory<byte>[] Frames)
{
    /// <summary>Bytes on the wire (header plus frames).</summary>
    public long NBytes => Header.Length + Frames.Sum(f => (long)f.Length);
}
