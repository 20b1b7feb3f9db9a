using System.Buffers.Binary;
using DaskSharp.DataFrames.Serialization;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// A p2p shuffle's piece as the opaque bytes a shuffle service moves: the partition codec's header
/// (the index name) and its Arrow IPC frame behind a 4-byte length, read back zero-copy over the bytes.
/// </summary>
internal static class ShufflePieceCodec
{
    private static readonly PartitionSerializer s_partitions = new();

    public static byte[] Encode(Partition piece)
    {
        (byte[] header, ReadOnlyMemory<byte>[] frames) = s_partitions.Serialize(piece);
        ReadOnlySpan<byte> frame = frames[0].Span;
        var bytes = new byte[4 + header.Length + frame.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, header.Length);
        header.CopyTo(bytes.AsSpan(4));
        frame.CopyTo(bytes.AsSpan(4 + header.Length));
        return bytes;
    }

    public static Partition Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int headerLength = bytes.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        if (headerLength < 0 || headerLength > bytes.Length - 4)
        {
            throw new InvalidDataException($"A shuffle piece of {bytes.Length} bytes has no valid header length ({headerLength}).");
        }

        byte[] header = bytes.AsSpan(4, headerLength).ToArray();
        return (Partition)s_partitions.Deserialize(header, [bytes.AsMemory(4 + headerLength)]);
    }
}
