using DaskSharp.DataFrames.IO;

namespace DaskSharp.DataFrames;

public static partial class Dd
{
    /// <summary>
    /// Dask's <c>dd.read_csv</c>: one file or a glob of them (<c>"data/*.csv"</c>), each cut into
    /// partitions of about <paramref name="blocksize"/> bytes on line boundaries (null: a partition per
    /// file). Column types are inferred as Dask does, from pandas' rules on the first 256,000 bytes of
    /// the first file, unless <paramref name="dtypes"/> gives them: integers are int64 (float64 when
    /// the sample has a null, as pandas), numbers float64, True/False bool, the rest strings (Arrow
    /// UTF-8; dictionary-encoded when the sample repeats values). Empty fields and pandas' null markers
    /// ("NA", "NaN", "null", …) are nulls. <paramref name="parseDates"/> columns are read as
    /// datetime64[ns] from ISO dates and times; <paramref name="usecols"/> keeps only some columns.
    /// </summary>
    /// <example><code>
    /// DaskDataFrame df = Dd.ReadCsv("data/*.csv", dtypes: new Dictionary&lt;string, string&gt; { ["id"] = "float64" });
    /// LocalFrame means = df.GroupBy("name").Agg(("x", "mean")).Compute();
    /// </code></example>
    /// <remarks>
    /// A block that disagrees with the sample fails its task with a <see cref="CsvFormatException"/>
    /// naming the column, file, line and both types, and the dtypes that would read it. Floats are
    /// parsed correctly rounded (pandas' <c>float_precision="round_trip"</c>; pandas' default parser
    /// can be one unit in the last place off for 17-digit values). Quoted fields may hold commas and
    /// quotes; a quoted newline is only safe with <c>blocksize: null</c> (as in Dask, blocks are cut
    /// at newlines without looking at quotes).
    /// </remarks>
    /// <exception cref="FileNotFoundException">when nothing matches <paramref name="pathOrGlob"/>.</exception>
    /// <exception cref="KeyNotFoundException">for a column in usecols, dtypes or parseDates the header lacks.</exception>
    /// <exception cref="ArgumentException">for a dtype that is not one of int64, float64, bool, string, category, datetime64[ns].</exception>
    public static DaskDataFrame ReadCsv(string pathOrGlob, string? blocksize = "64MB", IReadOnlyDictionary<string, string>? dtypes = null, IReadOnlyList<string>? parseDates = null, IReadOnlyList<string>? usecols = null)
    {
        string[] paths = CsvGlob.Expand(pathOrGlob);
        long? bytes = blocksize is null ? null : ByteSize.Parse(blocksize);
        if (bytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blocksize), blocksize, "The blocksize must be positive (or null for a partition per file).");
        }

        CsvSample sample = CsvSample.Read(paths[0]);
        List<CsvColumn> columns = CsvColumns(sample, dtypes, parseDates, usecols);
        var files = new List<CsvFile>();
        var blocks = new List<CsvBlock>();
        foreach (string path in paths)
        {
            var info = new FileInfo(path);
            files.Add(new CsvFile(path, info.Length, info.LastWriteTimeUtc.Ticks));
            foreach (var (offset, length) in bytes is { } b ? CsvBlocks.Plan(info.Length, b) : [(0L, info.Length)])
            {
                blocks.Add(new CsvBlock(files.Count - 1, offset, length));
            }
        }

        var dataset = new CsvDataset(pathOrGlob, blocksize ?? "none", files, blocks, sample.Header, columns, sample.Bytes, sample.RowBytes);
        return new DaskDataFrame(new ReadCsv(dataset));
    }

    /// <summary>The columns to read (usecols, or all) in file order, each of the kind dtypes gives, else parseDates', else the sample's.</summary>
    private static List<CsvColumn> CsvColumns(CsvSample sample, IReadOnlyDictionary<string, string>? dtypes, IReadOnlyList<string>? parseDates, IReadOnlyList<string>? usecols)
    {
        string[] header = sample.Header;
        foreach (string c in (IEnumerable<string>?)usecols ?? [])
        {
            Check(c);
        }

        var kinds = new Dictionary<string, (CsvKind Kind, CsvKindOrigin Origin)>(StringComparer.Ordinal);
        foreach (string c in parseDates ?? [])
        {
            Check(c);
            kinds[c] = (CsvKind.DateTime, CsvKindOrigin.ParseDates);
        }

        foreach (var (c, name) in dtypes ?? new Dictionary<string, string>())
        {
            Check(c);
            kinds[c] = CsvKinds.TryParse(name, out CsvKind kind)
                ? (kind, CsvKindOrigin.Dtypes)
                : throw new ArgumentException($"'{name}' (for column '{c}') is not a dtype ReadCsv reads; use one of {CsvKinds.Accepted}.", nameof(dtypes));
        }

        var columns = new List<CsvColumn>();
        for (int j = 0; j < header.Length; j++)
        {
            if (usecols is null || usecols.Contains(header[j]))
            {
                var (kind, origin) = kinds.TryGetValue(header[j], out var k) ? k : (sample.Kinds[j], CsvKindOrigin.Inferred);
                columns.Add(new CsvColumn(header[j], j, kind, origin));
            }
        }

        return columns;

        void Check(string column)
        {
            if (System.Array.IndexOf(header, column) < 0)
            {
                throw FrameSchema.MissingColumn(column, header);
            }
        }
    }
}
