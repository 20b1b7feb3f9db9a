using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// One partition as one Parquet file (what each <c>to_parquet</c> task does, on whichever worker
/// holds the partition): Snappy, the Arrow schema stored so dictionaries and time zones read back
/// as they were, and pandas' metadata naming the index. The file appears whole or not at all.
/// </summary>
internal static class ParquetWriting
{
    /// <summary>Writes <paramref name="partition"/> to <paramref name="path"/>, <paramref name="textColumns"/> as plain strings (the frame's schema says string where its partitions may hold dictionaries, as Parquet text is read); its rows.</summary>
    public static long Write(string path, Partition partition, string[] textColumns)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(textColumns);
        partition = AsText(partition, textColumns);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [PandasMetadata.Key] = PandasMetadata.For(partition.Schema) };
        var schema = new Schema(partition.Batch.Schema.FieldsList, metadata);
        string partial = path + ".tmp";
        try
        {
            using (WriterProperties properties = new WriterPropertiesBuilder().Compression(Compression.Snappy).Build())
            using (ArrowWriterProperties arrow = new ArrowWriterPropertiesBuilder().StoreSchema().Build())
            using (var writer = new FileWriter(partial, schema, properties, arrow))
            {
                writer.WriteRecordBatch(new RecordBatch(schema, partition.Batch.Arrays, partition.Length));
                writer.Close();
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (ParquetException e)
        {
            File.Delete(partial);
            throw new IOException($"Writing '{path}' failed: {ParquetErrors.Reason(e)}", e);
        }

        return partition.Length;
    }

    private static Partition AsText(Partition partition, string[] textColumns)
    {
        RecordBatch batch = partition.Batch;
        if (!textColumns.Any(c => batch.Schema.GetFieldIndex(c) is >= 0 and var i && batch.Column(i) is DictionaryArray))
        {
            return partition;
        }

        var fields = new List<Field>(batch.ColumnCount);
        var columns = new IArrowArray[batch.ColumnCount];
        for (int i = 0; i < columns.Length; i++)
        {
            Field f = batch.Schema.GetFieldByIndex(i);
            bool decode = batch.Column(i) is DictionaryArray && textColumns.Contains(f.Name);
            columns[i] = decode ? Kernels.Take.Decode(batch.Column(i)) : batch.Column(i);
            fields.Add(decode ? new Field(f.Name, Apache.Arrow.Types.StringType.Default, f.IsNullable) : f);
        }

        return new Partition(new RecordBatch(new Schema(fields, null), columns, batch.Length), partition.Index);
    }
}
