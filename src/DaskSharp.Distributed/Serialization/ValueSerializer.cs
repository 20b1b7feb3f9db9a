using System.Collections.Concurrent;
using MessagePack;

namespace DaskSharp.Distributed.Serialization;

/// <summary>
/// The registry that moves values between processes: array chunks as dtype + shape + raw bytes,
/// primitives, strings and arrays of them as MessagePack. A type nobody registered is refused with a
/// message that says how to register one — values are never sent through a format that lets the
/// sender pick which types get created.
/// </summary>
public static class ValueSerializer
{
    private static readonly ConcurrentDictionary<string, ITypeSerializer> s_byName = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<ITypeSerializer> s_ordered = new();

    static ValueSerializer()
    {
        Register(new NDArraySerializer());
        Register(new PlainSerializer());
        Register(new WireSerializer());
        Register(new TaskNodeSerializer());
        Register(new ArrayPartsSerializer());
    }

    /// <summary>Adds a serializer; later registrations are tried first.</summary>
    public static void Register(ITypeSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        s_byName[serializer.Name] = serializer;
        s_ordered.Enqueue(serializer);
    }

    /// <summary>The value as header and frames.</summary>
    /// <exception cref="NotSupportedException">for a type no serializer handles.</exception>
    public static SerializedValue Serialize(object? value)
    {
        Type type = value?.GetType() ?? typeof(object);
        foreach (ITypeSerializer serializer in s_ordered.Reverse())
        {
            if (serializer.CanSerialize(type))
            {
                var (header, frames) = serializer.Serialize(value!);
                return new SerializedValue(serializer.Name, header, frames);
            }
        }

        throw new NotSupportedException(
            $"Values of type {type.FullName} cannot be sent between processes; register an ITypeSerializer for it with ValueSerializer.Register.");
    }

    /// <summary>The value back.</summary>
    /// <exception cref="InvalidDataException">for an unknown serializer name or bytes that do not decode.</exception>
    public static object? Deserialize(SerializedValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!s_byName.TryGetValue(value.Serializer, out ITypeSerializer? serializer))
        {
            throw new InvalidDataException($"No serializer named '{value.Serializer}' is registered here.");
        }

        try
        {
            return serializer.Deserialize(value.Header, value.Frames);
        }
        catch (Exception e) when (e is MessagePackSerializationException or ArgumentException or OverflowException or EndOfStreamException)
        {
            throw new InvalidDataException($"The '{value.Serializer}' value does not decode: {e.Message}", e);
        }
    }
}
