using System.Buffers;
using MessagePack;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// A message header: a MessagePack map of simple values (string, integer, boolean, float, bytes, nil).
/// The handshake and every message's first frame use it.
/// </summary>
public static class HeaderCodec
{
    /// <summary>A MessagePack map header from name/value pairs.</summary>
    public static byte[] Encode(params (string Name, object? Value)[] fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(fields.Length);
        foreach (var (name, value) in fields)
        {
            writer.Write(name);
            switch (value)
            {
                case null: writer.WriteNil(); break;
                case string s: writer.Write(s); break;
                case int i: writer.Write(i); break;
                case long l: writer.Write(l); break;
                case bool b: writer.Write(b); break;
                case double d: writer.Write(d); break;
                case byte[] bytes: writer.Write(bytes); break;
                default: throw new ArgumentException($"Header field {name} has unsupported type {value.GetType().Name}.", nameof(fields));
            }
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a MessagePack map header into a dictionary.</summary>
    /// <exception cref="ProtocolException">when the bytes are not a map of simple values.</exception>
    public static Dictionary<string, object?> Decode(byte[] header)
    {
        try
        {
            var reader = new MessagePackReader(header);
            int count = reader.ReadMapHeader();
            var result = new Dictionary<string, object?>(count, StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString() ?? throw new ProtocolException("A header key is nil.");
                if (reader.TryReadNil())
                {
                    result[key] = null;
                    continue;
                }

                result[key] = reader.NextMessagePackType switch
                {
                    MessagePackType.String => reader.ReadString(),
                    MessagePackType.Integer => reader.ReadInt64(),
                    MessagePackType.Boolean => reader.ReadBoolean(),
                    MessagePackType.Float => reader.ReadDouble(),
                    MessagePackType.Binary => reader.ReadBytes()?.ToArray(),
                    var other => throw new ProtocolException($"Header field {key} has unsupported MessagePack type {other}."),
                };
            }

            return result;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException)
        {
            throw new ProtocolException($"The message header is not valid MessagePack: {e.Message}", e);
        }
    }
}
