using System.Buffers;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Arrays.Serialization;

/// <summary>
/// The small values array graphs carry besides chunks: <see cref="Chunks"/>, and the partial results
/// that travel between workers in tree reductions (means, variances, argmin/argmax). Nested chunks
/// go through the registry, so their bytes stay raw frames.
/// </summary>
internal sealed class ArrayPartsSerializer : ITypeSerializer
{
    private const int ChunksKind = 3;
    private const int MeanKind = 4;
    private const int MomentsKind = 5;
    private const int ArgKind = 6;

    public string Name => "array-parts";

    public bool CanSerialize(Type type) =>
        type == typeof(Chunks) || type == typeof(MeanPartial) || type == typeof(MomentsPartial)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ArgPartial<>));

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var frames = new List<ReadOnlyMemory<byte>>();
        switch (value)
        {
            case Chunks c:
                writer.WriteArrayHeader(2);
                writer.Write(ChunksKind);
                WriteChunks(ref writer, c);
                break;
            case MeanPartial m:
                writer.WriteArrayHeader(4);
                writer.Write(MeanKind);
                ValueEntry.Write(ref writer, m.Sum, frames);
                writer.Write(m.Count);
                writer.WriteNil();
                break;
            case MomentsPartial m:
                writer.WriteArrayHeader(4);
                writer.Write(MomentsKind);
                ValueEntry.Write(ref writer, m.Mean, frames);
                writer.Write(m.Count);
                ValueEntry.Write(ref writer, m.M2, frames);
                break;
            case IArgPartial a:
                writer.WriteArrayHeader(3);
                writer.Write(ArgKind);
                ValueEntry.Write(ref writer, a.ValuesObject, frames);
                ValueEntry.Write(ref writer, a.Indices, frames);
                break;
            default:
                throw new NotSupportedException($"The array-parts serializer does not handle {value.GetType().FullName}.");
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), [.. frames]);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        int count = reader.ReadArrayHeader();
        int next = 0;
        switch (reader.ReadInt32())
        {
            case ChunksKind when count == 2:
                return ReadChunks(ref reader);
            case MeanKind when count == 4:
            {
                var sum = (NDArray<double>)ValueEntry.Read(ref reader, frames, ref next)!;
                return new MeanPartial(sum, reader.ReadInt64());
            }

            case MomentsKind when count == 4:
            {
                var mean = (NDArray<double>)ValueEntry.Read(ref reader, frames, ref next)!;
                long n = reader.ReadInt64();
                var m2 = (NDArray<double>)ValueEntry.Read(ref reader, frames, ref next)!;
                return new MomentsPartial(mean, m2, n);
            }

            case ArgKind when count == 3:
            {
                object values = ValueEntry.Read(ref reader, frames, ref next) as IChunkStorage
                    ?? throw new InvalidDataException("An argmin/argmax partial's values are not an array chunk.");
                var indices = (NDArray<long>)ValueEntry.Read(ref reader, frames, ref next)!;
                Type element = values.GetType().GetGenericArguments()[0];
                // ArgPartial<T> for the element type of the values that arrived, which the ndarray codec itself restored.
                return ElementTypeMethod.For<Func<object, NDArray<long>, object>>(typeof(ArrayPartsSerializer), nameof(ArgPartialOf), element)(values, indices);
            }

            case var other:
                throw new InvalidDataException($"Unknown array-parts kind {other} with {count} fields.");
        }
    }

    internal static void WriteChunks(ref MessagePackWriter writer, Chunks c)
    {
        writer.WriteArrayHeader(c.Rank);
        for (int axis = 0; axis < c.Rank; axis++)
        {
            writer.WriteArrayHeader(c[axis].Count);
            foreach (long size in c[axis])
            {
                writer.Write(size);
            }
        }
    }

    internal static Chunks ReadChunks(ref MessagePackReader reader)
    {
        var sizes = new long[reader.ReadArrayHeader()][];
        for (int axis = 0; axis < sizes.Length; axis++)
        {
            sizes[axis] = new long[reader.ReadArrayHeader()];
            for (int i = 0; i < sizes[axis].Length; i++)
            {
                sizes[axis][i] = reader.ReadInt64();
            }
        }

        return new Chunks(sizes);
    }

    private static object ArgPartialOf<T>(object values, NDArray<long> indices)
        where T : unmanaged =>
        new ArgPartial<T>((NDArray<T>)values, indices);
}
