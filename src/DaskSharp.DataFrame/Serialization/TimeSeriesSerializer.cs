using System.Buffers;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>The specs resample and overlap tasks carry (<see cref="ResampleSpec"/>, <see cref="OverlapSpec"/>), written as the values that define them.</summary>
internal sealed class TimeSeriesSerializer : ITypeSerializer
{
    private const int ResampleKind = 1, OverlapKind = 2;

    public string Name => "dataframe-timeseries";

    public bool CanSerialize(Type type) => type == typeof(ResampleSpec) || type == typeof(OverlapSpec);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        switch (value)
        {
            case ResampleSpec r:
                writer.WriteArrayHeader(4);
                writer.Write(ResampleKind);
                writer.Write(r.Rule);
                writer.Write(r.Freq);
                writer.WriteArrayHeader(r.Aggregations.Count);
                foreach (Aggregation a in r.Aggregations)
                {
                    writer.WriteArrayHeader(3);
                    writer.Write(a.Column);
                    writer.Write(a.How);
                    writer.Write(a.Output);
                }

                break;
            case OverlapSpec o:
                writer.WriteArrayHeader(8);
                writer.Write(OverlapKind);
                writer.Write((int)o.Kind);
                writer.Write(o.Periods);
                writer.Write(o.How);
                writer.Write(o.WindowRows);
                writer.Write(o.WindowNanos);
                writer.Write(o.Window);
                if (o.MinPeriods is { } m)
                {
                    writer.Write(m);
                }
                else
                {
                    writer.WriteNil();
                }

                break;
            default:
                throw new NotSupportedException($"The dataframe-timeseries serializer does not handle {value.GetType().FullName}.");
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), []);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        try
        {
            var reader = new MessagePackReader(header);
            int fields = reader.ReadArrayHeader();
            switch (reader.ReadInt32(), fields)
            {
                case (ResampleKind, 4):
                    string rule = WireFields.Text(ref reader, "resample rule");
                    long freq = reader.ReadInt64();
                    var aggregations = new Aggregation[reader.ReadArrayHeader()];
                    for (int i = 0; i < aggregations.Length; i++)
                    {
                        WireFields.Expect(ref reader, 3, "a resample aggregation");
                        aggregations[i] = new Aggregation(WireFields.Text(ref reader, "column"), WireFields.Text(ref reader, "aggregation"), WireFields.Text(ref reader, "output"));
                    }

                    return new ResampleSpec(rule, freq, aggregations);
                case (OverlapKind, 8):
                    int code = reader.ReadInt32();
                    var kind = Enum.IsDefined((Plan.OverlapKind)code) ? (Plan.OverlapKind)code : throw new InvalidDataException($"Unknown overlap kind {code}.");
                    int periods = reader.ReadInt32();
                    string? how = reader.ReadString();
                    int rows = reader.ReadInt32();
                    long nanos = reader.ReadInt64();
                    string? window = reader.ReadString();
                    int? minPeriods = reader.TryReadNil() ? null : reader.ReadInt32();
                    return kind == Plan.OverlapKind.Rolling ? OverlapSpec.Rolling(how!, rows, nanos, window, minPeriods) : OverlapSpec.Rows(kind, periods);
                case var (k, n):
                    throw new InvalidDataException($"Unknown dataframe-timeseries kind {k} with {n} fields.");
            }
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"A dataframe-timeseries header is malformed: {e.Message}", e);
        }
    }
}
