using System.Globalization;
using System.Text;

namespace DaskSharp.Arrays;

/// <summary>
/// The picture of a chunk grid, as Dask's <c>to_svg</c>: the array's last two axes as a rectangle
/// scaled to <c>size</c> pixels on its long side, a line at every chunk boundary (outer lines bold),
/// shaded, with the axis lengths written beside it. A 1-d array is a thin bar.
/// </summary>
internal static class ArraySvg
{
    private const int MaxLinesPerAxis = 100;

    public static string Render(Chunks chunks, int size = 120)
    {
        if (chunks.Rank == 0)
        {
            return string.Empty;
        }

        long[] rowSizes = chunks.Rank == 1 ? [1] : chunks.Sizes(chunks.Rank - 2);
        long[] colSizes = chunks.Sizes(chunks.Rank - 1);
        double totalRows = Math.Max(1, rowSizes.Sum());
        double totalCols = Math.Max(1, colSizes.Sum());
        double scale = size / Math.Max(totalRows, totalCols);
        double width = Math.Max(Math.Round(totalCols * scale), 10);
        double height = chunks.Rank == 1 ? 25 : Math.Max(Math.Round(totalRows * scale), 10);
        if (chunks.Rank == 1)
        {
            width = size;
        }

        var sb = new StringBuilder();
        sb.Append(Invariant($"<svg width=\"{width + 50}\" height=\"{height + 50}\" style=\"stroke:rgb(0,0,0);stroke-width:1\" >\n"));
        sb.Append("\n  <!-- Horizontal lines -->\n");
        foreach (var (y, outer) in Lines(rowSizes, height))
        {
            sb.Append(Invariant($"  <line x1=\"0\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\"{Bold(outer)} />\n"));
        }

        sb.Append("\n  <!-- Vertical lines -->\n");
        foreach (var (x, outer) in Lines(colSizes, width))
        {
            sb.Append(Invariant($"  <line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height}\"{Bold(outer)} />\n"));
        }

        sb.Append("\n  <!-- Colored Rectangle -->\n");
        sb.Append(Invariant($"  <polygon points=\"0.0,0.0 {width:0.0},0.0 {width:0.0},{height:0.0} 0.0,{height:0.0}\" style=\"fill:#ECB172A0;stroke-width:0\"/>\n"));
        sb.Append("\n  <!-- Text -->\n");
        sb.Append(Invariant($"  <text x=\"{width / 2:0.000000}\" y=\"{height + 20:0.000000}\" font-size=\"1.0rem\" font-weight=\"100\" text-anchor=\"middle\" >{(long)totalCols}</text>\n"));
        if (chunks.Rank > 1)
        {
            sb.Append(Invariant($"  <text x=\"{width + 20:0.000000}\" y=\"{height / 2:0.000000}\" font-size=\"1.0rem\" font-weight=\"100\" text-anchor=\"middle\" transform=\"rotate(-90,{width + 20:0.000000},{height / 2:0.000000})\">{(long)totalRows}</text>\n"));
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>Positions of the chunk boundaries along one side; with too many chunks only the outer lines.</summary>
    private static IEnumerable<(long Position, bool Outer)> Lines(long[] sizes, double length)
    {
        double total = Math.Max(1, sizes.Sum());
        yield return (0, true);
        if (sizes.Length <= MaxLinesPerAxis)
        {
            long at = 0;
            for (int i = 0; i < sizes.Length - 1; i++)
            {
                at += sizes[i];
                yield return ((long)(at / total * length), false);
            }
        }

        yield return ((long)length, true);
    }

    private static string Bold(bool outer) => outer ? " style=\"stroke-width:2\"" : string.Empty;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
