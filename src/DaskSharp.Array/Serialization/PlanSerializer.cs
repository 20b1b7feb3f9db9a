using System.Buffers;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Arrays.Serialization;

/// <summary>
/// The plans that rechunk and overlap tasks carry as literals: which pieces of which input blocks make
/// an output block. A plan is its numbers; an overlap plan's boundary constant travels as a
/// one-element chunk, so it keeps its element type.
/// </summary>
internal sealed class PlanSerializer : ITypeSerializer
{
    private const int RechunkKind = 1;
    private const int OverlapKind = 2;

    public string Name => "array-plan";

    public bool CanSerialize(Type type) =>
        type == typeof(RechunkPlan)
        || (type.IsNested && type.DeclaringType is { IsGenericType: true } outer && outer.GetGenericTypeDefinition() == typeof(Overlap<>) && type.Name == "OverlapPlan");

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var frames = new List<ReadOnlyMemory<byte>>();
        switch (value)
        {
            case RechunkPlan plan:
                writer.WriteArrayHeader(3);
                writer.Write(RechunkKind);
                IntArrayCodec.Write(ref writer, plan.Shape);
                writer.WriteArrayHeader(plan.Pieces.Length);
                foreach (var (source, length, destination) in plan.Pieces)
                {
                    IntArrayCodec.Write(ref writer, source);
                    IntArrayCodec.Write(ref writer, length);
                    IntArrayCodec.Write(ref writer, destination);
                }

                break;
            case IOverlapPlan plan:
                writer.WriteArrayHeader(8);
                writer.Write(OverlapKind);
                IntArrayCodec.Write(ref writer, plan.Index);
                ArrayPartsSerializer.WriteChunks(ref writer, plan.Chunks);
                IntArrayCodec.Write(ref writer, plan.Depth);
                IntArrayCodec.Write(ref writer, plan.Before);
                IntArrayCodec.Write(ref writer, plan.After);
                writer.Write((int)plan.Boundary);
                ValueEntry.Write(ref writer, plan.ConstantChunk, frames);
                break;
            default:
                throw new NotSupportedException($"The array-plan serializer does not handle {value.GetType().FullName}.");
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), [.. frames]);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        int count = reader.ReadArrayHeader();
        switch (reader.ReadInt32())
        {
            case RechunkKind when count == 3:
            {
                int[] shape = IntArrayCodec.Read(ref reader);
                var pieces = new (int[], int[], int[])[reader.ReadArrayHeader()];
                for (int i = 0; i < pieces.Length; i++)
                {
                    pieces[i] = (IntArrayCodec.Read(ref reader), IntArrayCodec.Read(ref reader), IntArrayCodec.Read(ref reader));
                }

                return new RechunkPlan(shape, pieces);
            }

            case OverlapKind when count == 8:
            {
                var fields = new OverlapFields(
                    IntArrayCodec.Read(ref reader), ArrayPartsSerializer.ReadChunks(ref reader), IntArrayCodec.Read(ref reader),
                    IntArrayCodec.Read(ref reader), IntArrayCodec.Read(ref reader), ReadBoundary(ref reader));
                int next = 0;
                object constant = ValueEntry.Read(ref reader, frames, ref next) as IChunkStorage
                    ?? throw new InvalidDataException("An overlap plan's constant is not an array chunk.");
                Type element = constant.GetType().GetGenericArguments()[0];
                return ElementTypeMethod.For<Func<object, OverlapFields, object>>(typeof(PlanSerializer), nameof(OverlapPlanOf), element)(constant, fields);
            }

            case var other:
                throw new InvalidDataException($"Unknown array-plan kind {other} with {count} fields.");
        }
    }

    private static Boundary ReadBoundary(ref MessagePackReader reader)
    {
        int value = reader.ReadInt32();
        return Enum.IsDefined((Boundary)value) ? (Boundary)value : throw new InvalidDataException($"Unknown overlap boundary {value}.");
    }

    private static object OverlapPlanOf<T>(object constant, OverlapFields f)
        where T : unmanaged =>
        new Overlap<T>.OverlapPlan(f.Index, f.Chunks, f.Depth, f.Before, f.After, f.Boundary, ((NDArray<T>)constant).Data[0]);

    private sealed record OverlapFields(int[] Index, Chunks Chunks, int[] Depth, int[] Before, int[] After, Boundary Boundary);
}
