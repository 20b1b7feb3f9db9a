using System.Buffers;
using System.Buffers.Binary;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// The wire format of one message, as distributed's TCP comm: a little-endian u64 body length, then
/// the body — a u64 frame count, one u64 length per frame, and the frames back to back. Frame 0 is
/// the MessagePack header; later frames are raw buffers (array chunks, Arrow batches) that travel
/// without re-encoding.
/// </summary>
/// <remarks>
/// The codec is a pure function over bytes, so it is tested without sockets: <c>TryRead</c>
/// either consumes one whole message or says how many more bytes it needs.
/// </remarks>
public static class FrameCodec
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int PrefixSize = sizeof(ulong);

    /// <summary>The largest frame count a message may declare (a guard against garbage tables).</summary>
    public const int MaxFrames = 1 << 16;

    /// <summary>Writes one message of <paramref name="frames"/>.</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(frames);
        long body = sizeof(ulong) * (1L + frames.Count);
        foreach (ReadOnlyMemory<byte> f in frames)
        {
            body += f.Length;
        }

        Span<byte> head = output.GetSpan(PrefixSize + (sizeof(ulong) * (1 + frames.Count)));
        BinaryPrimitives.WriteUInt64LittleEndian(head, (ulong)body);
        BinaryPrimitives.WriteUInt64LittleEndian(head[PrefixSize..], (ulong)frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(head[(PrefixSize + (sizeof(ulong) * (1 + i)))..], (ulong)frames[i].Length);
        }

        output.Advance(PrefixSize + (sizeof(ulong) * (1 + frames.Count)));
        foreach (ReadOnlyMemory<byte> f in frames)
        {
            output.Write(f.Span);
        }
    }

    /// <summary>
    /// Reads one message from the front of <paramref name="buffer"/> if it is all there: returns true,
    /// the frames (copied out), and <paramref name="buffer"/> advanced past the message. Otherwise
    /// returns false with <paramref name="needed"/> set to the total bytes the message needs (at least
    /// the prefix) and the buffer untouched.
    /// </summary>
    /// <exception cref="ProtocolException">for a message over <paramref name="maxMessageSize"/> or a frame table that does not add up.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, long maxMessageSize, out byte[][] frames, out long needed) =>
        TryRead(ref buffer, maxMessageSize, MaxFrames, out frames, out needed);

    /// <summary>
    /// As <see cref="TryRead(ref ReadOnlySequence{byte}, long, out byte[][], out long)"/>, with at most
    /// <paramref name="maxFrames"/> frames. Both limits are checked as soon as the bytes that state
    /// them have arrived (the length after 8 bytes, the frame count after 16), so a peer that
    /// announces too much is refused before the rest is waited for or buffered.
    /// </summary>
    /// <exception cref="ProtocolException">for a message over either limit or a frame table that does not add up.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, long maxMessageSize, int maxFrames, out byte[][] frames, out long needed)
    {
        frames = [];
        if (buffer.Length < PrefixSize)
        {
            needed = PrefixSize;
            return false;
        }

        Span<byte> prefix = stackalloc byte[PrefixSize];
        buffer.Slice(0, PrefixSize).CopyTo(prefix);
        ulong body = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (body > (ulong)maxMessageSize)
        {
            throw new ProtocolException($"Message of {body} bytes is larger than the limit of {maxMessageSize} bytes.");
        }

        if (body < sizeof(ulong))
        {
            throw new ProtocolException($"Message body of {body} bytes cannot hold its frame count.");
        }

        Span<byte> word = stackalloc byte[sizeof(ulong)];
        if (buffer.Length >= PrefixSize + sizeof(ulong))
        {
            buffer.Slice(PrefixSize, sizeof(ulong)).CopyTo(word);
            ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(word);
            if (declared > (ulong)Math.Min(maxFrames, MaxFrames))
            {
                throw new ProtocolException($"Message declares {declared} frames; the limit is {Math.Min(maxFrames, MaxFrames)} ({WireLimits.Prefix}frames).");
            }
        }

        needed = PrefixSize + (long)body;
        if (buffer.Length < needed)
        {
            return false;
        }

        ReadOnlySequence<byte> message = buffer.Slice(PrefixSize, (long)body);
        message.Slice(0, sizeof(ulong)).CopyTo(word);
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(word);
        if ((count + 1) * sizeof(ulong) > body)
        {
            throw new ProtocolException($"Message declares {count} frames, which its {body} bytes cannot hold.");
        }

        var lengths = new long[count];
        ulong total = (count + 1) * sizeof(ulong);
        for (int i = 0; i < (int)count; i++)
        {
            message.Slice(sizeof(ulong) * (1 + i), sizeof(ulong)).CopyTo(word);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(word);
            total += length;
            if (length > body || total > body)
            {
                throw new ProtocolException($"Frame {i} of {length} bytes does not fit in a message of {body} bytes.");
            }

            lengths[i] = (long)length;
        }

        if (total != body)
        {
            throw new ProtocolException($"Frames add up to {total} bytes but the message body has {body}.");
        }

        frames = new byte[count][];
        long offset = (long)((count + 1) * sizeof(ulong));
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = message.Slice(offset, lengths[i]).ToArray();
            offset += lengths[i];
        }

        buffer = buffer.Slice(needed);
        return true;
    }
}
