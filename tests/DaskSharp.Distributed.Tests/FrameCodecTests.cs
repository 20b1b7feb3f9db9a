using System.Buffers;
using DaskSharp.Distributed.Protocol;
using FsCheck;
using FsCheck.Xunit;

namespace DaskSharp.Distributed.Tests;

public class FrameCodecTests
{
    private static byte[] Encode(params byte[][] frames)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(buffer, [.. frames.Select(f => (ReadOnlyMemory<byte>)f)]);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Write_LaysOutLengthsThenFrames()
    {
        byte[] bytes = Encode([1, 2, 3], [9]);
        // body = count (8) + two lengths (16) + 4 bytes of frames = 28
        Assert.Equal(8 + 28, bytes.Length);
        Assert.Equal(28, BitConverter.ToInt64(bytes, 0));
        Assert.Equal(2, BitConverter.ToInt64(bytes, 8));
        Assert.Equal(3, BitConverter.ToInt64(bytes, 16));
        Assert.Equal(1, BitConverter.ToInt64(bytes, 24));
        Assert.Equal([1, 2, 3, 9], bytes[32..]);
    }

    [Fact]
    public void TryRead_TwoMessagesBackToBack()
    {
        var sequence = new ReadOnlySequence<byte>([.. Encode([1, 2]), .. Encode([], [7, 7, 7])]);
        Assert.True(FrameCodec.TryRead(ref sequence, 1 << 20, out byte[][] first, out _));
        Assert.True(FrameCodec.TryRead(ref sequence, 1 << 20, out byte[][] second, out _));
        Assert.Equal([[1, 2]], first);
        Assert.Equal([[], [7, 7, 7]], second);
        Assert.True(sequence.IsEmpty);
    }

    [Fact]
    public void TryRead_PartialInput_SaysHowManyBytesItNeeds()
    {
        byte[] bytes = Encode([1, 2, 3, 4, 5]);
        var prefix = new ReadOnlySequence<byte>(bytes[..3]);
        Assert.False(FrameCodec.TryRead(ref prefix, 1 << 20, out _, out long needed));
        Assert.Equal(8, needed);
        var half = new ReadOnlySequence<byte>(bytes[..20]);
        Assert.False(FrameCodec.TryRead(ref half, 1 << 20, out _, out needed));
        Assert.Equal(bytes.Length, needed);
        Assert.Equal(20, half.Length); // untouched
    }

    [Fact]
    public void TryRead_OversizedMessage_IsRefused()
    {
        var sequence = new ReadOnlySequence<byte>(Encode(new byte[2000]));
        var e = Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref sequence, 1000, out _, out _));
        Assert.Equal("Message of 2016 bytes is larger than the limit of 1000 bytes.", e.Message); // count, one length, 2000 bytes
    }

    [Fact]
    public void TryRead_GarbageFrameTables_AreRefused()
    {
        byte[] lying = Encode([1, 2, 3]);
        BitConverter.TryWriteBytes(lying.AsSpan(16), 1_000_000L); // frame length far beyond the body
        var sequence = new ReadOnlySequence<byte>(lying);
        Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref sequence, 1 << 20, out _, out _));

        byte[] manyFrames = Encode([1]);
        BitConverter.TryWriteBytes(manyFrames.AsSpan(8), long.MaxValue);
        sequence = new ReadOnlySequence<byte>(manyFrames);
        Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref sequence, 1 << 20, out _, out _));

        var tiny = new ReadOnlySequence<byte>(BitConverter.GetBytes(3L));
        Assert.Throws<ProtocolException>(() => FrameCodec.TryRead(ref tiny, 1 << 20, out _, out _));
    }

    /// <summary>Any frames, fed to the reader in pieces of any size, come back unchanged.</summary>
    [Property(MaxTest = 100)]
    public void RoundTrip_FedInPieces(byte[][] frames, PositiveInt piece)
    {
        frames ??= [];
        frames = [.. frames.Select(f => f ?? [])];
        byte[] bytes = Encode(frames);
        var received = new List<byte>();
        int offset = 0;
        byte[][]? result = null;
        while (result is null)
        {
            int take = Math.Min(piece.Get % 17 + 1, bytes.Length - offset);
            received.AddRange(bytes.AsSpan(offset, take).ToArray());
            offset += take;
            var sequence = new ReadOnlySequence<byte>([.. received]);
            if (FrameCodec.TryRead(ref sequence, 1 << 24, out byte[][] got, out _))
            {
                result = got;
                Assert.True(sequence.IsEmpty);
            }
        }

        Assert.Equal(frames, result);
    }
}
