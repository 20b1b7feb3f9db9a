using System.Globalization;
using DaskSharp.Arrays;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.DataFrames.Interop;

/// <summary>
/// A frame's columns as a <see cref="DaskArray{TValue}"/>, as Dask's <c>to_dask_array(lengths=True)</c>:
/// the partitions' lengths are computed first (only the index is read for them), then the array is
/// built lazily, a block per partition, over the frame's tasks.
/// </summary>
internal static class FrameArrays
{
    private static readonly Func<Partition, long> s_length = ArrayColumns.Length;

    /// <summary>The array of <paramref name="columns"/> of <paramref name="plan"/>: 2-d (rows, columns), or 1-d for a series (<paramref name="rank"/> 1).</summary>
    public static DaskArray<T> ToArray<T>(FrameExpr plan, IReadOnlyList<string> columns, int rank, string? scheduler, CancellationToken cancellationToken)
        where T : unmanaged
    {
        _ = ArrayColumns.ArrowType<T>(); // an unsupported element type fails first
        foreach (string c in columns)
        {
            Apache.Arrow.Types.IArrowType type = plan.Schema.TypeOf(c);
            if (!ArrayColumns.Converts<T>(type))
            {
                throw new InvalidCastException($"Column '{c}' is {Dtype.Name(type)}, which does not convert to an array of {ArrayColumns.Dtype<T>()}.");
            }
        }

        long[] lengths = (long[])Dask.ComputeCollections([new PartitionLengths(plan)], scheduler, true, cancellationToken)[0]!;
        var frame = new FrameGraph(new Projection(plan, columns));
        string name = "values-" + Tokenizer.Tokenize(plan.Name, string.Join("\u0001", columns), typeof(T).FullName, rank, lengths);
        Func<string[], long, int, Partition, NDArray<T>> block = ArrayColumns.ToBlock<T>;
        var tasks = new TaskGraph(lengths.Length);
        string[] names = [.. columns];
        for (int i = 0; i < lengths.Length; i++)
        {
            Key key = rank == 1 ? new Key(name, i) : new Key(name, i, 0);
            tasks.Add(key, TaskSpec.Call(block, names, lengths[i], rank, TaskArg.Ref(frame.OutputKeys[i])));
        }

        var chunks = rank == 1 ? new Chunks(lengths) : new Chunks(lengths, [names.Length]);
        return ArrayBuilder.FromTasks<T>(name, tasks, chunks, frame.Graph);
    }

    /// <summary>The frame's partition lengths as a collection: one small task a partition over the frame's index alone.</summary>
    private sealed class PartitionLengths : IDaskCollection
    {
        private readonly FrameGraph _frame;
        private readonly string _name;

        public PartitionLengths(FrameExpr plan)
        {
            _frame = new FrameGraph(new Projection(plan, []));
            _name = "lengths-" + _frame.Optimised.Name;
            OutputKeys = [.. Enumerable.Range(0, plan.NPartitions).Select(i => new Key(_name, i))];
        }

        public IReadOnlyList<Key> OutputKeys { get; }

        public void AddGraph(GraphBuilder builder)
        {
            var tasks = new TaskGraph(OutputKeys.Count);
            for (int i = 0; i < OutputKeys.Count; i++)
            {
                tasks.Add(OutputKeys[i], TaskSpec.Call(s_length, TaskArg.Ref(_frame.OutputKeys[i])));
            }

            builder.AddGraph(HighLevelGraph.FromLayer(new MaterializedLayer(_name, tasks), _frame.Graph));
        }

        public object? Finalize(ReadOnlySpan<object?> values)
        {
            var lengths = new long[values.Length];
            for (int i = 0; i < lengths.Length; i++)
            {
                lengths[i] = Convert.ToInt64(values[i], CultureInfo.InvariantCulture);
            }

            return lengths;
        }
    }
}
