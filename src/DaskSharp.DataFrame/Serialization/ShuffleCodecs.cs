using DaskSharp.DataFrames.Plan;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// The wire form of the shuffle and sort steps (split by hash or ranges, sort, set index, reset
/// index, division sample) for <see cref="PlanSerializer"/>: an array of the step's kind and the
/// values that define it.
/// </summary>
internal static class ShuffleCodecs
{
    private static readonly Dictionary<string, int> s_fields = new(StringComparer.Ordinal)
    {
        ["split-hash"] = 3, ["split-range"] = 4, ["sort"] = 3, ["set-index"] = 2, ["reset-index"] = 3, ["division-sample"] = 3,
    };

    public static bool Reads(string? kind, int fields) => kind is not null && s_fields.TryGetValue(kind, out int n) && n == fields;

    public static bool TryWrite(ref MessagePackWriter writer, PartitionStep step)
    {
        switch (step)
        {
            case ShuffleSplitStep { Partitioning: HashPartitioning h }:
                Head(ref writer, "split-hash");
                WireFields.WriteStrings(ref writer, h.Columns);
                writer.Write(h.Pieces);
                return true;
            case ShuffleSplitStep { Partitioning: RangePartitioning r }:
                Head(ref writer, "split-range");
                writer.Write(r.Column);
                writer.WriteArrayHeader(r.Cuts.Count);
                foreach (object cut in r.Cuts)
                {
                    switch (cut)
                    {
                        case long n: writer.Write(n); break;
                        case double d: writer.Write(d); break;
                        default: writer.Write((string)cut); break;
                    }
                }

                writer.Write(r.Ascending);
                return true;
            case SortStep s:
                Head(ref writer, "sort");
                WireFields.WriteStrings(ref writer, s.Keys);
                writer.WriteArrayHeader(s.Ascending.Count);
                foreach (bool a in s.Ascending)
                {
                    writer.Write(a);
                }

                return true;
            case SetIndexStep s:
                Head(ref writer, "set-index");
                writer.Write(s.Column);
                return true;
            case ResetIndexStep r:
                Head(ref writer, "reset-index");
                writer.Write(r.Drop);
                writer.Write(r.Start);
                return true;
            case DivisionSampleStep d:
                Head(ref writer, "division-sample");
                writer.Write(d.Column);
                writer.Write(d.Samples);
                return true;
            default:
                return false;
        }
    }

    public static PartitionStep Read(ref MessagePackReader reader, string kind)
    {
        switch (kind)
        {
            case "split-hash":
                string[] keys = WireFields.ReadStrings(ref reader, "shuffle key");
                return new ShuffleSplitStep(new HashPartitioning(keys, reader.ReadInt32()));
            case "split-range":
                string column = WireFields.Text(ref reader, "range column");
                var cuts = new object[reader.ReadArrayHeader()];
                for (int i = 0; i < cuts.Length; i++)
                {
                    cuts[i] = reader.NextMessagePackType switch
                    {
                        MessagePackType.Integer => reader.ReadInt64(),
                        MessagePackType.Float => reader.ReadDouble(),
                        MessagePackType.String => WireFields.Text(ref reader, "range cut"),
                        var t => throw new InvalidDataException($"A range cut is an integer, a float or a string, not {t}."),
                    };
                }

                return new ShuffleSplitStep(new RangePartitioning(column, cuts, reader.ReadBoolean()));
            case "sort":
                string[] by = WireFields.ReadStrings(ref reader, "sort key");
                var ascending = new bool[reader.ReadArrayHeader()];
                for (int i = 0; i < ascending.Length; i++)
                {
                    ascending[i] = reader.ReadBoolean();
                }

                return new SortStep(by, ascending);
            case "set-index":
                return new SetIndexStep(WireFields.Text(ref reader, "index column"));
            case "reset-index":
                bool drop = reader.ReadBoolean();
                return new ResetIndexStep(drop, reader.ReadInt64());
            case "division-sample":
                string sampled = WireFields.Text(ref reader, "sampled column");
                return new DivisionSampleStep(sampled, reader.ReadInt32());
            default:
                throw new InvalidDataException($"Unknown shuffle step '{kind}'.");
        }
    }

    private static void Head(ref MessagePackWriter writer, string kind)
    {
        writer.WriteArrayHeader(s_fields[kind]);
        writer.Write(kind);
    }
}
