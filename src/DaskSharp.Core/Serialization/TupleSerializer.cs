using System.Buffers;
using System.Runtime.CompilerServices;
using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// Value tuples of up to seven registered values, such as the <c>(Q, R)</c> factors of a QR task:
/// each item through the registry. The tuple's type comes back from its items' own types (an item
/// that was null comes back typed <see cref="object"/>), so only registered types are created.
/// </summary>
internal sealed class TupleSerializer : ITypeSerializer
{
    private static readonly Type[] s_definitions =
    [
        typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
        typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>),
    ];

    public string Name => "tuple";

    // An item of a type nobody registered is refused when the tuple is written, naming that type.
    public bool CanSerialize(Type type) => type.IsGenericType && Array.IndexOf(s_definitions, type.GetGenericTypeDefinition()) >= 0;

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var tuple = (ITuple)value;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        var frames = new List<ReadOnlyMemory<byte>>();
        writer.WriteArrayHeader(tuple.Length);
        for (int i = 0; i < tuple.Length; i++)
        {
            ValueEntry.Write(ref writer, tuple[i], frames);
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), [.. frames]);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        int count = reader.ReadArrayHeader();
        if (count < 1 || count > s_definitions.Length)
        {
            throw new InvalidDataException($"A tuple has 1 to {s_definitions.Length} items, not {count}.");
        }

        var items = new object?[count];
        int next = 0;
        for (int i = 0; i < count; i++)
        {
            items[i] = ValueEntry.Read(ref reader, frames, ref next);
        }

        Type type = s_definitions[count - 1].MakeGenericType([.. items.Select(item => item?.GetType() ?? typeof(object))]);
        return Activator.CreateInstance(type, items)!;
    }
}
