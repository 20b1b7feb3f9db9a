using System.Buffers;
using System.Globalization;
using System.Text;
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
    public static Dictionary<string, object?> Decode(byte[] header) => Decode(header, null);

    /// <summary>
    /// Reads a MessagePack map header into a dictionary, checking <paramref name="limits"/> (when
    /// given) on the number of fields and on each name, string and binary before it is copied out:
    /// an operation name or id of megabytes is refused from its length alone. Integers beyond
    /// <see cref="long"/> come back as <see cref="ulong"/>.
    /// </summary>
    /// <exception cref="ProtocolException">when the bytes are not a map of simple values, or a field is over its limit (naming the field, its size and the limit).</exception>
    public static Dictionary<string, object?> Decode(byte[] header, WireLimits? limits)
    {
        try
        {
            var reader = new MessagePackReader(header);
            int count = reader.ReadMapHeader();
            if (limits is not null && count > limits.MaxHeaderFields)
            {
                throw new WireLimitException(Invariant($"A message header has {count:N0} fields; the limit is {limits.MaxHeaderFields:N0} ({WireLimits.Prefix}header-fields)."), "header", count, limits.MaxHeaderFields);
            }

            var result = new Dictionary<string, object?>(Math.Min(count, 64), StringComparer.Ordinal);
            string? op = null;
            for (int i = 0; i < count; i++)
            {
                string key = ReadString(ref reader, limits?.MaxNameBytes, op, "the name of header field " + i.ToString(CultureInfo.InvariantCulture), WireLimits.Prefix + "name-bytes")
                    ?? throw new ProtocolException("A header key is nil.");
                if (reader.TryReadNil())
                {
                    result[key] = null;
                    continue;
                }

                int? limit = limits?.HeaderFieldLimit(key);
                object? value = reader.NextMessagePackType switch
                {
                    MessagePackType.String => ReadString(ref reader, limit, op, $"header field '{LogText.Truncate(key, 40)}'", WireLimits.KeyOfHeaderField(key)),
                    MessagePackType.Integer => reader.NextCode == MessagePackCode.UInt64 && reader.CreatePeekReader().ReadUInt64() is var big && big > long.MaxValue
                        ? (object)reader.ReadUInt64()
                        : reader.ReadInt64(),
                    MessagePackType.Boolean => reader.ReadBoolean(),
                    MessagePackType.Float => reader.ReadDouble(),
                    MessagePackType.Binary => ReadBinary(ref reader, limit, op, key),
                    var other => throw new ProtocolException($"Header field {LogText.Truncate(key, 40)} has unsupported MessagePack type {other}."),
                };
                result[key] = value;
                if (key == "op" && value is string s)
                {
                    op = s;
                }
            }

            return result;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException or DecoderFallbackException or ArgumentOutOfRangeException) // a str32/bin32 announcing more bytes than there are: MessagePack's reader throws ArgumentOutOfRange (found by fuzzing)
        {
            throw new ProtocolException($"The message header is not valid MessagePack: {e.Message}", e);
        }
    }

    private static string? ReadString(ref MessagePackReader reader, int? limit, string? op, string what, string setting)
    {
        ReadOnlySequence<byte>? bytes = reader.ReadStringSequence();
        if (bytes is not { } utf8)
        {
            return null;
        }

        if (limit is { } max && utf8.Length > max)
        {
            throw TooLarge(op, what, utf8.Length, max, setting, Preview(utf8));
        }

        return s_utf8.GetString(utf8);
    }

    private static byte[]? ReadBinary(ref MessagePackReader reader, int? limit, string? op, string key)
    {
        ReadOnlySequence<byte>? bytes = reader.ReadBytes();
        if (bytes is not { } data)
        {
            return null;
        }

        if (limit is { } max && data.Length > max)
        {
            throw TooLarge(op, $"header field '{LogText.Truncate(key, 40)}'", data.Length, max, WireLimits.KeyOfHeaderField(key), preview: null);
        }

        return data.ToArray();
    }

    /// <summary>The refusal of a field over its limit: which field, how big, the limit and where it is set.</summary>
    internal static WireLimitException TooLarge(string? op, string what, long size, long max, string setting, string? preview) =>
        new(Invariant($"{(op is null ? string.Empty : $"'{LogText.Truncate(op, 40)}': ")}{what} is {size:N0} bytes; the limit is {max:N0} bytes ({setting}){(preview is null ? "." : $"; it begins \"{preview}\".")}"), what, size, max);

    /// <summary>The first few characters of oversized UTF-8 text, for the error.</summary>
    private static string Preview(ReadOnlySequence<byte> utf8)
    {
        byte[] head = utf8.Slice(0, Math.Min(utf8.Length, 32)).ToArray();
        return LogText.Truncate(Encoding.UTF8.GetString(head), 32);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
}
