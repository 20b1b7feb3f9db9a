using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Fuzz;

/// <summary>
/// What an authenticated peer's messages go through: <see cref="TcpComm"/> (frames, the header, the
/// value table and every value's serializer) and then <see cref="MessageCodec.Decode"/> (each typed
/// record's fields). Both may refuse only with a <see cref="ProtocolException"/>. A record that
/// decodes must be one the shells can forward: it encodes again, and that encoding reads back as a
/// record that encodes to the same bytes.
/// </summary>
internal static class MessageTarget
{
    /// <summary>Messages read from one input at most (a peer's stream is long; a fuzz input need not be).</summary>
    private const int MaxMessages = 16;

    public static FuzzOutcome Run(byte[] input)
    {
        using var peer = new InMemoryPeer(input);
        var comm = new TcpComm(peer.Connection);
        try
        {
            for (int i = 0; i < MaxMessages && InMemoryPeer.Complete(comm.ReceiveAsync()) is { } message; i++)
            {
                ReEncodes(MessageCodec.Decode(message));
            }

            return FuzzOutcome.Accepted;
        }
        catch (ProtocolException)
        {
            return FuzzOutcome.Refused;
        }
    }

    /// <summary>The bytes <see cref="TcpComm"/> sends for <paramref name="message"/>.</summary>
    public static byte[] Wire(ProtocolMessage message)
    {
        using var peer = new InMemoryPeer([]);
        InMemoryPeer.Complete(new TcpComm(peer.Connection).SendAsync(MessageCodec.Encode(message)));
        return peer.Sent();
    }

    private static void ReEncodes(ProtocolMessage decoded)
    {
        byte[] wire = Wire(decoded);
        ProtocolMessage again;
        using (var peer = new InMemoryPeer(wire))
        {
            try
            {
                Message? read = InMemoryPeer.Complete(new TcpComm(peer.Connection).ReceiveAsync());
                FuzzOracleException.Check(read is not null, $"'{decoded.Op}' encoded as no message.");
                again = MessageCodec.Decode(read!);
            }
            catch (ProtocolException e)
            {
                throw new FuzzOracleException($"'{decoded.Op}' decoded, but its own encoding is refused: {e.Message}", e);
            }
        }

        FuzzOracleException.Check(again.GetType() == decoded.GetType(), $"'{decoded.Op}' came back as {again.GetType().Name}, not {decoded.GetType().Name}.");
        FuzzOracleException.Check(Wire(again).AsSpan().SequenceEqual(wire), $"'{decoded.Op}' encodes differently once read back.");
    }
}
