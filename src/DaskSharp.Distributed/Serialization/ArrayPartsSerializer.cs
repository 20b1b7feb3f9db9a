using System.Buffers;
using DaskSharp.Arrays;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Distributed.Serialization;

/// <summary>
/// The small values array graphs carry besides chunks: enum arguments (an operation code),
/// <c>ulong</c> seeds, <see cref="Chunks"/>, and the partial results of means and variances that
/// travel between workers in tree reductions. Enums are restored only as enums (their type must
/// resolve to an enum type), so no other type can be created from the wire.
/// </summary>
internal sealed class ArrayPartsSerializer : ITypeSerializer
{
    private const int EnumKind = 1;
    private const int UInt64Kind = 2;
    private const int ChunksKind = 3;
    private const int MeanKind = 4;
    private const int MomentsKind = 5;

    public string Name => "array-parts";

    public bool CanSerialize(Type type) =>
        type.IsEnum || type == typeof(ulong) || type == typeof(Chunks) || type == typeof(MeanPartial) || type == typeof(MomentsPartial);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var frames = new List<ReadOnlyMemory<byte>>();
        switch (value)
        {
            case Enum e:
                writer.WriteArrayHeader(3);
                writer.Write(EnumKind);
                writer.Write(e.GetType().AssemblyQualifiedName);
                writer.Write(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteArrayHeader(2);
                writer.Write(UInt64Kind);
                writer.Write(u);
                break;
            case Chunks c:
                writer.WriteArrayHeader(2);
                writer.Write(ChunksKind);
                writer.WriteArrayHeader(c.Rank);
                for (int axis = 0; axis < c.Rank; axis++)
                {
                    writer.WriteArrayHeader(c[axis].Count);
                    foreach (long size in c[axis])
                    {
                        writer.Write(size);
                    }
                }

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
            case EnumKind when count == 3:
                Type type = FunctionReference.ResolveType(reader.ReadString() ?? throw new InvalidDataException("An enum without its type."), System.Runtime.Loader.AssemblyLoadContext.Default);
                return type.IsEnum ? Enum.ToObject(type, reader.ReadInt64()) : throw new InvalidDataException($"{type.FullName} is not an enum type.");
            case UInt64Kind when count == 2:
                return reader.ReadUInt64();
            case ChunksKind when count == 2:
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

            case var other:
                throw new InvalidDataException($"Unknown array-parts kind {other} with {count} fields.");
        }
    }
}
