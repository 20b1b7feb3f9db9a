using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>A <see cref="JoinSpec"/> (how, both sides' keys, the output columns and the index) on the wire, inside <see cref="PlanSerializer"/>.</summary>
internal static class JoinSpecWire
{
    public static void Write(ref MessagePackWriter writer, JoinSpec spec)
    {
        writer.WriteArrayHeader(5);
        writer.Write((int)spec.How);
        WireFields.WriteStrings(ref writer, spec.LeftKeys);
        WireFields.WriteStrings(ref writer, spec.RightKeys);
        writer.WriteArrayHeader(spec.Columns.Count);
        foreach (JoinColumn c in spec.Columns)
        {
            WriteColumn(ref writer, c);
        }

        if (spec.Index is null)
        {
            writer.WriteNil();
        }
        else
        {
            WriteColumn(ref writer, spec.Index);
        }
    }

    public static JoinSpec Read(ref MessagePackReader reader)
    {
        WireFields.Expect(ref reader, 5, "a join");
        int how = reader.ReadInt32();
        if (!Enum.IsDefined((JoinHow)how))
        {
            throw new InvalidDataException($"Unknown join kind {how}.");
        }

        string[] left = WireFields.ReadStrings(ref reader, "key column");
        string[] right = WireFields.ReadStrings(ref reader, "key column");
        var columns = new JoinColumn[reader.ReadArrayHeader()];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = ReadColumn(ref reader);
        }

        JoinColumn? index = reader.TryReadNil() ? null : ReadColumn(ref reader);
        return new JoinSpec((JoinHow)how, left, right, columns, index);
    }

    private static void WriteColumn(ref MessagePackWriter writer, JoinColumn c)
    {
        writer.WriteArrayHeader(4);
        writer.Write(c.Name);
        writer.Write((int)c.Source);
        WriteOptional(ref writer, c.Left);
        WriteOptional(ref writer, c.Right);
    }

    private static JoinColumn ReadColumn(ref MessagePackReader reader)
    {
        WireFields.Expect(ref reader, 4, "a join column");
        string name = WireFields.Text(ref reader, "join column");
        int source = reader.ReadInt32();
        if (!Enum.IsDefined((JoinSource)source))
        {
            throw new InvalidDataException($"Unknown join column source {source}.");
        }

        string? left = reader.TryReadNil() ? null : reader.ReadString();
        string? right = reader.TryReadNil() ? null : reader.ReadString();
        return new JoinColumn(name, (JoinSource)source, left, right);
    }

    private static void WriteOptional(ref MessagePackWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(value);
        }
    }
}
