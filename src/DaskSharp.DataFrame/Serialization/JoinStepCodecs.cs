using DaskSharp.DataFrames.Plan;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// The wire form of a skewed merge's steps for <see cref="PlanSerializer"/>: the key sample
/// (keys, samples) and the key lookup (keys, keep, and each table of key values as an Arrow
/// partition, its header and its one IPC frame as binaries).
/// </summary>
internal static class JoinStepCodecs
{
    private static readonly PartitionSerializer s_partitions = new();

    public static bool Reads(string? kind, int fields) => (kind, fields) is ("key-sample", 3) or ("key-set", 4);

    public static bool TryWrite(ref MessagePackWriter writer, PartitionStep step)
    {
        switch (step)
        {
            case KeySampleStep s:
                writer.WriteArrayHeader(3);
                writer.Write("key-sample");
                WireFields.WriteStrings(ref writer, s.Keys);
                writer.Write(s.Samples);
                return true;
            case KeySetStep k:
                writer.WriteArrayHeader(4);
                writer.Write("key-set");
                WireFields.WriteStrings(ref writer, k.Keys);
                writer.Write(k.Keep);
                writer.WriteArrayHeader(k.Tables.Count);
                foreach (Partition table in k.Tables)
                {
                    (byte[] header, ReadOnlyMemory<byte>[] frames) = s_partitions.Serialize(table);
                    writer.WriteArrayHeader(2);
                    writer.Write(header);
                    writer.Write(frames[0].Span);
                }

                return true;
            default:
                return false;
        }
    }

    public static PartitionStep Read(ref MessagePackReader reader, string kind)
    {
        string[] keys = WireFields.ReadStrings(ref reader, "join key");
        if (kind == "key-sample")
        {
            return new KeySampleStep(keys, reader.ReadInt32());
        }

        bool keep = reader.ReadBoolean();
        var tables = new Partition[reader.ReadArrayHeader()];
        for (int i = 0; i < tables.Length; i++)
        {
            WireFields.Expect(ref reader, 2, "a key table");
            byte[] header = Bytes(ref reader);
            byte[] frame = Bytes(ref reader);
            tables[i] = (Partition)s_partitions.Deserialize(header, [frame]);
        }

        return new KeySetStep(keys, tables, keep);
    }

    private static byte[] Bytes(ref MessagePackReader reader) =>
        reader.ReadBytes() is { } bytes ? System.Buffers.BuffersExtensions.ToArray(bytes) : throw new InvalidDataException("A key table's bytes are missing.");
}
