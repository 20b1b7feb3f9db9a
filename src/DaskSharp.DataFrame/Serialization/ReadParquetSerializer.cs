using System.Buffers;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.IO;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// A <see cref="ReadParquet"/> source as a task carries it to a worker: its files, the schema,
/// the row groups it reads, its columns, filters and dictionary columns, and how many row groups each partition reads. Footer statistics stay behind: a worker only
/// reads the row groups it is given, and the source's description is the same without them.
/// </summary>
internal sealed class ReadParquetSerializer : ITypeSerializer
{
    private const int Fields = 10;

    public string Name => "dataframe-read-parquet";

    public bool CanSerialize(Type type) => type == typeof(ReadParquet);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var source = (ReadParquet)value;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(Fields);
        writer.Write(source.Path);
        Strings(ref writer, source.Files);
        writer.WriteArrayHeader(source.FileSchema.Arrow.FieldsList.Count);
        foreach (Field f in source.FileSchema.Arrow.FieldsList)
        {
            writer.WriteArrayHeader(3);
            writer.Write(f.Name);
            writer.Write(TypeCode(f.DataType));
            if (f.DataType is TimestampType { Timezone: { } tz })
            {
                writer.Write(tz);
            }
            else
            {
                writer.WriteNil();
            }
        }

        if (source.FileSchema.Index is { } index)
        {
            writer.Write(index);
        }
        else
        {
            writer.WriteNil();
        }

        writer.WriteArrayHeader(source.Pieces.Count);
        foreach (ParquetPiece p in source.Pieces)
        {
            writer.WriteArrayHeader(3);
            writer.Write(p.File);
            writer.Write(p.RowGroup);
            writer.Write(p.Rows);
        }

        writer.Write(source.TotalRowGroups);
        Strings(ref writer, source.Columns);
        writer.WriteArrayHeader(source.Filters.Count);
        foreach (ParquetComparison f in source.Filters)
        {
            writer.WriteArrayHeader(3);
            writer.Write(f.Column);
            writer.Write((int)f.Operator);
            switch (f.Value)
            {
                case long n: writer.Write(n); break;
                case double d: writer.Write(d); break;
                case string s: writer.Write(s); break;
                case bool b: writer.Write(b); break;
                default: throw new NotSupportedException($"A filter constant of type {f.Value.GetType().Name} has no codec.");
            }
        }

        Strings(ref writer, source.DictionaryColumns);
        writer.WriteArrayHeader(source.PartitionPieces.Count);
        foreach (int n in source.PartitionPieces)
        {
            writer.Write(n);
        }

        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), []);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        try
        {
            var reader = new MessagePackReader(header);
            Expect(ref reader, Fields, "a read-parquet source");
            string path = Text(ref reader);
            string[] files = Strings(ref reader);
            var fields = new Field[reader.ReadArrayHeader()];
            for (int i = 0; i < fields.Length; i++)
            {
                Expect(ref reader, 3, "a column");
                string name = Text(ref reader);
                string code = Text(ref reader);
                string? tz = reader.TryReadNil() ? null : reader.ReadString();
                fields[i] = new Field(name, Type(code, tz), nullable: true);
            }

            string? index = reader.TryReadNil() ? null : reader.ReadString();
            var pieces = new ParquetPiece[reader.ReadArrayHeader()];
            for (int i = 0; i < pieces.Length; i++)
            {
                Expect(ref reader, 3, "a row group");
                int file = reader.ReadInt32();
                if ((uint)file >= (uint)files.Length)
                {
                    throw new InvalidDataException($"A row group names file {file} of {files.Length}.");
                }

                pieces[i] = new ParquetPiece(file, reader.ReadInt32(), reader.ReadInt64(), null);
            }

            int total = reader.ReadInt32();
            string[] columns = Strings(ref reader);
            var filters = new ParquetComparison[reader.ReadArrayHeader()];
            for (int i = 0; i < filters.Length; i++)
            {
                Expect(ref reader, 3, "a filter");
                string column = Text(ref reader);
                var op = (BinaryOperator)reader.ReadInt32();
                if (!Kernels.ColumnKernels.IsComparison(op))
                {
                    throw new InvalidDataException($"A filter's operator {(int)op} is not a comparison.");
                }

                object value = reader.NextMessagePackType switch
                {
                    MessagePackType.Integer => reader.ReadInt64(),
                    MessagePackType.Float => reader.ReadDouble(),
                    MessagePackType.Boolean => reader.ReadBoolean(),
                    _ => Text(ref reader),
                };
                filters[i] = new ParquetComparison(column, op, value);
            }

            string[] dictionaryColumns = Strings(ref reader);
            var partitionPieces = new int[reader.ReadArrayHeader()];
            for (int i = 0; i < partitionPieces.Length; i++)
            {
                partitionPieces[i] = reader.ReadInt32();
            }

            var schema = new FrameSchema(new Schema(fields, null), index);
            return new ReadParquet(path, files, schema, pieces, total, columns, filters, dictionaryColumns, partitionPieces);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"A dataframe-read-parquet header is malformed: {e.Message}", e);
        }
    }

    private static string TypeCode(IArrowType type) => type switch
    {
        Int32Type => "int32",
        Int64Type => "int64",
        FloatType => "float32",
        DoubleType => "float64",
        BooleanType => "bool",
        StringType => "utf8",
        DictionaryType => "dictionary",
        TimestampType => "timestamp",
        _ => throw new NotSupportedException($"A column of type {type.Name} has no codec."),
    };

    private static IArrowType Type(string code, string? tz) => code switch
    {
        "int32" => Int32Type.Default,
        "int64" => Int64Type.Default,
        "float32" => FloatType.Default,
        "float64" => DoubleType.Default,
        "bool" => BooleanType.Default,
        "utf8" => StringType.Default,
        "dictionary" => new DictionaryType(Int32Type.Default, StringType.Default, false),
        "timestamp" => new TimestampType(TimeUnit.Nanosecond, tz),
        _ => throw new InvalidDataException($"Unknown column type '{code}'."),
    };

    private static void Expect(ref MessagePackReader reader, int count, string what) => WireFields.Expect(ref reader, count, what);

    private static string Text(ref MessagePackReader reader) => WireFields.Text(ref reader, "read-parquet");

    private static void Strings(ref MessagePackWriter writer, IReadOnlyList<string> values) => WireFields.WriteStrings(ref writer, values);

    private static string[] Strings(ref MessagePackReader reader) => WireFields.ReadStrings(ref reader, "read-parquet");
}
