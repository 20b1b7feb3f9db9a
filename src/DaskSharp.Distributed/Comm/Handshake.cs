using System.Security.Cryptography;
using System.Text;
using DaskSharp.Distributed.Protocol;

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
        await connection.SendAsync([HeaderCodec.Encode(("op", "handshake"), ("protocol", ProtocolVersion), ("version", Version), ("nonce", nonce))], cancellationToken).ConfigureAwait(false);
        byte[][]? reply = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (reply is null || reply.Length == 0)
        {
            return (false, "closed during the handshake");
        }

        Dictionary<string, object?> message = HeaderCodec.Decode(reply[0]);
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

        await connection.SendAsync([HeaderCodec.Encode(("op", "handshake-ok"))], cancellationToken).ConfigureAwait(false);
        return (true, "ok");
    }

    /// <summary>Client side: answers the challenge.</summary>
    /// <exception cref="UnauthorizedAccessException">when the server refuses the secret.</exception>
    public static async Task ClientAsync(Connection connection, byte[] secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        byte[][] challenge = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException("The server closed the connection before the handshake.");
        Dictionary<string, object?> message = HeaderCodec.Decode(challenge[0]);
        if (!Is(message, "op", "handshake") || message.GetValueOrDefault("nonce") is not byte[] nonce)
        {
            throw new IOException("The server did not start with a handshake; is this a DaskSharp scheduler?");
        }

        byte[] proof = HMACSHA256.HashData(secret, nonce);
        await connection.SendAsync([HeaderCodec.Encode(("op", "handshake-reply"), ("protocol", ProtocolVersion), ("version", Version), ("proof", proof))], cancellationToken).ConfigureAwait(false);
        byte[][] answer = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new UnauthorizedAccessException("The server closed the connection during the handshake.");
        Dictionary<string, object?> outcome = HeaderCodec.Decode(answer[0]);
        if (!Is(outcome, "op", "handshake-ok"))
        {
            throw new UnauthorizedAccessException($"The server refused the connection: {outcome.GetValueOrDefault("message")}");
        }
    }

    private static bool Is(Dictionary<string, object?> message, string key, string value) =>
        message.GetValueOrDefault(key) is string s && s == value;

    private static Task SendErrorAsync(Connection connection, string text, CancellationToken cancellationToken) =>
        connection.SendAsync([HeaderCodec.Encode(("op", "error"), ("message", text))], cancellationToken).AsTask();

    /// <summary>A fresh random secret, as the scheduler file carries it (hex).</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret's bytes for HMAC.</summary>
    public static byte[] SecretBytes(string secret) => Encoding.UTF8.GetBytes(secret);
}
