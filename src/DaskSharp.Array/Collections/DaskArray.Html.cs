using System.Net;
using DaskSharp.Arrays;

namespace DaskSharp;

// Notebook output: Dask's HTML table (bytes, shape, chunk count, graph layers, dtype) beside the
// picture of the chunk grid.
public sealed partial class DaskArray<TValue>
{
    /// <summary>The chunk grid as SVG, as Dask's <c>to_svg</c>.</summary>
    public string ToSvg(int size = 500) => ArraySvg.Render(Chunks, size);

    /// <summary>Dask's notebook repr: a table of sizes beside the picture of the chunk grid.</summary>
    public string ToHtml()
    {
        long chunkBytes = ChunkSize.Aggregate(1L, (n, c) => n * c) * ItemSize;
        int layers = Graph.Layers.Count;
        string row(string name, string array, string chunk) =>
            $"                    <tr>\n                        <th> {name} </th>\n                        <td> {array} </td>\n                        <td> {chunk} </td>\n                    </tr>\n";
        return "<table>\n    <tr>\n        <td>\n            <table style=\"border-collapse: collapse;\">\n"
            + "                <thead>\n                    <tr>\n                        <td> </td>\n                        <th> Array </th>\n                        <th> Chunk </th>\n                    </tr>\n                </thead>\n                <tbody>\n"
            + row("Bytes", ByteSize.Format(NBytes), ByteSize.Format(chunkBytes))
            + row("Shape", Axes.Text(Shape), Axes.Text(ChunkSize))
            + $"                    <tr>\n                        <th> Dask graph </th>\n                        <td colspan=\"2\"> {Chunks.BlockCount} chunks in {layers} graph layer{(layers == 1 ? "" : "s")} </td>\n                    </tr>\n"
            + $"                    <tr>\n                        <th> Data type </th>\n                        <td colspan=\"2\"> {WebUtility.HtmlEncode(Dtype)} DaskSharp.NDArray </td>\n                    </tr>\n"
            + "                </tbody>\n            </table>\n        </td>\n        <td>\n        "
            + ArraySvg.Render(Chunks, 120)
            + "\n        </td>\n    </tr>\n</table>";
    }
}
