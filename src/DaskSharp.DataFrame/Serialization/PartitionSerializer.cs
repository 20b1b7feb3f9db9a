using System.Buffers;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// A partition between processes and to spill files: its record batch as one Arrow IPC stream
/// frame (read back zero-copy over the frame's memory), and its index column's name in the header.
/// </summary>
internal sealed class PartitionSerializer : ITypeSerializer
{
    public string Name => "arrow-partition";

    public bool CanSerialize(Type type) => type == typeof(Partition);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var partition = (Partition)value;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(1);
        if (partition.Index is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(partition.Index);
        }

        writer.Flush();
        using var stream = new MemoryStream(checked((int)Math.Min(int.MaxValue, 1024 + Bytes(partition))));
        using (var ipc = new ArrowStreamWriter(stream, partition.Batch.Schema, leaveOpen: true))
        {
            ipc.WriteRecordBatch(partition.Batch);
            ipc.WriteEnd();
        }

        return (buffer.WrittenSpan.ToArray(), [stream.GetBuffer().AsMemory(0, (int)stream.Length)]);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        if (reader.ReadArrayHeader() != 1 || frames.Count != 1)
        {
            throw new InvalidDataException($"An arrow-partition has a one-field header and one frame; this one has {frames.Count} frames.");
        }

        string? index = reader.TryReadNil() ? null : reader.ReadString();
        try
        {
            using var ipc = new ArrowStreamReader(frames[0]);
            RecordBatch batch = ipc.ReadNextRecordBatch() ?? throw new InvalidDataException("The arrow-partition's stream holds no record batch.");
            return new Partition(batch, index);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"The arrow-partition's Arrow stream is corrupt: {e.Message}", e);
        }
    }

    /// <summary>The bytes of a partition's buffers (dictionaries counted once per column).</summary>
    internal static long Bytes(Partition partition)
    {
        long total = 0;
        foreach (IArrowArray a in partition.Batch.Arrays)
        {
            total += Bytes(a.Data);
        }

        return total;
    }

    private static long Bytes(ArrayData data)
    {
        long total = data.Buffers.Sum(b => (long)b.Length);
        foreach (ArrayData child in data.Children ?? [])
        {
            total += Bytes(child);
        }

        return total + (data.Dictionary is null ? 0 : Bytes(data.Dictionary));
    }
}
