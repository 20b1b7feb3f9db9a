using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// Messages over an authenticated TCP <see cref="Connection"/>. Frame 0 is the header (MessagePack),
/// frame 1 describes the values (serializer name, header, frame count each), and the values' raw
/// frames follow — array chunks travel as their bytes, not re-encoded.
/// </summary>
/// <remarks>
/// Every message received is held to <see cref="Limits"/>: the header's names, ids and strings
/// before they are decoded, the values' nesting before they are decoded, and the ids and keys of
/// the protocol's records after. A message over a limit is answered with an <c>error</c> naming
/// the field, its size and the limit, and raises <see cref="WireLimitException"/> (the caller
/// closes the connection).
/// </remarks>
public sealed class TcpComm(Connection connection, WireLimits? limits = null) : IComm
{
    private static readonly TimeSpan s_errorSendTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A value table of no values (an empty MessagePack array).</summary>
    private static readonly byte[] s_noValues = [0x90];

    /// <summary>What the peer's messages are held to.</summary>
    public WireLimits Limits { get; } = limits ?? WireLimits.Default;

    /// <inheritdoc/>
    public string Peer => connection.Peer;

    /// <inheritdoc/>
    public ValueTask SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var frames = new List<ReadOnlyMemory<byte>> { HeaderCodec.Encode([.. message.Header.Select(kv => (kv.Key, kv.Value))]) };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(message.Values.Count);
        var payload = new List<ReadOnlyMemory<byte>>();
        foreach (object? value in message.Values)
        {
            ValueEntry.Write(ref writer, value, payload);
        }

        writer.Flush();
        frames.Add(buffer.WrittenMemory);
        frames.AddRange(payload);
        return connection.SendAsync(frames, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<Message?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        byte[][]? frames = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (frames is null)
        {
            return null;
        }

        if (frames.Length < 2)
        {
            throw new ProtocolException($"A message needs a header and a value table; {Peer} sent {frames.Length} frame(s).");
        }

        try
        {
            return Decode(frames);
        }
        catch (WireLimitException e)
        {
            await TellPeerAsync(e.Message).ConfigureAwait(false);
            throw;
        }
    }

    private Message Decode(byte[][] frames)
    {
        Dictionary<string, object?> header = HeaderCodec.Decode(frames[0], Limits);
        string? op = header.GetValueOrDefault("op") as string;
        MessageLimits.CheckDepth(frames[1], Limits.MaxDepth, op);
        var values = new List<object?>();
        try
        {
            var reader = new MessagePackReader(frames[1]);
            int count = reader.ReadArrayHeader();
            ReadOnlyMemory<byte>[] payload = [.. frames.Skip(2).Select(f => (ReadOnlyMemory<byte>)f)];
            int next = 0;
            for (int i = 0; i < count; i++)
            {
                object? value = ValueEntry.Read(ref reader, payload, ref next);
                MessageLimits.CheckValue(value, i, op, Limits);
                values.Add(value);
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidDataException or OverflowException)
        {
            throw new ProtocolException($"{Peer} sent a value table that does not decode: {LogText.Truncate(e.Message, LogText.ReasonMax)}", e);
        }

        return new Message(header, values);
    }

    /// <summary>Best effort: the peer learns why it is about to be disconnected, unless it does not read within a second.</summary>
    private async Task TellPeerAsync(string reason)
    {
        using var timeout = new CancellationTokenSource(s_errorSendTimeout);
        try
        {
            await connection.SendAsync([HeaderCodec.Encode(("op", "error"), ("message", reason)), s_noValues], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
