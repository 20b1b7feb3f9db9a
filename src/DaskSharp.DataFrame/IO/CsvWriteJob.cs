using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// <c>to_csv</c> as a computation: one task a partition, each writing its own file on whichever
/// worker holds the partition and returning the file's path, on top of the frame's graph.
/// </summary>
internal sealed class CsvWriteJob : IDaskCollection
{
    private static readonly Func<string, bool, Partition, string> s_write = CsvWriter.WriteFile;
    private readonly HighLevelGraph _graph;
    private readonly Key[] _keys;

    public CsvWriteJob(FrameGraph frame, IReadOnlyList<string> paths, bool index)
    {
        IReadOnlyList<Key> parts = frame.OutputKeys;
        string name = "to-csv-" + Tokenizer.Tokenize(frame.Optimised.Name + "|" + index + "|" + string.Join("|", paths));
        var tasks = new TaskGraph();
        _keys = new Key[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            _keys[i] = new Key(name, i);
            tasks.Add(_keys[i], TaskSpec.Call(s_write, paths[i], index, TaskArg.Ref(parts[i])));
        }

        _graph = HighLevelGraph.FromLayer(new MaterializedLayer(name, tasks), frame.Graph);
    }

    /// <summary>
    /// The file of each of <paramref name="partitions"/> partitions: <paramref name="path"/> with its
    /// '*' replaced by the partition number ("out/export-*.csv"), or "part-i.csv" in the directory
    /// <paramref name="path"/>. Directories are made here, before any task runs.
    /// </summary>
    public static string[] Paths(string path, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (full.Count(c => c == '*') > 1)
        {
            throw new ArgumentException($"The path '{path}' has more than one '*'; the partition number replaces a single '*'.", nameof(path));
        }

        string[] files = full.Contains('*', StringComparison.Ordinal)
            ? [.. Enumerable.Range(0, partitions).Select(i => full.Replace("*", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))]
            : [.. Enumerable.Range(0, partitions).Select(i => Path.Combine(full, $"part-{i}.csv"))];
        foreach (string directory in files.Select(f => Path.GetDirectoryName(f)!).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(directory);
        }

        return files;
    }

    public IReadOnlyList<Key> OutputKeys => _keys;

    public void AddGraph(GraphBuilder builder) => builder.AddGraph(_graph);

    public object? Finalize(ReadOnlySpan<object?> values)
    {
        var paths = new string[values.Length];
        for (int i = 0; i < paths.Length; i++)
        {
            paths[i] = (string)values[i]!;
        }

        return paths;
    }
}
