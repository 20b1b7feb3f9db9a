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
public sealed class TcpComm(Connection connection) : IComm
{
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

        Dictionary<string, object?> header = HeaderCodec.Decode(frames[0]);
        var values = new List<object?>();
        try
        {
            var reader = new MessagePackReader(frames[1]);
            int count = reader.ReadArrayHeader();
            ReadOnlyMemory<byte>[] payload = [.. frames.Skip(2).Select(f => (ReadOnlyMemory<byte>)f)];
            int next = 0;
            for (int i = 0; i < count; i++)
            {
                values.Add(ValueEntry.Read(ref reader, payload, ref next));
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidDataException or OverflowException)
        {
            throw new ProtocolException($"{Peer} sent a value table that does not decode: {e.Message}", e);
        }

        return new Message(header, values);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
