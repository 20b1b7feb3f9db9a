using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using MessagePack;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// The first exchange on every connection. The server sends its protocol version and a random
/// nonce; the client answers with its version and HMAC-SHA256(secret, nonce). The secret itself
/// never crosses the wire, and a wrong answer closes the connection before any other message is read.
/// </summary>
public static class Handshake
{
    /// <summary>The protocol version both sides must speak.</summary>
    public const int ProtocolVersion = 1;

    /// <summary>The DaskSharp version sent for logs.</summary>
    public static string Version { get; } = typeof(Handshake).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Server side: challenges the peer; true when it proved it knows <paramref name="secret"/>.</summary>
    public static async Task<(bool Accepted, string Reason)> ServerAsync(Connection connection, byte[] secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        byte[] nonce = RandomNumberGenerator.GetBytes(32);
        await connection.SendAsync([Encode(("op", "handshake"), ("protocol", ProtocolVersion), ("version", Version), ("nonce", nonce))], cancellationToken).ConfigureAwait(false);
        byte[][]? reply = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (reply is null || reply.Length == 0)
        {
            return (false, "closed during the handshake");
        }

        Dictionary<string, object?> message = Decode(reply[0]);
        if (!Is(message, "op", "handshake-reply"))
        {
            return (false, "the first message was not a handshake reply");
        }

        if (message.GetValueOrDefault("protocol") is not (int or long or byte or sbyte or short or ushort or uint) || Convert.ToInt32(message["protocol"], System.Globalization.CultureInfo.InvariantCulture) != ProtocolVersion)
        {
            await SendErrorAsync(connection, $"protocol version mismatch: server speaks {ProtocolVersion}", cancellationToken).ConfigureAwait(false);
            return (false, $"protocol version {message.GetValueOrDefault("protocol")} is not {ProtocolVersion}");
        }

        byte[] expected = HMACSHA256.HashData(secret, nonce);
        if (message.GetValueOrDefault("proof") is not byte[] proof || !CryptographicOperations.FixedTimeEquals(proof, expected))
        {
            await SendErrorAsync(connection, "authentication failed: wrong secret", cancellationToken).ConfigureAwait(false);
            return (false, "wrong secret");
        }

        await connection.SendAsync([Encode(("op", "handshake-ok"))], cancellationToken).ConfigureAwait(false);
        return (true, "ok");
    }

    /// <summary>Client side: answers the challenge.</summary>
    /// <exception cref="UnauthorizedAccessException">when the server refuses the secret.</exception>
    public static async Task ClientAsync(Connection connection, byte[] secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        byte[][] challenge = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException("The server closed the connection before the handshake.");
        Dictionary<string, object?> message = Decode(challenge[0]);
        if (!Is(message, "op", "handshake") || message.GetValueOrDefault("nonce") is not byte[] nonce)
        {
            throw new IOException("The server did not start with a handshake; is this a DaskSharp scheduler?");
        }

        byte[] proof = HMACSHA256.HashData(secret, nonce);
        await connection.SendAsync([Encode(("op", "handshake-reply"), ("protocol", ProtocolVersion), ("version", Version), ("proof", proof))], cancellationToken).ConfigureAwait(false);
        byte[][] answer = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new UnauthorizedAccessException("The server closed the connection during the handshake.");
        Dictionary<string, object?> outcome = Decode(answer[0]);
        if (!Is(outcome, "op", "handshake-ok"))
        {
            throw new UnauthorizedAccessException($"The server refused the connection: {outcome.GetValueOrDefault("message")}");
        }
    }

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
    /// <exception cref="Protocol.ProtocolException">when the bytes are not a map of simple values.</exception>
    public static Dictionary<string, object?> Decode(byte[] header)
    {
        try
        {
            var reader = new MessagePackReader(header);
            int count = reader.ReadMapHeader();
            var result = new Dictionary<string, object?>(count, StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString() ?? throw new Protocol.ProtocolException("A header key is nil.");
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
                    var other => throw new Protocol.ProtocolException($"Header field {key} has unsupported MessagePack type {other}."),
                };
            }

            return result;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException)
        {
            throw new Protocol.ProtocolException($"The message header is not valid MessagePack: {e.Message}", e);
        }
    }

    private static bool Is(Dictionary<string, object?> message, string key, string value) =>
        message.GetValueOrDefault(key) is string s && s == value;

    private static Task SendErrorAsync(Connection connection, string text, CancellationToken cancellationToken) =>
        connection.SendAsync([Encode(("op", "error"), ("message", text))], cancellationToken).AsTask();

    /// <summary>A fresh random secret, as the scheduler file carries it (hex).</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret's bytes for HMAC.</summary>
    public static byte[] SecretBytes(string secret) => Encoding.UTF8.GetBytes(secret);
}
