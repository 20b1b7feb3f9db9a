using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>The MessagePack pieces every dataframe codec reads and writes: counted arrays and string lists, refused with a clear error when they do not fit.</summary>
internal static class WireFields
{
    /// <summary>Reads an array header that must count <paramref name="count"/> fields of <paramref name="what"/>.</summary>
    public static void Expect(ref MessagePackReader reader, int count, string what)
    {
        int n = reader.ReadArrayHeader();
        if (n != count)
        {
            throw new InvalidDataException($"{what} has {count} fields on the wire; this one has {n}.");
        }
    }

    /// <summary>A string that may not be nil.</summary>
    public static string Text(ref MessagePackReader reader, string what) => reader.ReadString() ?? throw new InvalidDataException($"A {what} string is nil.");

    public static void WriteStrings(ref MessagePackWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteArrayHeader(values.Count);
        foreach (string v in values)
        {
            writer.Write(v);
        }
    }

    public static string[] ReadStrings(ref MessagePackReader reader, string what)
    {
        var values = new string[reader.ReadArrayHeader()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Text(ref reader, what);
        }

        return values;
    }
}
