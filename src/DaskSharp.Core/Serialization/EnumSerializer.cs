using System.Buffers;
using System.Globalization;
using System.Runtime.Loader;
using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// Enum values (an operation code, a boundary kind) as their type's name and their number. The type
/// is resolved among the application's assemblies and must be an enum, so no other type can be
/// created from the wire.
/// </summary>
internal sealed class EnumSerializer : ITypeSerializer
{
    public string Name => "enum";

    public bool CanSerialize(Type type) => type.IsEnum;

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(value.GetType().AssemblyQualifiedName);
        writer.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), []);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        var reader = new MessagePackReader(header);
        if (reader.ReadArrayHeader() != 2)
        {
            throw new InvalidDataException("An enum value is [type, number].");
        }

        string name = reader.ReadString() ?? throw new InvalidDataException("An enum without its type.");
        Type type;
        try
        {
            type = FunctionReference.ResolveType(name, AssemblyLoadContext.Default);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or BadImageFormatException or ArgumentException or TypeLoadException or System.Reflection.TargetInvocationException)
        {
            // A name that does not parse (FileLoadException), names no loadable type, or whose class initializer throws: bytes, not a value.
            throw new InvalidDataException($"An enum value of a type that does not resolve here: {e.Message}", e);
        }

        return type.IsEnum && !type.ContainsGenericParameters ? Enum.ToObject(type, reader.ReadInt64()) : throw new InvalidDataException($"{type.FullName} is not an enum type.");
    }
}
