using System.Globalization;
using System.Text;
using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames;

/// <summary>
/// A computed frame, in memory (what <c>Compute()</c> returns; pandas' DataFrame in Dask): an Arrow
/// record batch underneath, printed as pandas prints a frame.
/// </summary>
public sealed partial class LocalFrame
{
    /// <summary>A frame over one partition's data.</summary>
    public LocalFrame(Partition data) => Data = data ?? throw new ArgumentNullException(nameof(data));

    internal Partition Data { get; }

    /// <summary>Rows.</summary>
    public int Length => Data.Length;

    /// <summary>The data columns (the index excluded).</summary>
    public IReadOnlyList<string> Columns => Data.Schema.Columns;

    /// <summary>The index column's name, or null for a range index.</summary>
    public string? Index => Data.Index;

    /// <summary>The values of <paramref name="column"/> (the index too), boxed, null for missing values.</summary>
    public object?[] Values(string column)
    {
        IArrowArray a = Data.Column(column);
        var values = new object?[a.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Value(a, i);
        }

        return values;
    }

    /// <summary>The record batch underneath.</summary>
    public RecordBatch ToArrow() => Data.Batch;

    internal static object? Value(IArrowArray a, int i)
    {
        if (!ArrayBuild.IsValid(a, i))
        {
            return null;
        }

        return a switch
        {
            DoubleArray d => d.Values[i],
            FloatArray f => f.Values[i],
            Int64Array l => l.Values[i],
            Int32Array n => n.Values[i],
            BooleanArray b => b.GetValue(i),
            TimestampArray t => DateTime.UnixEpoch.AddTicks(t.Values[i] / 100),
            StringArray or DictionaryArray => Text.Get(a, i),
            _ => throw new NotSupportedException($"Reading a {Dtype.Name(a.Data.DataType)} value is not supported."),
        };
    }

    /// <summary>The frame as pandas prints it: a header of column names, the index name on its own line, then the rows (at most 60: the first and last 30).</summary>
    public override string ToString()
    {
        string[] shown = [.. Columns];
        IArrowArray[] arrays = [.. shown.Select(Data.Column)];
        IArrowArray? index = Index is null ? null : Data.Column(Index);
        int[] rows = Length <= 60 ? [.. Enumerable.Range(0, Length)] : [.. Enumerable.Range(0, 30), -1, .. Enumerable.Range(Length - 30, 30)];
        string[] indexCells = [.. rows.Select(r => r < 0 ? "..." : index is null ? r.ToString(CultureInfo.InvariantCulture) : Format(index, r))];
        string[][] cells = [.. arrays.Select(a => rows.Select(r => r < 0 ? "..." : Format(a, r)).ToArray())];
        int indexWidth = Math.Max(Index?.Length ?? 0, indexCells.DefaultIfEmpty(string.Empty).Max(c => c.Length));
        int[] widths = [.. shown.Select((c, j) => Math.Max(c.Length, cells[j].DefaultIfEmpty(string.Empty).Max(x => x.Length)))];
        var text = new StringBuilder();
        text.Append(new string(' ', indexWidth));
        for (int j = 0; j < shown.Length; j++)
        {
            text.Append("  ").Append(shown[j].PadLeft(widths[j]));
        }

        text.Append('\n');
        if (Index is not null)
        {
            text.Append(Index.PadRight(indexWidth)).Append('\n');
        }

        for (int r = 0; r < rows.Length; r++)
        {
            text.Append(indexCells[r].PadRight(indexWidth));
            for (int j = 0; j < shown.Length; j++)
            {
                text.Append("  ").Append(cells[j][r].PadLeft(widths[j]));
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"\n[{Length} rows x {shown.Length} columns]");
        return text.ToString();
    }

    private static string Format(IArrowArray a, int i) => Value(a, i) switch
    {
        null => a is DoubleArray or FloatArray ? "NaN" : "<NA>",
        double d => d.ToString("0.000000", CultureInfo.InvariantCulture),
        float f => f.ToString("0.000000", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };
}
