using System.Buffers;
using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// Null, primitives, strings, byte arrays and one-dimensional arrays of those, as MessagePack with
/// a type code first (so an int comes back an int, not a long). Byte arrays go in a raw frame.
/// </summary>
internal sealed class PlainSerializer : ITypeSerializer
{
    private static readonly Type[] s_codes =
    [
        typeof(object), typeof(bool), typeof(int), typeof(long), typeof(double), typeof(float), typeof(string), typeof(byte[]),
        typeof(int[]), typeof(long[]), typeof(double[]), typeof(float[]), typeof(string[]), typeof(bool[]), typeof(ulong),
    ];

    public string Name => "plain";

    public bool CanSerialize(Type type) => Array.IndexOf(s_codes, type) > 0 || type == typeof(object);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        int code = value is null ? 0 : Array.IndexOf(s_codes, value.GetType());
        if (code < 0 || (value is not null && value.GetType() == typeof(object)))
        {
            throw new NotSupportedException($"The plain serializer does not handle {value?.GetType().FullName}.");
        }

        writer.WriteArrayHeader(2);
        writer.Write(code);
        ReadOnlyMemory<byte>[] frames = [];
        switch (value)
        {
            case null: writer.WriteNil(); break;
            case bool b: writer.Write(b); break;
            case int i: writer.Write(i); break;
            case long l: writer.Write(l); break;
            case ulong u: writer.Write(u); break;
            case double d: writer.Write(d); break;
            case float f: writer.Write(f); break;
            case string s: writer.Write(s); break;
            case byte[] bytes:
                writer.WriteNil();
                frames = [bytes];
                break;
            default:
                writer.Flush();
                MessagePackSerializer.Serialize(value.GetType(), buffer, value, MessagePackSerializerOptions.Standard);
                return (buffer.WrittenSpan.ToArray(), frames);
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), frames);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        if (reader.ReadArrayHeader() != 2)
        {
            throw new InvalidDataException("A plain value is [type code, value].");
        }

        int code = reader.ReadInt32();
        if (code < 0 || code >= s_codes.Length)
        {
            throw new InvalidDataException($"Unknown plain type code {code}.");
        }

        Type type = s_codes[code];
        if (type == typeof(object))
        {
            reader.ReadNil();
            return null!;
        }

        if (type == typeof(byte[]))
        {
            return frames.Count == 1 ? frames[0].ToArray() : throw new InvalidDataException("A byte array travels in one frame.");
        }

        byte[] rest = header[(int)reader.Consumed..];
        return MessagePackSerializer.Deserialize(type, rest, MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData))
            ?? throw new InvalidDataException($"A plain {type.Name} decoded to nothing.");
    }
}
