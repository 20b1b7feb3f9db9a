using System.Globalization;
using System.Text;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames;

/// <summary>
/// Dask's picture of a lazy frame (<c>_repr_data</c>): one row per division, labelled by the
/// division (blank when unknown) under an index named "npartitions=N", the dtypes in the first
/// row and dots below, five rows at most (the first and last two around a row of dots), as pandas'
/// <c>to_string(max_rows=5)</c> and <c>to_html(max_rows=5)</c> draw it.
/// </summary>
internal static class FrameStructure
{
    private const int MaxRows = 5; // Dask's to_string(max_rows=5)

    /// <summary>The structure of <paramref name="dtypes"/> over <paramref name="plan"/>'s divisions.</summary>
    public static PandasTable Table(FrameExpr plan, IReadOnlyList<(string Column, string Dtype)> dtypes, bool leadingSpace)
    {
        (int[] rows, int? dotRow) = Rows(plan.NPartitions);
        string lead = leadingSpace ? " " : string.Empty;
        string[] Cells(string dtype) => [.. rows.Select(r => lead + (r == 0 ? dtype : "..."))];
        return new PandasTable(IndexName(plan), PandasCells.Divisions(plan.Divisions, rows), [.. dtypes.Select(d => (d.Column, Cells(d.Dtype)))], dotRow);
    }

    /// <summary>A series' structure as pandas' Series.to_string(max_rows=5) prints it: the index name alone on the first line, then label, three spaces, value.</summary>
    public static string SeriesText(FrameExpr plan, string dtype)
    {
        (int[] rows, int? dotRow) = Rows(plan.NPartitions);
        string[] labels = PandasCells.Divisions(plan.Divisions, rows);
        string[] values = [.. rows.Select(r => " " + (r == 0 ? dtype : "..."))];
        int valueWidth = values.Max(v => v.Length);
        var lines = labels.Select((l, i) => (Label: l, Value: values[i].PadLeft(valueWidth))).ToList();
        if (dotRow is { } at)
        {
            lines.Insert(at, (string.Empty, Center(valueWidth > 3 ? "..." : "..", valueWidth)));
        }

        int labelWidth = lines.Max(l => l.Label.Length);
        var text = new StringBuilder(IndexName(plan));
        foreach ((string label, string value) in lines)
        {
            text.Append('\n').Append(label.PadRight(labelWidth + 3)).Append(value);
        }

        return text.ToString();
    }

    /// <summary>Dask's "Dask Name: timeseries, 1 expression" line: the plan's key prefix and how many distinct plan nodes it has.</summary>
    public static string NameLine(FrameExpr plan)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<FrameExpr>([plan]);
        while (stack.Count > 0)
        {
            FrameExpr e = stack.Pop();
            if (names.Add(e.Name))
            {
                foreach (FrameExpr c in e.Children)
                {
                    stack.Push(c);
                }
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"Dask Name: {new Key(plan.Name).Prefix}, {names.Count} expression{(names.Count == 1 ? string.Empty : "s")}");
    }

    private static string IndexName(FrameExpr plan) => string.Create(CultureInfo.InvariantCulture, $"npartitions={plan.NPartitions}");

    private static (int[] Rows, int? DotRow) Rows(int npartitions) =>
        npartitions + 1 <= MaxRows
            ? ([.. Enumerable.Range(0, npartitions + 1)], null)
            : ([0, 1, npartitions - 1, npartitions], MaxRows / 2);

    // Python's str.center: the odd space goes left only when the width is odd as well.
    private static string Center(string text, int width)
    {
        int margin = width - text.Length;
        if (margin <= 0)
        {
            return text;
        }

        int left = (margin / 2) + (margin & width & 1);
        return new string(' ', left) + text + new string(' ', margin - left);
    }
}
