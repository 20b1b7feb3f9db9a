using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using nietras.SeparatedValues;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// The header and the column kinds of a CSV dataset, inferred as Dask does: pandas reads the first
/// 256,000 bytes of the first file (cut at the last whole line), and its dtypes become the frame's.
/// pandas' rules per column: integers make int64, int64 with a null makes float64, numbers make
/// float64, True/False make bool, a column of nulls only makes float64, anything else string.
/// </summary>
internal sealed class CsvSample
{
    /// <summary>Dask's <c>sample=256000</c>.</summary>
    public const int DefaultBytes = 256_000;

    /// <summary>A string column whose sample has at most one distinct value in this many is dictionary-encoded.</summary>
    private const int DictionaryRatio = 2;

    /// <summary>Distinct strings counted per column, at most.</summary>
    private const int DistinctCap = 1 << 16;

    private CsvSample(string[] header, CsvKind[] kinds, long bytes, int rowBytes)
    {
        Header = header;
        Kinds = kinds;
        Bytes = bytes;
        RowBytes = rowBytes;
    }

    /// <summary>The header's names, pandas-mangled.</summary>
    public string[] Header { get; }

    /// <summary>The inferred kind of each header column.</summary>
    public CsvKind[] Kinds { get; }

    /// <summary>How many bytes were sampled.</summary>
    public long Bytes { get; }

    /// <summary>Bytes per row in the sample.</summary>
    public int RowBytes { get; }

    /// <summary>Sep's options for every read: commas, quotes removed, field counts checked by the reader itself (to name the file and line).</summary>
    public static SepReaderOptions Options { get; } = Sep.New(',').Reader(o => o with
    {
        HasHeader = false,
        Unescape = true,
        DisableColCountCheck = true,
        CultureInfo = CultureInfo.InvariantCulture,
    });

    /// <summary>Reads the header and infers the kinds from the start of <paramref name="path"/>.</summary>
    /// <exception cref="CsvFormatException">when the file is empty (no header line).</exception>
    public static CsvSample Read(string path, int sampleBytes = DefaultBytes)
    {
        byte[] bytes = Start(path, sampleBytes);
        using var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using SepReader reader = Options.From(text);
        string[]? header = null;
        Evidence[] columns = [];
        int rows = 0;
        foreach (SepReader.Row row in reader)
        {
            if (header is null)
            {
                header = Mangle(row);
                columns = [.. header.Select(_ => new Evidence())];
                continue;
            }

            if (row.ColCount == 1 && row.Span.IsEmpty)
            {
                continue; // pandas' skip_blank_lines
            }

            rows++;
            for (int j = 0; j < columns.Length; j++)
            {
                if (j < row.ColCount)
                {
                    columns[j].See(row[j]);
                }
                else
                {
                    columns[j].SeeNull();
                }
            }
        }

        if (header is null)
        {
            throw new CsvFormatException($"{path} is empty: ReadCsv needs a header line naming the columns.", path, 1);
        }

        return new CsvSample(header, [.. columns.Select(c => c.Kind(rows))], bytes.Length, (int)Math.Max(1, bytes.Length / Math.Max(1, rows + 1)));
    }

    /// <summary>The first <paramref name="sampleBytes"/> of the file, cut at the last newline (to the first one when a line is longer).</summary>
    private static byte[] Start(string path, int sampleBytes)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long size = RandomAccess.GetLength(file);
        var bytes = new byte[Math.Min(size, sampleBytes)];
        int n = RandomAccess.Read(file, bytes, 0);
        if (bytes.Length < size)
        {
            n = bytes.AsSpan(0, n).LastIndexOf((byte)'\n') + 1;
            if (n == 0)
            {
                bytes = new byte[CsvBlocks.LineEndAfter(file, 0, size)];
                n = RandomAccess.Read(file, bytes, 0);
            }
        }

        System.Array.Resize(ref bytes, n);
        return bytes;
    }

    /// <summary>What the sample shows of one column: the narrowest kind of its values, whether it has nulls, how many distinct strings.</summary>
    private sealed class Evidence
    {
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
        private CsvKind? _kind;
        private bool _nulls;
        private int _values;

        public void See(SepReader.Col col)
        {
            if (CsvValues.IsNull(col.Span))
            {
                SeeNull();
                return;
            }

            if (_kind != CsvKind.String)
            {
                CsvKind kind = CsvValues.Classify(col);
                _kind = _kind is { } seen ? CsvKinds.Join(seen, kind) : kind;
            }

            _values++;
            if (_distinct.Count <= DistinctCap)
            {
                _distinct.Add(col.ToString());
            }
        }

        public void SeeNull() => _nulls = true;

        /// <summary>pandas' dtype: no rows gives object (string), only nulls float64, an int column with a null float64.</summary>
        public CsvKind Kind(int rows) => _kind switch
        {
            null => rows == 0 ? CsvKind.String : CsvKind.Float64,
            CsvKind.Int64 when _nulls => CsvKind.Float64,
            CsvKind.String when _distinct.Count <= DistinctCap && _distinct.Count * DictionaryRatio <= _values => CsvKind.Category,
            var k => k.Value,
        };
    }

    /// <summary>A header row's names as pandas makes them: an empty name is "Unnamed: i", a repeated one gets ".1", ".2", ….</summary>
    public static string[] Mangle(SepReader.Row row)
    {
        var names = new string[row.ColCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < names.Length; j++)
        {
            string name = row[j].ToString();
            if (name.Length == 0)
            {
                name = $"Unnamed: {j}";
            }

            string unique = name;
            for (int k = 1; !seen.Add(unique); k++)
            {
                unique = $"{name}.{k}";
            }

            names[j] = unique;
        }

        return names;
    }
}
