using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>
/// How a value sits inside a larger MessagePack structure: <c>[serializer, header, frame count]</c>,
/// with its raw frames appended to the message's frame list in order. Comms and task shipping
/// both use it.
/// </summary>
public static class ValueEntry
{
    /// <summary>
    /// How deep values may nest inside values (a tuple of tuples…). Each level is a few bytes on the
    /// wire but a stack frame and a generic type here: thousands of levels overflowed the stack and
    /// killed the process, and a few thousand took tens of seconds of type loading (found by fuzzing).
    /// </summary>
    public const int MaxDepth = 16;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Writes <paramref name="value"/> as an entry, appending its raw frames to <paramref name="frames"/>.</summary>
    /// <exception cref="NotSupportedException">for a type no serializer handles.</exception>
    public static void Write(ref MessagePackWriter writer, object? value, List<ReadOnlyMemory<byte>> frames)
    {
        SerializedValue s = ValueSerializer.Serialize(value);
        writer.WriteArrayHeader(3);
        writer.Write(s.Serializer);
        writer.Write(s.Header);
        writer.Write(s.Frames.Length);
        frames.AddRange(s.Frames);
    }

    /// <summary>Reads one entry, taking its frames from <paramref name="frames"/> starting at <paramref name="next"/>.</summary>
    /// <exception cref="InvalidDataException">for an entry that does not decode, claims frames that are not there, or nests deeper than <see cref="MaxDepth"/>.</exception>
    public static object? Read(ref MessagePackReader reader, IReadOnlyList<ReadOnlyMemory<byte>> frames, ref int next)
    {
        string serializer;
        byte[] header;
        int count;
        try
        {
            if (reader.ReadArrayHeader() != 3)
            {
                throw new InvalidDataException("A value is [serializer, header, frame count].");
            }

            serializer = reader.ReadString() ?? throw new InvalidDataException("A value without a serializer.");
            header = reader.ReadBytes() is { } h ? System.Buffers.BuffersExtensions.ToArray(h) : [];
            count = reader.ReadInt32();
        }
        catch (ArgumentOutOfRangeException e)
        {
            // MessagePack's reader reports a string or binary longer than the bytes left this way (not as EndOfStreamException).
            throw new InvalidDataException($"A value's entry announces more bytes than it has: {e.Message}", e);
        }

        if (count < 0 || next + count > frames.Count)
        {
            throw new InvalidDataException($"A value claims {count} frames; {frames.Count - next} are left.");
        }

        ReadOnlyMemory<byte>[] own = [.. frames.Skip(next).Take(count)];
        next += count;
        if (t_depth >= MaxDepth)
        {
            throw new InvalidDataException($"Values nest more than {MaxDepth} deep.");
        }

        // Decoding is synchronous, so the depth of this thread's nested reads is the nesting of the value.
        t_depth++;
        try
        {
            return ValueSerializer.Deserialize(new SerializedValue(serializer, header, own));
        }
        finally
        {
            t_depth--;
        }
    }
}
