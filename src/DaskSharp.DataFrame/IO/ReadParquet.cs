using Apache.Arrow;
using Apache.Arrow.Ipc;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using ParquetSharp;
using ParquetSharp.Arrow;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// <c>dd.read_parquet</c>: a partition per row group of each file, read in its own task through
/// ParquetSharp's Arrow reader. Only the columns something above reads are read (projection
/// pushdown), and row groups whose footer statistics rule a filter out are not read at all
/// (predicate pushdown: they are no partition); the filter itself stays above for the rows. When
/// only some columns are read, small consecutive row groups are read as one partition
/// (<see cref="SmallRowGroups"/>). Text columns whose every chunk is dictionary-encoded with few
/// words are read as dictionary columns (<see cref="DictionaryColumns"/>): codes, not strings, so
/// grouping by them needs no hashing; the frame's schema still says string.
/// </summary>
public sealed class ReadParquet : PartitionSource
{
    private readonly FrameSchema _file;

    /// <summary>The source over <paramref name="pieces"/> of <paramref name="files"/>, making <paramref name="columns"/> (and the index), keeping the pieces <paramref name="filters"/> may match, reading <paramref name="dictionaryColumns"/> as dictionaries; <paramref name="partitionPieces"/> says how many consecutive pieces each partition reads (as decided where the footers were read), or null to decide now.</summary>
    internal ReadParquet(string path, IReadOnlyList<string> files, FrameSchema fileSchema, IReadOnlyList<ParquetPiece> pieces, int totalRowGroups, IReadOnlyList<string> columns, IReadOnlyList<ParquetComparison> filters, IReadOnlyList<string> dictionaryColumns, IReadOnlyList<int>? partitionPieces = null)
    {
        DictionaryColumns = dictionaryColumns;
        Path = path;
        Files = files;
        _file = fileSchema;
        TotalRowGroups = totalRowGroups;
        Columns = [.. columns.Where(c => c != fileSchema.Index)];
        Schema = fileSchema.Select(Columns);
        Filters = filters;
        AllPieces = pieces;
        Pieces = [.. pieces.Where(p => filters.All(f => p.Statistics?.GetValueOrDefault(f.Column) is not { } s || f.CanMatch(s, p.Rows)))];
        CombineTarget = Columns.Count < fileSchema.Columns.Count ? SmallRowGroups.Target() : 0;
        PartitionPieces = partitionPieces ?? SmallRowGroups.Group(Pieces, [.. Schema.Arrow.FieldsList.Select(f => f.Name)], CombineTarget);
        if (PartitionPieces.Sum() != Pieces.Count || PartitionPieces.Any(n => n < 1))
        {
            throw new ArgumentException($"The partitions read {PartitionPieces.Sum()} row groups; the source has {Pieces.Count}.", nameof(partitionPieces));
        }

        _firstPiece = new int[PartitionPieces.Count];
        for (int i = 1; i < _firstPiece.Length; i++)
        {
            _firstPiece[i] = _firstPiece[i - 1] + PartitionPieces[i - 1];
        }
    }

    private readonly int[] _firstPiece;

    /// <summary>How many consecutive row groups each partition reads (one each unless small ones were combined).</summary>
    internal IReadOnlyList<int> PartitionPieces { get; }

    /// <summary>The bytes up to which small row groups were combined (0 when all columns are read).</summary>
    internal long CombineTarget { get; }

    /// <summary>The path as given: a file or a directory.</summary>
    public string Path { get; }

    /// <summary>The files read, in order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The data columns made (the index is made as well).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Row groups in all the files, before any was skipped.</summary>
    public int TotalRowGroups { get; }

    /// <summary>The row groups read, one a partition.</summary>
    internal IReadOnlyList<ParquetPiece> Pieces { get; }

    internal IReadOnlyList<ParquetPiece> AllPieces { get; }

    /// <summary>The text columns of the files read as dictionary columns (their chunks are dictionary-encoded, with few words).</summary>
    internal IReadOnlyList<string> DictionaryColumns { get; }

    /// <summary>The comparisons row groups were checked against.</summary>
    internal IReadOnlyList<ParquetComparison> Filters { get; }

    /// <summary>The schema of the files (every column they hold).</summary>
    internal FrameSchema FileSchema => _file;

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override int NPartitions => Math.Max(1, PartitionPieces.Count); // with every row group skipped, one empty partition keeps the frame's schema

    /// <inheritdoc/>
    public override string Describe() =>
        $"ReadParquet: {Path} [{string.Join(", ", Columns)}] row groups {Pieces.Count} of {TotalRowGroups}"
        + (Filters.Count > 0 ? $" (filter {string.Join(" & ", Filters)})" : string.Empty)
        + (PartitionPieces.Count < Pieces.Count ? $" in {PartitionPieces.Count} partitions (small row groups combined)" : string.Empty);

    /// <inheritdoc/>
    protected override string Prefix => "read-parquet";

    /// <inheritdoc/>
    public override PartitionSource WithColumns(IReadOnlyList<string> columns) => new ReadParquet(Path, Files, _file, AllPieces, TotalRowGroups, columns, Filters, DictionaryColumns);

    /// <inheritdoc/>
    public override PartitionSource WithFilter(ColumnExpr predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ParquetComparison[] added = [.. ParquetComparison.Conjuncts(predicate).Where(c => _file.Has(c.Column) && !Filters.Contains(c))];
        return added.Length == 0 ? this : new ReadParquet(Path, Files, _file, AllPieces, TotalRowGroups, Columns, [.. Filters, .. added], DictionaryColumns);
    }

    /// <inheritdoc/>
    public override Partition Read(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, NPartitions);
        if (Pieces.Count == 0)
        {
            return Partition.Empty(Schema);
        }

        ParquetPiece[] pieces = [.. Pieces.Skip(_firstPiece[i]).Take(PartitionPieces[i])];
        long total = pieces.Sum(p => p.Rows);
        if (pieces.Length == 1 || Schema.Arrow.FieldsList.Count == 0 || total is 0 or > int.MaxValue)
        {
            return Kernels.Take.Concat([.. pieces.Select(p => new Partition(Guarded(p, () => ReadRowGroup(Files[p.File], p)), Schema.Index))]);
        }

        // Small row groups combined: each value copied once, into the partition's own arrays.
        var combined = new CombinedRowGroups(Schema.Arrow, (int)total);
        foreach (ParquetPiece piece in pieces)
        {
            long rows = Guarded(piece, () => Stream(Files[piece.File], piece, combined.Append));
            if (rows != piece.Rows)
            {
                throw ParquetErrors.RowGroupUnreadable(Files[piece.File], piece.RowGroup, new InvalidDataException($"The row group holds {rows} rows; its footer says {piece.Rows}."));
            }
        }

        return new Partition(combined.Build(), Schema.Index);
    }

    // The native reader fails with plain Exceptions (thrift, decompression, checksums): any failure reading a row group is that row group's.
    private T Guarded<T>(ParquetPiece piece, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw ParquetErrors.RowGroupUnreadable(Files[piece.File], piece.RowGroup, e);
        }
    }

    private RecordBatch ReadRowGroup(string file, ParquetPiece piece)
    {
        if (Schema.Arrow.FieldsList.Count == 0)
        {
            return new RecordBatch(Schema.Arrow, [], checked((int)piece.Rows)); // only rows are asked for (len): the footer counts them
        }

        var parts = new List<Partition>();
        long rows = Stream(file, piece, batch =>
        {
            var arrays = new IArrowArray[batch.ColumnCount];
            for (int c = 0; c < arrays.Length; c++)
            {
                arrays[c] = ParquetArrays.ToFrame(batch.Column(Schema.Arrow.GetFieldByIndex(c).Name));
            }

            parts.Add(new Partition(new RecordBatch(Schema.Arrow, arrays, batch.Length)));
        });
        if (rows != piece.Rows)
        {
            throw new InvalidDataException($"The row group holds {rows} rows; its footer says {piece.Rows}.");
        }

        return parts.Count == 0 ? Partition.Empty(Schema).Batch : Kernels.Take.Concat(parts).Batch;
    }

    // Reads a row group's columns, giving each batch to <take> while the reader holds its buffers
    // (the batch is disposed after); the rows read.
    private long Stream(string file, ParquetPiece piece, Action<RecordBatch> take)
    {
        using var properties = ArrowReaderProperties.GetDefault();
        properties.BatchSize = Math.Max(1, piece.Rows); // the row group in one batch: no concatenation
        properties.UseThreads = false; // partitions are the parallelism
        string[] names = [.. Schema.Arrow.FieldsList.Select(f => f.Name)];
        int[] leaves = new int[names.Length];
        using (var footer = new FileReader(file))
        {
            for (int c = 0; c < names.Length; c++)
            {
                int field = footer.Schema.GetFieldIndex(names[c]);
                if (field < 0)
                {
                    throw new InvalidDataException($"Column '{names[c]}' is missing.");
                }

                leaves[c] = footer.SchemaManifest.SchemaFields[field].ColumnIndex;
                if (DictionaryColumns.Contains(names[c]))
                {
                    properties.SetReadDictionary(leaves[c], true);
                }
            }
        }

        using var reader = new FileReader(file, arrowProperties: properties);

        using IArrowArrayStream stream = reader.GetRecordBatchReader([piece.RowGroup], leaves);
        long rows = 0;
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
        {
            using (batch)
            {
                take(batch);
                rows += batch.Length;
            }
        }

        return rows;
    }
}
