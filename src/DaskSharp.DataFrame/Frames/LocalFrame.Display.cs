using System.Globalization;
using Apache.Arrow;

namespace DaskSharp.DataFrames;

/// <summary>A computed frame printed as pandas prints one: <c>repr(df)</c> and <c>df._repr_html_()</c>.</summary>
public sealed partial class LocalFrame
{
    /// <summary>pandas' display.max_rows: longer frames show only <see cref="MinRows"/> rows.</summary>
    private const int MaxRows = 60;

    /// <summary>pandas' display.min_rows: the rows a long frame shows, half from each end.</summary>
    private const int MinRows = 10;

    /// <summary>The width pandas fits a printed frame to outside a terminal of known size.</summary>
    private const int LineWidth = 80;

    /// <summary>pandas' display.max_columns in a notebook: wider HTML tables show half from each side.</summary>
    private const int MaxHtmlColumns = 20;

    /// <summary>
    /// The frame as pandas prints it (<c>print(df)</c> in Python): the index left, values formatted
    /// per column (floats to the precision the column needs, see <see cref="PandasCells"/>), frames
    /// over 60 rows shortened to their first and last 5 with a row of dots, columns dropped from the
    /// middle until a line fits 80 characters, and "[N rows x M columns]" after a shortened frame.
    /// </summary>
    public override string ToString()
    {
        if (Columns.Count == 0 || Length == 0)
        {
            string[] labels = PandasCells.Labels(Index is null ? null : Data.Column(Index), [.. Enumerable.Range(0, Length)]);
            return $"Empty DataFrame\nColumns: [{string.Join(", ", Columns)}]\nIndex: [{string.Join(", ", labels)}]";
        }

        (int[] rows, int? dotRow) = ShownRows();
        PandasTable table = Table(rows, dotRow, [.. Enumerable.Range(0, Columns.Count)], null, leadingSpace: true);
        int[] widths = table.TextWidths();
        int fitted = FittedColumns(widths);
        bool narrowed = fitted < Columns.Count;
        if (narrowed)
        {
            int half = fitted / 2;
            int[] kept = [.. Enumerable.Range(0, half), .. Enumerable.Range(Columns.Count - half, half)];
            table = Table(rows, dotRow, kept, half, leadingSpace: true);
        }

        string text = table.ToText();
        return dotRow is null && !narrowed ? text : text + string.Create(CultureInfo.InvariantCulture, $"\n\n[{Length} rows x {Columns.Count} columns]");
    }

    /// <summary>
    /// The frame as HTML, as pandas' <c>_repr_html_</c> (what a notebook shows): pandas' style block
    /// and table (<c>border="1" class="dataframe"</c>, the index as row headers), frames over 60
    /// rows shortened to their first and last 5, over 20 columns to their first and last 10, with a
    /// "N rows × M columns" paragraph after a shortened one. Text is HTML-escaped.
    /// </summary>
    public string ToHtml()
    {
        (int[] rows, int? dotRow) = ShownRows();
        bool narrowed = Columns.Count > MaxHtmlColumns;
        int half = MaxHtmlColumns / 2;
        int[] kept = narrowed ? [.. Enumerable.Range(0, half), .. Enumerable.Range(Columns.Count - half, half)] : [.. Enumerable.Range(0, Columns.Count)];
        // Cells are formatted as for text (the leading space counts in pandas' choice of
        // scientific notation) and stripped in the HTML.
        PandasTable table = Table(rows, dotRow, kept, narrowed ? half : null, leadingSpace: true);
        string? dimensions = dotRow is null && !narrowed ? null : string.Create(CultureInfo.InvariantCulture, $"{Length} rows × {Columns.Count} columns");
        return table.ToHtml(notebook: true, dimensions);
    }

    private (int[] Rows, int? DotRow) ShownRows() =>
        Length <= MaxRows
            ? ([.. Enumerable.Range(0, Length)], null)
            : ([.. Enumerable.Range(0, MinRows / 2), .. Enumerable.Range(Length - (MinRows / 2), MinRows / 2)], MinRows / 2);

    private PandasTable Table(int[] rows, int? dotRow, int[] columns, int? dotColumn, bool leadingSpace)
    {
        IArrowArray? index = Index is null ? null : Data.Column(Index);
        var shown = new List<(string, string[])>(columns.Length);
        for (int p = 0; p < columns.Length; p++)
        {
            IArrowArray column = Data.Column(Columns[columns[p]]);
            // pandas' text gives numeric (and bool) headers the values' leading space as well. It
            // asks the whole frame's p-th column, not the shown p-th (pandas pairs the shown names
            // with all dtypes by position), so after dropping columns we ask the same one.
            IArrowArray asked = Data.Column(Columns[p]);
            string header = leadingSpace && asked is not (StringArray or DictionaryArray or TimestampArray) ? " " + Columns[columns[p]] : Columns[columns[p]];
            shown.Add((header, PandasCells.Format(column, rows, leadingSpace)));
        }

        return new PandasTable(Index, PandasCells.Labels(index, rows), shown, dotRow, dotColumn);
    }

    /// <summary>
    /// How many data columns pandas keeps so that a line fits <see cref="LineWidth"/>: while too
    /// wide, it drops the middle column (Python's round, half to even) and what it took with its
    /// separating space; at least 2 stay.
    /// </summary>
    private static int FittedColumns(int[] widths)
    {
        int lineLength = widths.Sum() + widths.Length - 1;
        int excess = lineLength - LineWidth + 1;
        var remaining = widths.ToList();
        while (excess > 0 && remaining.Count > 1)
        {
            int middle = (int)Math.Round(remaining.Count / 2.0, MidpointRounding.ToEven);
            excess -= remaining[middle] + 1;
            remaining.RemoveAt(middle);
        }

        return Math.Max(remaining.Count - 1, 2); // the index is not a data column
    }
}
