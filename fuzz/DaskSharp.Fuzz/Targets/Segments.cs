using System.Buffers;

namespace DaskSharp.Fuzz;

/// <summary>Bytes as a sequence of several segments, as a pipe holds what separate socket reads delivered.</summary>
internal static class Segments
{
    /// <summary><paramref name="input"/> in <paramref name="parts"/> segments of about equal length (empty ones included).</summary>
    public static ReadOnlySequence<byte> Cut(byte[] input, int parts)
    {
        var first = new Segment(input.AsMemory(0, input.Length / parts), 0);
        Segment last = first;
        for (int i = 1; i < parts; i++)
        {
            int from = input.Length * i / parts;
            int to = input.Length * (i + 1) / parts;
            last = last.Append(input.AsMemory(from, to - from));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
