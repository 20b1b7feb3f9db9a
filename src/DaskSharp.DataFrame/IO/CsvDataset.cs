namespace DaskSharp.DataFrames.IO;

/// <summary>A file of a CSV dataset as it was when the frame was made (its size and time are part of the frame's token).</summary>
internal sealed record CsvFile(string Path, long Length, long ModifiedTicks);

/// <summary>
/// A partition's byte range: from the first line that starts after <see cref="Offset"/> (or the
/// file's start) to the end of the line that holds <see cref="Offset"/> + <see cref="Length"/>,
/// as Dask's <c>read_block</c> with a newline delimiter.
/// </summary>
internal readonly record struct CsvBlock(int File, long Offset, long Length);

/// <summary>A column the dataset can read: its header position, kind, and where the kind came from.</summary>
internal sealed record CsvColumn(string Name, int Ordinal, CsvKind Kind, CsvKindOrigin Origin);

/// <summary>How a column's kind was decided, for error messages that say how to change it.</summary>
internal enum CsvKindOrigin : byte
{
    /// <summary>Inferred from the sample at the start of the first file.</summary>
    Inferred,

    /// <summary>Given in <c>dtypes</c>.</summary>
    Dtypes,

    /// <summary>Named in <c>parseDates</c>.</summary>
    ParseDates,
}

/// <summary>
/// Everything that defines a CSV dataset once its sample has been read: the files, how they are cut
/// into blocks, the header, and each readable column's kind. It travels to workers with the source.
/// </summary>
internal sealed class CsvDataset
{
    public CsvDataset(string pattern, string blocksize, IReadOnlyList<CsvFile> files, IReadOnlyList<CsvBlock> blocks, IReadOnlyList<string> header, IReadOnlyList<CsvColumn> columns, long sampleBytes, int rowBytes)
    {
        Pattern = pattern;
        Blocksize = blocksize;
        Files = files;
        Blocks = blocks;
        Header = header;
        Columns = columns;
        SampleBytes = sampleBytes;
        RowBytes = rowBytes;
    }

    /// <summary>The path or glob as given.</summary>
    public string Pattern { get; }

    /// <summary>The blocksize as given ("64MB"), or "none" for a partition per file.</summary>
    public string Blocksize { get; }

    /// <summary>The files, in natural order (part-2 before part-10).</summary>
    public IReadOnlyList<CsvFile> Files { get; }

    /// <summary>One block a partition.</summary>
    public IReadOnlyList<CsvBlock> Blocks { get; }

    /// <summary>The header's column names (pandas-mangled: a repeated "a" is "a.1", an empty one "Unnamed: 2").</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The columns that can be read (all, or usecols), in file order.</summary>
    public IReadOnlyList<CsvColumn> Columns { get; }

    /// <summary>How many bytes of the first file the kinds were inferred from.</summary>
    public long SampleBytes { get; }

    /// <summary>The sample's bytes per row, to size a block's buffers.</summary>
    public int RowBytes { get; }

    /// <summary>The readable column named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">naming the nearest existing ones.</exception>
    public CsvColumn Column(string name)
    {
        foreach (CsvColumn c in Columns)
        {
            if (c.Name == name)
            {
                return c;
            }
        }

        throw FrameSchema.MissingColumn(name, [.. Columns.Select(c => c.Name)]);
    }
}
