using System.Text;

namespace DaskSharp.DataFrames;

/// <summary>
/// A table laid out as pandas lays out a frame, as text (<c>to_string</c>: columns joined by one
/// space after pandas' per-cell leading space, the index left-justified, values right-justified, an
/// index name on a header line of its own) or as HTML (<c>to_html</c>). Truncated tables carry a
/// row of dots after the first <see cref="DotRow"/> rows and a column of dots after the first
/// <see cref="DotColumn"/> columns, as pandas draws them.
/// </summary>
internal sealed class PandasTable
{
    /// <summary>Pandas' HTML style block, as <c>_repr_html_</c> puts it before a notebook's table.</summary>
    private const string NotebookStyle = """
        <style scoped>
            .dataframe tbody tr th:only-of-type {
                vertical-align: middle;
            }

            .dataframe tbody tr th {
                vertical-align: top;
            }

            .dataframe thead th {
                text-align: right;
            }
        </style>
        """;

    /// <summary>A table of <paramref name="columns"/> (header, cells) beside the index labels <paramref name="index"/>.</summary>
    public PandasTable(string? indexName, string[] index, IReadOnlyList<(string Header, string[] Cells)> columns, int? dotRow = null, int? dotColumn = null)
    {
        IndexName = indexName;
        Index = index;
        Columns = columns;
        DotRow = dotRow;
        DotColumn = dotColumn;
    }

    /// <summary>The index's name (its own header line), or null.</summary>
    public string? IndexName { get; }

    /// <summary>The index labels of the shown rows.</summary>
    public string[] Index { get; }

    /// <summary>The shown columns: header and formatted cells (with pandas' leading spaces, for text).</summary>
    public IReadOnlyList<(string Header, string[] Cells)> Columns { get; }

    /// <summary>Rows shown before the row of dots, or null when all rows are shown.</summary>
    public int? DotRow { get; }

    /// <summary>Columns shown before the column of dots, or null when all columns are shown.</summary>
    public int? DotColumn { get; }

    /// <summary>The table's text columns, index first, each padded to one width (pandas' <c>strcols</c>).</summary>
    private List<string[]> TextColumns()
    {
        int headerRows = IndexName is null ? 1 : 2;
        var strcols = new List<string[]>();
        string[] index = [string.Empty, .. IndexName is null ? Array.Empty<string>() : [IndexName], .. Index];
        strcols.Add(Justify(index, left: true));
        foreach ((string header, string[] cells) in Columns)
        {
            strcols.Add(Justify([header, .. IndexName is null ? Array.Empty<string>() : [string.Empty], .. cells], left: false));
        }

        if (DotColumn is { } at)
        {
            strcols.Insert(at + 1, [.. Enumerable.Repeat(" ...", index.Length)]);
        }

        if (DotRow is { } row)
        {
            for (int c = 0; c < strcols.Count; c++)
            {
                bool dotColumn = DotColumn is { } d && c == d + 1;
                int width = dotColumn ? 4 : strcols[c][0].Length;
                string dots = width > 3 || dotColumn ? "..." : "..";
                string cell = c == 0 ? dots.PadRight(width) : dots.PadLeft(width);
                strcols[c] = [.. strcols[c][..(headerRows + row)], cell, .. strcols[c][(headerRows + row)..]];
            }
        }

        return strcols;
    }

    /// <summary>The widths of the text columns, index first, before any column of dots.</summary>
    public int[] TextWidths()
    {
        var plain = new PandasTable(IndexName, Index, Columns, DotRow);
        return [.. plain.TextColumns().Select(c => c[0].Length)];
    }

    /// <summary>The table as pandas' <c>to_string</c> prints it.</summary>
    public string ToText()
    {
        List<string[]> strcols = TextColumns();
        var text = new StringBuilder();
        for (int r = 0; r < strcols[0].Length; r++)
        {
            if (r > 0)
            {
                text.Append('\n');
            }

            for (int c = 0; c < strcols.Count; c++)
            {
                text.Append(c == 0 ? string.Empty : " ").Append(strcols[c][r]);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The table as pandas' <c>to_html</c> writes it (cells stripped and HTML-escaped), inside
    /// <c>_repr_html_</c>'s div and style when <paramref name="notebook"/>, with
    /// <paramref name="dimensions"/> (e.g. "70 rows × 2 columns") as a paragraph after it.
    /// </summary>
    public string ToHtml(bool notebook, string? dimensions = null)
    {
        var html = new StringBuilder();
        if (notebook)
        {
            html.Append("<div>\n").Append(NotebookStyle).Append('\n');
        }

        html.Append("<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n");
        foreach (string header in Shown(Columns.Select(c => c.Header).ToList()))
        {
            Cell(html, "th", header);
        }

        html.Append("    </tr>\n");
        if (IndexName is not null)
        {
            html.Append("    <tr>\n");
            Cell(html, "th", IndexName);
            foreach (string _ in Shown(Columns.Select(c => string.Empty).ToList()))
            {
                html.Append("      <th></th>\n");
            }

            html.Append("    </tr>\n");
        }

        html.Append("  </thead>\n  <tbody>\n");
        for (int r = 0; r < Index.Length; r++)
        {
            if (DotRow == r)
            {
                Row(html, "...", [.. Shown(Columns.Select(_ => "...").ToList())]);
            }

            Row(html, Index[r], [.. Shown(Columns.Select(c => c.Cells[r]).ToList())]);
        }

        html.Append("  </tbody>\n</table>");
        if (dimensions is not null)
        {
            html.Append("\n<p>").Append(dimensions).Append("</p>");
        }

        if (notebook)
        {
            html.Append("\n</div>");
        }

        return html.ToString();
    }

    private IEnumerable<string> Shown(List<string> cells)
    {
        if (DotColumn is { } at)
        {
            cells.Insert(at, "...");
        }

        return cells;
    }

    private static void Row(StringBuilder html, string label, string[] cells)
    {
        html.Append("    <tr>\n");
        Cell(html, "th", label);
        foreach (string cell in cells)
        {
            Cell(html, "td", cell);
        }

        html.Append("    </tr>\n");
    }

    // pandas escapes <, > and & only (its escape_chars), and strips the padding.
    private static void Cell(StringBuilder html, string tag, string text) =>
        html.Append("      <").Append(tag).Append('>')
            .Append(text.Trim().Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal))
            .Append("</").Append(tag).Append(">\n");

    private static string[] Justify(string[] cells, bool left)
    {
        int width = cells.Max(c => c.Length);
        return [.. cells.Select(c => left ? c.PadRight(width) : c.PadLeft(width))];
    }
}
