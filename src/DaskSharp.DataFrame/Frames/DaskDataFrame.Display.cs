using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames;

/// <summary>A lazy frame printed as Dask prints one: its structure, not its data.</summary>
public sealed partial class DaskDataFrame
{
    /// <summary>
    /// As Dask (dask-expr) prints a frame: "Dask DataFrame Structure:", a table with the columns as
    /// header, a row per division (the first holding the dtypes; known divisions as labels, unknown
    /// blank; at most 5 rows, dots between), then "Dask Name: name, N expressions". (Dask adds an
    /// "Expr=" line with the Python expression; <see cref="Explain"/> is this project's.)
    /// </summary>
    /// <example><code>
    /// Console.WriteLine(Dd.Datasets.Timeseries());
    /// // Dask DataFrame Structure:
    /// //                    id    name        x        y
    /// // npartitions=30                                 
    /// // 2000-01-01      int64  string  float64  float64
    /// // 2000-01-02        ...     ...      ...      ...
    /// // ...               ...     ...      ...      ...
    /// // 2000-01-30        ...     ...      ...      ...
    /// // 2000-01-31        ...     ...      ...      ...
    /// // Dask Name: timeseries, 1 expression
    /// </code></example>
    public override string ToString()
    {
        if (Columns.Count == 0)
        {
            // pandas' "Empty DataFrame" lines, Index read as Divisions: each label as str() gives it, 100 at most.
            IEnumerable<string> labels = Divisions is { } known
                ? known.Select(d => d is DateTime t ? t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture) : Convert.ToString(d, System.Globalization.CultureInfo.InvariantCulture)!)
                : Enumerable.Repeat(string.Empty, NPartitions + 1);
            string[] shown = [.. labels.Take(101)];
            string list = string.Join(", ", shown.Take(100)) + (shown.Length > 100 ? ", ..." : string.Empty);
            return $"Empty Dask DataFrame Structure:\nColumns: []\nDivisions: [{list}]\n{FrameStructure.NameLine(Plan)}";
        }

        return $"Dask DataFrame Structure:\n{FrameStructure.Table(Plan, Dtypes, leadingSpace: true).ToText()}\n{FrameStructure.NameLine(Plan)}";
    }

    /// <summary>The structure as HTML, as Dask's <c>_repr_html_</c> (what a notebook shows): the table as pandas' <c>to_html</c> writes it, and the "Dask Name" line.</summary>
    public string ToHtml() =>
        $"<div><strong>Dask DataFrame Structure:</strong></div>\n{FrameStructure.Table(Plan, Dtypes, leadingSpace: false).ToHtml(notebook: false)}\n<div>{Escape(FrameStructure.NameLine(Plan))}</div>";

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
