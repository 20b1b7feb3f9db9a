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
    /// <summary>Writes <paramref name="partition"/> to <paramref name="path"/>; its rows.</summary>
    public static long Write(string path, Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
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
}
