using System.Diagnostics;
using System.Text;
using DaskSharp.Graphs;
using DaskSharp.Optimization;

namespace DaskSharp;

/// <summary>
/// Draws graphs as <c>dask.visualize</c> does: each task a circle labelled with its function,
/// each result a box labelled with its key, arrows in the direction data flows (bottom to top).
/// </summary>
internal static class GraphVisualizer
{
    public static string ToDot(IDaskCollection collection, bool optimize) => ToDot([collection], optimize);

    public static string ToDot(IReadOnlyList<IDaskCollection> collections, bool optimize)
    {
        var builder = new GraphBuilder();
        var outputs = new List<Key>();
        foreach (IDaskCollection c in collections)
        {
            c.AddGraph(builder);
            outputs.AddRange(c.OutputKeys);
        }

        TaskGraph graph = GraphOptimizer.Optimize(builder.Build(), outputs.Distinct().ToList(), optimize);
        var ids = new Dictionary<Key, int>();
        foreach (Key key in graph.Keys.Order())
        {
            ids[key] = ids.Count;
        }

        var sb = new StringBuilder();
        sb.Append("digraph {\n  graph [rankdir=BT];\n");
        foreach (Key key in graph.Keys.Order())
        {
            int id = ids[key];
            GraphNode node = graph[key];
            sb.Append($"  \"r{id}\" [label=\"{Escape(ShortLabel(key))}\", shape=box];\n");
            if (node is DataNode)
            {
                continue;
            }

            string function = node switch
            {
                // An anonymous function is better labelled by the name the user gave its key.
                TaskSpec { Function.Name: "lambda" } => key.Prefix,
                TaskSpec t => t.Function.Name,
                FusedTask f => string.Join("-", f.StepKeys.Select(k => k.Prefix).Distinct()),
                _ => node.GetType().Name,
            };
            sb.Append($"  \"f{id}\" [label=\"{Escape(function)}\", shape=circle];\n");
            sb.Append($"  \"f{id}\" -> \"r{id}\";\n");
            foreach (Key dep in node.Dependencies)
            {
                sb.Append($"  \"r{ids[dep]}\" -> \"f{id}\";\n");
            }
        }

        return sb.Append("}\n").ToString();
    }

    /// <summary>Writes DOT, and renders it with Graphviz when asked for a picture and <c>dot</c> exists.</summary>
    public static IReadOnlyList<string> Write(string dot, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        if (extension is "" or "dot")
        {
            string dotPath = extension == "" ? path + ".dot" : path;
            File.WriteAllText(dotPath, dot);
            return [dotPath];
        }

        if (extension is not ("svg" or "png" or "pdf"))
        {
            throw new ArgumentException($"Cannot draw a graph as '.{extension}'; use .dot, .svg, .png or .pdf.", nameof(path));
        }

        string dotFile = Path.ChangeExtension(path, ".dot");
        File.WriteAllText(dotFile, dot);
        if (!TryRender(dotFile, path, extension))
        {
            return [dotFile];
        }

        return [dotFile, path];
    }

    private static bool TryRender(string dotFile, string output, string format)
    {
        var start = new ProcessStartInfo("dot", ["-T" + format, "-o", output, dotFile])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using Process process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Graphviz dot failed to render {dotFile}: {errors.Trim()}");
            }

            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // Graphviz is not installed: the DOT file is the result.
        }
    }

    private static string ShortLabel(Key key)
    {
        // Dask labels results with the key's prefix and block index, not the full token.
        string label = key.Prefix;
        return key.HasIndex ? $"{label}, {string.Join(", ", key.Index.ToArray())}" : label;
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
