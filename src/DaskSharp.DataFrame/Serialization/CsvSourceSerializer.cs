using System.Buffers;
using DaskSharp.DataFrames.IO;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.DataFrames.Serialization;

/// <summary>
/// A <see cref="ReadCsv"/> source on its way to a worker: the files (path, size, time), the blocks,
/// the header and each column's kind, written as the values that define them; the worker reopens
/// the files itself.
/// </summary>
internal sealed class CsvSourceSerializer : ITypeSerializer
{
    private const int Fields = 9;

    public string Name => "dataframe-read-csv";

    public bool CanSerialize(Type type) => type == typeof(ReadCsv);

    public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
    {
        var source = (ReadCsv)value;
        CsvDataset d = source.Dataset;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(Fields);
        writer.Write(d.Pattern);
        writer.Write(d.Blocksize);
        writer.WriteArrayHeader(d.Files.Count);
        foreach (CsvFile f in d.Files)
        {
            writer.WriteArrayHeader(3);
            writer.Write(f.Path);
            writer.Write(f.Length);
            writer.Write(f.ModifiedTicks);
        }

        writer.WriteArrayHeader(d.Blocks.Count);
        foreach (CsvBlock b in d.Blocks)
        {
            writer.WriteArrayHeader(3);
            writer.Write(b.File);
            writer.Write(b.Offset);
            writer.Write(b.Length);
        }

        WriteStrings(ref writer, d.Header);
        writer.WriteArrayHeader(d.Columns.Count);
        foreach (CsvColumn c in d.Columns)
        {
            writer.WriteArrayHeader(4);
            writer.Write(c.Name);
            writer.Write(c.Ordinal);
            writer.Write((byte)c.Kind);
            writer.Write((byte)c.Origin);
        }

        writer.Write(d.SampleBytes);
        writer.Write(d.RowBytes);
        WriteStrings(ref writer, source.Columns);
        writer.Flush();
        return (buffer.WrittenSpan.ToArray(), []);
    }

    public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        try
        {
            var reader = new MessagePackReader(header);
            Expect(ref reader, Fields, "a read-csv source");
            string pattern = Text(ref reader);
            string blocksize = Text(ref reader);
            var files = new CsvFile[reader.ReadArrayHeader()];
            for (int i = 0; i < files.Length; i++)
            {
                Expect(ref reader, 3, "a CSV file");
                files[i] = new CsvFile(Text(ref reader), reader.ReadInt64(), reader.ReadInt64());
            }

            var blocks = new CsvBlock[reader.ReadArrayHeader()];
            for (int i = 0; i < blocks.Length; i++)
            {
                Expect(ref reader, 3, "a CSV block");
                int file = reader.ReadInt32();
                if ((uint)file >= (uint)files.Length)
                {
                    throw new InvalidDataException($"A CSV block names file {file} of {files.Length}.");
                }

                blocks[i] = new CsvBlock(file, reader.ReadInt64(), reader.ReadInt64());
            }

            string[] names = ReadStrings(ref reader);
            var columns = new CsvColumn[reader.ReadArrayHeader()];
            for (int i = 0; i < columns.Length; i++)
            {
                Expect(ref reader, 4, "a CSV column");
                string name = Text(ref reader);
                int ordinal = reader.ReadInt32();
                byte kind = reader.ReadByte(), origin = reader.ReadByte();
                if ((uint)ordinal >= (uint)names.Length || !Enum.IsDefined((CsvKind)kind) || !Enum.IsDefined((CsvKindOrigin)origin))
                {
                    throw new InvalidDataException($"The CSV column '{name}' is malformed (ordinal {ordinal} of {names.Length}, kind {kind}, origin {origin}).");
                }

                columns[i] = new CsvColumn(name, ordinal, (CsvKind)kind, (CsvKindOrigin)origin);
            }

            long sampleBytes = reader.ReadInt64();
            int rowBytes = reader.ReadInt32();
            if (files.Length == 0 || rowBytes < 1)
            {
                throw new InvalidDataException("A read-csv source has no files or no row size.");
            }

            var dataset = new CsvDataset(pattern, blocksize, files, blocks, names, columns, sampleBytes, rowBytes);
            return new ReadCsv(dataset, ReadStrings(ref reader));
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"A dataframe-read-csv header is malformed: {e.Message}", e);
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidDataException($"A dataframe-read-csv source reads a column it does not have: {e.Message}", e);
        }
    }

    private static void Expect(ref MessagePackReader reader, int count, string what) => WireFields.Expect(ref reader, count, what);

    private static string Text(ref MessagePackReader reader) => WireFields.Text(ref reader, "read-csv");

    private static void WriteStrings(ref MessagePackWriter writer, IReadOnlyList<string> values) => WireFields.WriteStrings(ref writer, values);

    private static string[] ReadStrings(ref MessagePackReader reader) => WireFields.ReadStrings(ref reader, "read-csv");
}
