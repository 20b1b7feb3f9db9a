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
            return (false, $"the first message was not a handshake reply (its op was {LogText.Describe(message.GetValueOrDefault("op"), 40)})");
        }

        object? protocol = message.GetValueOrDefault("protocol");
        if (protocol is not long version || version != ProtocolVersion)
        {
            string received = protocol is null ? "no protocol version" : $"protocol version {LogText.Describe(protocol, 40)}";
            string peerVersion = message.TryGetValue("version", out object? v) ? $"DaskSharp version {LogText.Describe(v, 40)}" : "no DaskSharp version";
            await SendErrorAsync(connection, $"protocol version mismatch: this server speaks protocol version {ProtocolVersion} (DaskSharp {Version}); the client sent {received}", cancellationToken).ConfigureAwait(false);
            return (false, $"protocol version mismatch: the peer sent {received} ({peerVersion}); this side speaks protocol version {ProtocolVersion} (DaskSharp {Version})");
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
        if (challenge.Length == 0)
        {
            throw new IOException("The server sent an empty message instead of a handshake; is this a DaskSharp scheduler?");
        }

        Dictionary<string, object?> message = HeaderCodec.Decode(challenge[0]);
        if (Is(message, "op", "error"))
        {
            // Refused before the challenge: e.g. too many connections are in the handshake at once.
            throw new IOException($"The server refused the connection before the handshake: {LogText.Truncate(message.GetValueOrDefault("message") as string, LogText.ReasonMax)}");
        }

        if (!Is(message, "op", "handshake") || message.GetValueOrDefault("nonce") is not byte[] nonce)
        {
            throw new IOException("The server did not start with a handshake; is this a DaskSharp scheduler?");
        }

        if (message.GetValueOrDefault("protocol") is not long version || version != ProtocolVersion)
        {
            throw new IOException($"The server speaks protocol version {LogText.Describe(message.GetValueOrDefault("protocol"), 40)} (DaskSharp version {LogText.Describe(message.GetValueOrDefault("version"), 40)}); this client speaks protocol version {ProtocolVersion} (DaskSharp {Version}).");
        }

        byte[] proof = HMACSHA256.HashData(secret, nonce);
        await connection.SendAsync([HeaderCodec.Encode(("op", "handshake-reply"), ("protocol", ProtocolVersion), ("version", Version), ("proof", proof))], cancellationToken).ConfigureAwait(false);
        byte[][] answer = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new UnauthorizedAccessException("The server closed the connection during the handshake.");
        if (answer.Length == 0)
        {
            throw new UnauthorizedAccessException("The server answered the handshake with an empty message.");
        }

        Dictionary<string, object?> outcome = HeaderCodec.Decode(answer[0]);
        if (!Is(outcome, "op", "handshake-ok"))
        {
            throw new UnauthorizedAccessException($"The server refused the connection: {LogText.Truncate(outcome.GetValueOrDefault("message") as string, LogText.ReasonMax)}");
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
