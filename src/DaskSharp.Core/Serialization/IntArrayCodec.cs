using MessagePack;

namespace DaskSharp.Serialization;

/// <summary>An <c>int[]</c> (a chunk's shape, a key's index) as a MessagePack array of integers.</summary>
public static class IntArrayCodec
{
    /// <summary>Writes the integers as one MessagePack array.</summary>
    public static void Write(ref MessagePackWriter writer, ReadOnlySpan<int> values)
    {
        writer.WriteArrayHeader(values.Length);
        foreach (int v in values)
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads an array written by <see cref="Write"/>.</summary>
    public static int[] Read(ref MessagePackReader reader)
    {
        var values = new int[reader.ReadArrayHeader()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }
}
