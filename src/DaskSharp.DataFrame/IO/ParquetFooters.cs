using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace DaskSharp.DataFrames.IO;

/// <summary>One row group of one file: a partition of a <see cref="ReadParquet"/> frame.</summary>
/// <param name="File">The file's position in the dataset's file list.</param>
/// <param name="RowGroup">The row group's position in its file.</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Statistics">Per column, what its footer records; null once the piece has travelled to a worker, which only reads it.</param>
/// <param name="ColumnBytes">Per column, its chunk's uncompressed size (what combining small row groups estimates from); null once travelled.</param>
internal sealed record ParquetPiece(int File, int RowGroup, long Rows, IReadOnlyDictionary<string, ColumnStatistics>? Statistics, IReadOnlyDictionary<string, long>? ColumnBytes = null);

/// <summary>What the footers of a dataset's files say: the frame schema (index from pandas' metadata) and every row group with its statistics.</summary>
/// <param name="Schema">The columns DataFrames can hold, as frame types, and the index.</param>
/// <param name="Unsupported">Columns of types DataFrames cannot hold, with their Arrow type's name.</param>
/// <param name="Pieces">Every row group of every file, in file order.</param>
/// <param name="DictionaryColumns">The text columns worth reading as dictionaries: every chunk of them in every file is dictionary-encoded and small (<see cref="FewWords"/>).</param>
internal sealed record ParquetFooters(FrameSchema Schema, IReadOnlyDictionary<string, string> Unsupported, IReadOnlyList<ParquetPiece> Pieces, IReadOnlyList<string> DictionaryColumns)
{
    /// <summary>Reads the footers of <paramref name="files"/> (no data).</summary>
    /// <exception cref="InvalidDataException">naming a file that is not Parquet, is truncated, or whose schema differs from the first's.</exception>
    public static ParquetFooters Read(IReadOnlyList<string> files)
    {
        ParquetFooters? first = null;
        var pieces = new List<ParquetPiece>();
        string[]? dictionary = null;
        for (int f = 0; f < files.Count; f++)
        {
            ParquetFooters one = ReadOne(files[f], f);
            if (first is not null && Signature(one) != Signature(first))
            {
                throw new InvalidDataException($"'{files[f]}' has columns {Signature(one)}; '{files[0]}' has {Signature(first)}: the files of a dataset must share one schema.");
            }

            first ??= one;
            pieces.AddRange(one.Pieces);
            dictionary = dictionary is null ? [.. one.DictionaryColumns] : [.. dictionary.Intersect(one.DictionaryColumns)];
        }

        return first! with { Pieces = pieces, DictionaryColumns = dictionary! };
    }

    // Arrow's names, not pandas': a dictionary and a plain string column cannot share partitions' kernels.
    private static string Signature(ParquetFooters f) =>
        string.Join(", ", f.Schema.Arrow.FieldsList.Select(x => $"{x.Name}: {TypeText(x.DataType)}").Concat(f.Unsupported.Select(u => $"{u.Key}: {u.Value}")));

    private static string TypeText(IArrowType type) => type switch
    {
        DictionaryType => "dictionary<string>",
        TimestampType { Timezone: { Length: > 0 } tz } => $"timestamp[ns, {tz}]",
        TimestampType => "timestamp[ns]",
        _ => type.Name,
    };

    private static ParquetFooters ReadOne(string file, int fileIndex)
    {
        try
        {
            using var reader = new FileReader(file);
            using ParquetFileReader parquet = reader.ParquetReader;
            using FileMetaData meta = parquet.FileMetaData;
            var fields = new List<Field>();
            var unsupported = new Dictionary<string, string>(StringComparer.Ordinal);
            var leaves = new Dictionary<string, (int Leaf, IArrowType Type)>(StringComparer.Ordinal);
            for (int i = 0; i < reader.Schema.FieldsList.Count; i++)
            {
                Field field = reader.Schema.FieldsList[i];
                if (ParquetArrays.FrameType(field.DataType) is { } type)
                {
                    fields.Add(new Field(field.Name, type, nullable: true));
                    leaves[field.Name] = (reader.SchemaManifest.SchemaFields[i].ColumnIndex, field.DataType);
                }
                else
                {
                    unsupported[field.Name] = field.DataType.Name;
                }
            }

            string? index = PandasMetadata.Index(meta.KeyValueMetadata.GetValueOrDefault(PandasMetadata.Key));
            var schema = new FrameSchema(new Schema(fields, null), index is not null && leaves.ContainsKey(index) ? index : null);
            var pieces = new List<ParquetPiece>(reader.NumRowGroups);
            var dictionary = new HashSet<string>(leaves.Where(l => l.Value.Type is StringType or LargeStringType).Select(l => l.Key), StringComparer.Ordinal);
            for (int g = 0; g < reader.NumRowGroups; g++)
            {
                using RowGroupReader group = parquet.RowGroup(g);
                var stats = new Dictionary<string, ColumnStatistics>(StringComparer.Ordinal);
                var bytes = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach ((string name, (int leaf, IArrowType type)) in leaves)
                {
                    using (ColumnChunkMetaData chunk = group.MetaData.GetColumnChunkMetaData(leaf))
                    {
                        bytes[name] = chunk.TotalUncompressedSize;
                        if (!FewWords(chunk))
                        {
                            dictionary.Remove(name);
                        }
                    }

                    if (Statistics(group.MetaData, leaf, type) is { } s)
                    {
                        stats[name] = s;
                    }
                }

                pieces.Add(new ParquetPiece(fileIndex, g, group.MetaData.NumRows, stats, bytes));
            }

            return new ParquetFooters(schema, unsupported, pieces, [.. leaves.Keys.Where(dictionary.Contains)]);
        }
        catch (ParquetException e)
        {
            throw ParquetErrors.Unreadable(file, e);
        }
    }

    /// <summary>
    /// Whether a text chunk reads well as a dictionary: it is dictionary-encoded, and under 4 bytes a
    /// value in all, so its pages hold codes (at most about 2 bytes a value, as a dictionary page holds
    /// at most 1 MiB of words) rather than words written plainly after the writer gave up on its
    /// dictionary (a length of 4 bytes a value alone). The encodings cannot tell the two apart.
    /// </summary>
    private static bool FewWords(ColumnChunkMetaData chunk) =>
        chunk.Type == PhysicalType.ByteArray
        && chunk.Encodings.Any(e => e is Encoding.RleDictionary or Encoding.PlainDictionary)
        && chunk.TotalUncompressedSize < 4 * Math.Max(1, chunk.NumValues);

    /// <summary>A column chunk's statistics as the values the filter compares: longs, doubles, strings, bools (none for other types, or unsigned orders).</summary>
    private static ColumnStatistics? Statistics(RowGroupMetaData group, int leaf, IArrowType type)
    {
        using ColumnChunkMetaData chunk = group.GetColumnChunkMetaData(leaf);
        if (!chunk.IsStatsSet)
        {
            return null;
        }

        using ParquetSharp.Statistics? stats = chunk.Statistics;
        if (stats is null)
        {
            return null;
        }

        if (!stats.HasMinMax)
        {
            return new ColumnStatistics(null, null, stats.NullCount);
        }

        (object? min, object? max) = (stats, type) switch
        {
            (Statistics<int> s, Int8Type or Int16Type or Int32Type or UInt8Type or UInt16Type) => ((object?)(long)s.Min, (object?)(long)s.Max),
            (Statistics<long> s, Int64Type) => (s.Min, s.Max),
            (Statistics<float> s, FloatType) => ((double)s.Min, (double)s.Max),
            (Statistics<double> s, DoubleType) => (s.Min, s.Max),
            (Statistics<bool> s, BooleanType) => (s.Min, s.Max),
            (Statistics<ByteArray> s, StringType or LargeStringType or DictionaryType) => (Utf8(s.Min), Utf8(s.Max)),
            _ => (null, null),
        };
        return new ColumnStatistics(min, max, stats.NullCount);
    }

    // The bytes belong to the statistics object: decode them before it is disposed.
    private static string Utf8(ByteArray bytes)
    {
        var copy = new byte[bytes.Length];
        if (copy.Length > 0)
        {
            Marshal.Copy(bytes.Pointer, copy, 0, copy.Length);
        }

        return System.Text.Encoding.UTF8.GetString(copy);
    }
}
