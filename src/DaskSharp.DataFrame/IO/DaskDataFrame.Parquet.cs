using DaskSharp.DataFrames.IO;
using DaskSharp.DataFrames.Plan;
using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.DataFrames;

/// <summary>Parquet output (<c>DataFrame.to_parquet</c>).</summary>
public sealed partial class DaskDataFrame
{
    /// <summary>
    /// Writes the frame to <paramref name="directory"/>, one file a partition (part.0.parquet,
    /// part.1.parquet, … as Dask names them), each written in its own task on the scheduler's
    /// workers, Snappy-compressed, the index recorded in pandas' metadata. <see cref="Dd.ReadParquet"/>
    /// reads it back as it was.
    /// </summary>
    /// <param name="directory">Created if missing.</param>
    /// <param name="overwrite">
    /// Whether Parquet files already in the directory are deleted first. Without it a directory that
    /// holds some is refused: part files of an earlier, longer frame would be read with the new ones.
    /// </param>
    /// <param name="scheduler">The scheduler that runs the writes.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The files written, in partition order.</returns>
    /// <exception cref="IOException">when the directory already holds Parquet files and <paramref name="overwrite"/> is false.</exception>
    public IReadOnlyList<string> ToParquet(string directory, bool overwrite = false, string? scheduler = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        string[] existing = Directory.GetFiles(directory, "*.parquet");
        if (existing.Length > 0 && !overwrite)
        {
            throw new IOException($"The directory '{directory}' already holds {existing.Length} Parquet file(s); pass overwrite: true to replace them.");
        }

        foreach (string f in existing)
        {
            File.Delete(f);
        }

        var write = new ParquetWrite(this, System.IO.Path.GetFullPath(directory));
        Dask.ComputeCollections([write], scheduler, true, cancellationToken);
        return write.Files;
    }

    /// <summary>The write tasks: one per partition, each reading its partition's key.</summary>
    private sealed class ParquetWrite : IDaskCollection
    {
        private static readonly Func<string, Partition, string[], long> s_write = ParquetWriting.Write;
        private readonly DaskDataFrame _frame;
        private readonly Key[] _keys;
        private readonly string[] _textColumns;

        public ParquetWrite(DaskDataFrame frame, string directory)
        {
            _frame = frame;
            _textColumns = [.. frame.Plan.Schema.Arrow.FieldsList.Where(f => f.DataType is Apache.Arrow.Types.StringType).Select(f => f.Name)];
            // The optimised plan's partitions: a filter may have let the source skip row groups.
            Files = [.. Enumerable.Range(0, frame._graph.OutputKeys.Count).Select(i => System.IO.Path.Combine(directory, $"part.{i}.parquet"))];
            string name = "to-parquet-" + Tokenizer.Tokenize(directory + "(" + frame._graph.Optimised.Name + ")");
            _keys = [.. Enumerable.Range(0, Files.Count).Select(i => new Key(name, i))];
        }

        public IReadOnlyList<string> Files { get; }

        public IReadOnlyList<Key> OutputKeys => _keys;

        public void AddGraph(GraphBuilder builder)
        {
            _frame._graph.AddTo(builder);
            IReadOnlyList<Key> parts = _frame._graph.OutputKeys;
            for (int i = 0; i < _keys.Length; i++)
            {
                builder.TryAddTask(_keys[i], TaskSpec.Call(s_write, Files[i], TaskArg.Ref(parts[i]), _textColumns));
            }
        }

        public object? Finalize(ReadOnlySpan<object?> values)
        {
            long rows = 0;
            foreach (object? v in values)
            {
                rows += (long)v!;
            }

            return rows;
        }
    }
}
