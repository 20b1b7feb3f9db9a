using System.Text;
using Apache.Arrow;
using Microsoft.Win32.SafeHandles;
using nietras.SeparatedValues;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// Reads one block of a CSV dataset into a partition: finds its line boundaries, streams its bytes
/// through Sep, and parses only the wanted columns (Sep splits every row; fields nobody reads are
/// never converted). Blank lines are skipped and short rows end in nulls, as pandas reads them.
/// </summary>
internal static class CsvBlockReader
{
    public static Partition Read(CsvDataset dataset, IReadOnlyList<CsvColumn> columns, FrameSchema schema, int index)
    {
        CsvBlock block = dataset.Blocks[index];
        CsvFile file = dataset.Files[block.File];
        using SafeFileHandle handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long size = RandomAccess.GetLength(handle);
        long start = block.Offset == 0 ? 0 : CsvBlocks.LineEndAfter(handle, block.Offset, size);
        long end = block.Offset + block.Length >= file.Length ? size : CsvBlocks.LineEndAfter(handle, block.Offset + block.Length, size);

        int capacity = (int)Math.Clamp((end - start) / dataset.RowBytes, 16, 1 << 24);
        var builders = new CsvColumnBuilder[columns.Count];
        var ordinals = new int[columns.Count];
        for (int j = 0; j < builders.Length; j++)
        {
            builders[j] = CsvColumnBuilder.Create(columns[j].Kind, capacity);
            ordinals[j] = columns[j].Ordinal;
        }

        int rows = 0;
        if (start < end)
        {
            using var text = new StreamReader(new FileRangeStream(handle, start, end), Encoding.UTF8, detectEncodingFromByteOrderMarks: start == 0, bufferSize: 1 << 16);
            using SepReader reader = CsvSample.Options.From(text);
            rows = ReadRows(reader, dataset, columns, builders, ordinals, file.Path, start);
        }

        var arrays = new IArrowArray[builders.Length];
        for (int j = 0; j < arrays.Length; j++)
        {
            arrays[j] = builders[j].Build();
        }

        return new Partition(new RecordBatch(schema.Arrow, arrays, rows));
    }

    private static int ReadRows(SepReader reader, CsvDataset dataset, IReadOnlyList<CsvColumn> columns, CsvColumnBuilder[] builders, int[] ordinals, string path, long start)
    {
        int width = dataset.Header.Count, rows = 0;
        bool header = start == 0;

        // Sep numbers a row's lines [from, toExcl); the first row's "from" is taken from the previous row's end instead.
        int line = 1;
        foreach (SepReader.Row row in reader)
        {
            int from = line;
            line = row.LineNumberToExcl;
            if (header)
            {
                header = false;
                string[] names = CsvSample.Mangle(row);
                if (!names.AsSpan().SequenceEqual([.. dataset.Header]))
                {
                    CsvErrors.OtherHeader(dataset, path, names);
                }

                continue;
            }

            int n = row.ColCount;
            if (n == 1 && row.Span.IsEmpty)
            {
                continue; // a blank line (pandas' skip_blank_lines); a quoted "" is a field
            }

            if (n > width)
            {
                CsvErrors.TooManyFields(dataset, path, Line(path, start, from), n);
            }

            for (int j = 0; j < builders.Length; j++)
            {
                int at = ordinals[j];
                if (at < n ? !builders[j].TryAppend(row[at]) : !builders[j].TryAppendNull())
                {
                    CsvErrors.Mismatch(dataset, columns[j], path, Line(path, start, from), at < n ? row[at] : default, at < n);
                }
            }

            rows++;
        }

        return rows;
    }

    /// <summary>The line in the file of the block's <paramref name="line"/>-th line (counted only for an error).</summary>
    private static long Line(string path, long start, int line) => (start == 0 ? 0 : CsvBlocks.NewlinesBefore(path, start)) + line;
}
