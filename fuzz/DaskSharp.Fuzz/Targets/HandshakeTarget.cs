using System.Security.Cryptography;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Fuzz;

/// <summary>
/// <see cref="Handshake"/> on both sides, with the bytes as everything the other side sent: as the
/// server's peer (its reply to the challenge) and as the client's server (the challenge, then the
/// verdict). The server may only refuse, with a reason or a <see cref="ProtocolException"/> (the
/// nonce is fresh, so no input can know the proof); the client may accept, or fail as documented:
/// <see cref="IOException"/> (no handshake), <see cref="UnauthorizedAccessException"/> (refused) or
/// <see cref="ProtocolException"/> (bytes that break the framing or the header).
/// </summary>
internal static class HandshakeTarget
{
    /// <summary>The secret both sides use; the seeds' proofs are made with it.</summary>
    public static readonly byte[] Secret = Handshake.SecretBytes("fuzz-secret");

    /// <summary>A frame limit sized to the handshake, as the design gives a peer that has not proved the secret yet.</summary>
    public const long MaxMessageSize = 1 << 16;

    public static FuzzOutcome Run(byte[] input)
    {
        FuzzOutcome server = Server(input);
        FuzzOracleException.Check(server == FuzzOutcome.Refused, "The server accepted a peer that cannot know its nonce.");
        return Client(input);
    }

    private static FuzzOutcome Server(byte[] input)
    {
        using var peer = new InMemoryPeer(input, MaxMessageSize);
        try
        {
            (bool accepted, string reason) = InMemoryPeer.Complete(new ValueTask<(bool, string)>(Handshake.ServerAsync(peer.Connection, Secret, CancellationToken.None)));
            FuzzOracleException.Check(accepted || reason.Length > 0, "The server refused a peer without a reason.");
            return accepted ? FuzzOutcome.Accepted : FuzzOutcome.Refused;
        }
        catch (ProtocolException)
        {
            return FuzzOutcome.Refused;
        }
    }

    private static FuzzOutcome Client(byte[] input)
    {
        using var peer = new InMemoryPeer(input, MaxMessageSize);
        try
        {
            InMemoryPeer.Complete(new ValueTask(Handshake.ClientAsync(peer.Connection, Secret, CancellationToken.None)));
            return FuzzOutcome.Accepted;
        }
        catch (Exception e) when (e is ProtocolException or IOException or UnauthorizedAccessException)
        {
            return FuzzOutcome.Refused;
        }
    }

    /// <summary>What an honest server sends a client that knows <see cref="Secret"/>: the challenge, then the verdict.</summary>
    public static byte[] HonestServer(byte[] nonce, bool accept)
    {
        var wire = new System.Buffers.ArrayBufferWriter<byte>();
        Distributed.Protocol.FrameCodec.Write(wire, [HeaderCodec.Encode(("op", "handshake"), ("protocol", Handshake.ProtocolVersion), ("version", Handshake.Version), ("nonce", nonce))]);
        Distributed.Protocol.FrameCodec.Write(wire, [accept ? HeaderCodec.Encode(("op", "handshake-ok")) : HeaderCodec.Encode(("op", "error"), ("message", "authentication failed: wrong secret"))]);
        return wire.WrittenSpan.ToArray();
    }

    /// <summary>What a client sends in answer to a challenge with <paramref name="nonce"/> (the server's nonce is fresh, so its proof is always wrong there).</summary>
    public static byte[] ClientReply(byte[] nonce, int protocol)
    {
        var wire = new System.Buffers.ArrayBufferWriter<byte>();
        Distributed.Protocol.FrameCodec.Write(wire, [HeaderCodec.Encode(("op", "handshake-reply"), ("protocol", protocol), ("version", Handshake.Version), ("proof", HMACSHA256.HashData(Secret, nonce)))]);
        return wire.WrittenSpan.ToArray();
    }
}
