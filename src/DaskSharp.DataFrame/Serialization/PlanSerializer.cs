using System.Buffers;
using DaskSharp.DataFrames.Datasets;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// What dataframe tasks carry as literals: per-partition programs (their steps and column
/// expressions), aggregation plans, and sources that make their partitions in the task
/// (<see cref="Timeseries"/>). Each is written as the values that define it.
/// </summary>
internal sealed class PlanSerializer : ITypeSerializer
{
    private const int ProgramKind = 1, AggregationKind = 2, TimeseriesKind = 3, JoinKind = 4;

    public string Name => "dataframe-plan";

    public bool CanSerialize(Type type) => type == typeof(PartitionProgram) || type == typeof(AggregationPlan) || type == typeof(Timeseries) || type == typeof(JoinSpec);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        switch (value)
        {
            case PartitionProgram program:
                writer.Write(ProgramKind);
                WriteProgram(ref writer, program);
                break;
            case AggregationPlan plan:
                writer.Write(AggregationKind);
                WritePlan(ref writer, plan);
                break;
            case Timeseries t:
                writer.Write(TimeseriesKind);
                writer.WriteArrayHeader(6);
                writer.Write(t.Start.Ticks);
                writer.Write(t.End.Ticks);
                writer.Write(t.Freq.Ticks);
                writer.Write(t.PartitionFreq.Ticks);
                writer.Write(t.Seed);
                WriteStrings(ref writer, t.Columns);
                break;
            case JoinSpec join:
                writer.Write(JoinKind);
                JoinSpecWire.Write(ref writer, join);
                break;
            default:
                throw new NotSupportedException($"The dataframe-plan serializer does not handle {value.GetType().FullName}.");
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), []);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        try
        {
            var reader = new MessagePackReader(header);
            Expect(ref reader, 2, "a plan");
            switch (reader.ReadInt32())
            {
                case ProgramKind:
                    return ReadProgram(ref reader);
                case AggregationKind:
                    return ReadPlan(ref reader);
                case TimeseriesKind:
                    Expect(ref reader, 6, "a timeseries");
                    var start = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
                    var end = new DateTime(reader.ReadInt64(), DateTimeKind.Utc);
                    var freq = new TimeSpan(reader.ReadInt64());
                    var partitionFreq = new TimeSpan(reader.ReadInt64());
                    return new Timeseries(start, end, freq, partitionFreq, reader.ReadInt32(), ReadStrings(ref reader));
                case JoinKind:
                    return JoinSpecWire.Read(ref reader);
                case var kind:
                    throw new InvalidDataException($"Unknown dataframe-plan kind {kind}.");
            }
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"A dataframe-plan header is malformed: {e.Message}", e);
        }
    }

    private static void Expect(ref MessagePackReader reader, int count, string what) => WireFields.Expect(ref reader, count, what);

    private static void WriteStrings(ref MessagePackWriter writer, IReadOnlyList<string> values) => WireFields.WriteStrings(ref writer, values);

    private static string[] ReadStrings(ref MessagePackReader reader) => WireFields.ReadStrings(ref reader, "column name");

    private static void WriteProgram(ref MessagePackWriter writer, PartitionProgram program)
    {
        writer.WriteArrayHeader(program.Steps.Count);
        foreach (PartitionStep step in program.Steps)
        {
            switch (step)
            {
                case ProjectStep p:
                    writer.WriteArrayHeader(2);
                    writer.Write("project");
                    WriteStrings(ref writer, p.Columns);
                    break;
                case FilterStep f:
                    writer.WriteArrayHeader(2);
                    writer.Write("filter");
                    WriteExpr(ref writer, f.Predicate);
                    break;
                case AssignStep a:
                    writer.WriteArrayHeader(3);
                    writer.Write("assign");
                    writer.Write(a.Name);
                    WriteExpr(ref writer, a.Value);
                    break;
                case ChunkStep c:
                    writer.WriteArrayHeader(2);
                    writer.Write("chunk");
                    WritePlan(ref writer, c.Plan);
                    break;
                case HashSplitStep h:
                    writer.WriteArrayHeader(3);
                    writer.Write("hash-split");
                    WriteStrings(ref writer, h.Keys);
                    writer.Write(h.Pieces);
                    break;
                case MapColumnsStep m:
                    writer.WriteArrayHeader(3);
                    writer.Write("map");
                    writer.Write(m.Label);
                    writer.WriteArrayHeader(m.Values.Count);
                    foreach ((string column, ColumnExpr value) in m.Values)
                    {
                        writer.WriteArrayHeader(2);
                        writer.Write(column);
                        WriteExpr(ref writer, value);
                    }

                    break;
                case RenameStep r:
                    writer.WriteArrayHeader(2);
                    writer.Write("rename");
                    writer.WriteArrayHeader(r.Names.Count);
                    foreach ((string from, string to) in r.Names)
                    {
                        writer.WriteArrayHeader(2);
                        writer.Write(from);
                        writer.Write(to);
                    }

                    break;
                case IndexRangeStep r:
                    writer.WriteArrayHeader(6);
                    writer.Write("index-range");
                    writer.Write(r.Index);
                    writer.Write(r.Timestamp);
                    WriteBound(ref writer, r.Lower);
                    WriteBound(ref writer, r.Upper);
                    writer.Write(r.UpperInclusive);
                    break;
                case RowSliceStep r:
                    writer.WriteArrayHeader(3);
                    writer.Write("rows");
                    writer.Write(r.Piece);
                    writer.Write(r.Pieces);
                    break;
                case var shuffle when ShuffleCodecs.TryWrite(ref writer, shuffle):
                    break;
                case var join when JoinStepCodecs.TryWrite(ref writer, join):
                    break;
                default:
                    throw new NotSupportedException($"No codec for the step {step}.");
            }
        }
    }

    private static PartitionProgram ReadProgram(ref MessagePackReader reader)
    {
        var steps = new PartitionStep[reader.ReadArrayHeader()];
        for (int i = 0; i < steps.Length; i++)
        {
            int fields = reader.ReadArrayHeader();
            steps[i] = (reader.ReadString(), fields) switch
            {
                ("project", 2) => new ProjectStep(ReadStrings(ref reader)),
                ("filter", 2) => new FilterStep(ReadExpr(ref reader)),
                ("assign", 3) => new AssignStep(reader.ReadString()!, ReadExpr(ref reader)),
                ("chunk", 2) => new ChunkStep(ReadPlan(ref reader)),
                ("hash-split", 3) => new HashSplitStep(ReadStrings(ref reader), reader.ReadInt32()),
                ("map", 3) => ColumnCodecs.ReadMap(ref reader),
                ("rename", 2) => ColumnCodecs.ReadRename(ref reader),
                ("index-range", 6) => new IndexRangeStep(reader.ReadString()!, reader.ReadBoolean(), ReadBound(ref reader), ReadBound(ref reader), reader.ReadBoolean()),
                ("rows", 3) => new RowSliceStep(reader.ReadInt32(), reader.ReadInt32()),
                var (kind, n) when ShuffleCodecs.Reads(kind, n) => ShuffleCodecs.Read(ref reader, kind!),
                var (kind, n) when JoinStepCodecs.Reads(kind, n) => JoinStepCodecs.Read(ref reader, kind!),
                var (kind, n) => throw new InvalidDataException($"Unknown step '{kind}' with {n} fields."),
            };
        }

        return new PartitionProgram(steps);
    }

    /// <summary>An index bound: nil, a long, a double or a string (their MessagePack types tell them apart).</summary>
    private static void WriteBound(ref MessagePackWriter writer, object? bound)
    {
        switch (bound)
        {
            case null: writer.WriteNil(); break;
            case long n: writer.Write(n); break;
            case double d: writer.Write(d); break;
            case string t: writer.Write(t); break;
            default: throw new NotSupportedException($"An index bound of type {bound.GetType().Name} has no codec.");
        }
    }

    private static object? ReadBound(ref MessagePackReader reader) => reader.TryReadNil() ? null : reader.NextMessagePackType switch
    {
        MessagePackType.Integer => reader.ReadInt64(),
        MessagePackType.Float => reader.ReadDouble(),
        MessagePackType.String => reader.ReadString(),
        var t => throw new InvalidDataException($"An index bound is nil, an integer, a float or a string, not {t}."),
    };

    private static void WritePlan(ref MessagePackWriter writer, AggregationPlan plan)
    {
        writer.WriteArrayHeader(6);
        WriteStrings(ref writer, plan.Keys);
        writer.WriteArrayHeader(plan.Aggregations.Count);
        foreach (Aggregation a in plan.Aggregations)
        {
            writer.WriteArrayHeader(3);
            if (a.Column is null)
            {
                writer.WriteNil();
            }
            else
            {
                writer.Write(a.Column);
            }

            writer.Write(a.How);
            writer.Write(a.Output);
        }

        writer.Write(plan.Sort);
        writer.Write(plan.DropNa);
        WriteOptional(ref writer, plan.Index);
        WriteOptional(ref writer, plan.OrderByDescending);
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

    private static AggregationPlan ReadPlan(ref MessagePackReader reader)
    {
        Expect(ref reader, 6, "an aggregation plan");
        string[] keys = ReadStrings(ref reader);
        var aggregations = new Aggregation[reader.ReadArrayHeader()];
        for (int i = 0; i < aggregations.Length; i++)
        {
            Expect(ref reader, 3, "an aggregation");
            string? column = reader.TryReadNil() ? null : reader.ReadString();
            aggregations[i] = new Aggregation(column, reader.ReadString()!, reader.ReadString()!);
        }

        bool sort = reader.ReadBoolean(), dropNa = reader.ReadBoolean();
        string? index = reader.TryReadNil() ? null : reader.ReadString();
        string? orderBy = reader.TryReadNil() ? null : reader.ReadString();
        return new AggregationPlan(keys, aggregations, sort, dropNa) { Index = index, OrderByDescending = orderBy };
    }

    internal static void WriteExpr(ref MessagePackWriter writer, ColumnExpr expr)
    {
        switch (expr)
        {
            case ColumnRef c:
                writer.WriteArrayHeader(2);
                writer.Write("col");
                writer.Write(c.Name);
                break;
            case Literal { Value: DateTime t }:
                writer.WriteArrayHeader(3);
                writer.Write("ts");
                writer.Write(t.Ticks);
                writer.Write((int)t.Kind);
                break;
            case Literal l:
                writer.WriteArrayHeader(2);
                writer.Write(l.Value switch { double => "f64", long => "i64", string => "str", _ => "bool" });
                switch (l.Value)
                {
                    case double d: writer.Write(d); break;
                    case long n: writer.Write(n); break;
                    case string s: writer.Write(s); break;
                    case bool b: writer.Write(b); break;
                }

                break;
            case Binary b:
                writer.WriteArrayHeader(4);
                writer.Write("bin");
                writer.Write((int)b.Operator);
                WriteExpr(ref writer, b.Left);
                WriteExpr(ref writer, b.Right);
                break;
            case Not n:
                writer.WriteArrayHeader(2);
                writer.Write("not");
                WriteExpr(ref writer, n.Operand);
                break;
            case var column when ColumnCodecs.TryWrite(ref writer, column):
                break;
            default:
                throw new NotSupportedException($"No codec for the expression {expr}.");
        }
    }

    internal static ColumnExpr ReadExpr(ref MessagePackReader reader)
    {
        int fields = reader.ReadArrayHeader();
        switch (reader.ReadString(), fields)
        {
            case ("col", 2): return new ColumnRef(reader.ReadString()!);
            case ("f64", 2): return new Literal(reader.ReadDouble());
            case ("i64", 2): return new Literal(reader.ReadInt64());
            case ("str", 2): return new Literal(reader.ReadString()!);
            case ("bool", 2): return new Literal(reader.ReadBoolean());
            case ("bin", 4):
                int op = reader.ReadInt32();
                if (!Enum.IsDefined((BinaryOperator)op))
                {
                    throw new InvalidDataException($"Unknown operator {op}.");
                }

                ColumnExpr left = ReadExpr(ref reader);
                return new Binary((BinaryOperator)op, left, ReadExpr(ref reader));
            case ("not", 2): return new Not(ReadExpr(ref reader));
            case ("ts", 3): return new Literal(new DateTime(reader.ReadInt64(), ColumnCodecs.Kind(reader.ReadInt32())));
            case var (kind, n) when ColumnCodecs.Reads(kind, n): return ColumnCodecs.Read(ref reader, kind!);
            case var (kind, n): throw new InvalidDataException($"Unknown expression '{kind}' with {n} fields.");
        }
    }
}
