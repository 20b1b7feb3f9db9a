using System.Buffers;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Fuzz;

/// <summary>
/// <see cref="FrameCodec.TryRead"/> over the bytes as a socket delivers them: whole, and cut into
/// three segments (a read may end anywhere). Both must agree, and every message read must write
/// back as exactly the bytes it came from (the framing has one encoding).
/// </summary>
internal static class FrameTarget
{
    public static FuzzOutcome Run(byte[] input)
    {
        (FuzzOutcome whole, List<byte[][]> messages) = ReadAll(new ReadOnlySequence<byte>(input), input);
        (FuzzOutcome cut, List<byte[][]> again) = ReadAll(Segments.Cut(input, 3), input);
        FuzzOracleException.Check(whole == cut && messages.Count == again.Count, $"The whole input gave {whole} after {messages.Count} messages, its segments {cut} after {again.Count}.");
        for (int m = 0; m < messages.Count; m++)
        {
            FuzzOracleException.Check(messages[m].Length == again[m].Length, $"Message {m} has {messages[m].Length} frames whole, {again[m].Length} in segments.");
            for (int f = 0; f < messages[m].Length; f++)
            {
                FuzzOracleException.Check(messages[m][f].AsSpan().SequenceEqual(again[m][f]), $"Frame {f} of message {m} differs between the whole input and its segments.");
            }
        }

        return whole;
    }

    private static (FuzzOutcome Outcome, List<byte[][]> Messages) ReadAll(ReadOnlySequence<byte> buffer, byte[] input)
    {
        var messages = new List<byte[][]>();
        try
        {
            while (true)
            {
                long start = input.Length - buffer.Length;
                if (!FrameCodec.TryRead(ref buffer, TcpServer.DefaultMaxMessageSize, out byte[][] frames, out long needed))
                {
                    FuzzOracleException.Check(needed >= FrameCodec.PrefixSize && needed > buffer.Length, $"TryRead wants {needed} bytes but {buffer.Length} are there.");
                    return (FuzzOutcome.Accepted, messages);
                }

                var written = new ArrayBufferWriter<byte>();
                FrameCodec.Write(written, [.. frames.Select(f => (ReadOnlyMemory<byte>)f)]);
                long end = input.Length - buffer.Length;
                FuzzOracleException.Check(written.WrittenSpan.SequenceEqual(input.AsSpan((int)start, (int)(end - start))), $"Message {messages.Count} ({end - start} bytes) writes back as {written.WrittenCount} other bytes.");
                messages.Add(frames);
            }
        }
        catch (ProtocolException)
        {
            return (FuzzOutcome.Refused, messages);
        }
    }
}
