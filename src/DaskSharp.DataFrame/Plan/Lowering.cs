using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Turns an (optimised) plan into tasks, one key per output partition, <c>(name, i)</c>: sources
/// read in their own tasks, fused programs one task a partition, reductions as a tree.
/// </summary>
internal sealed partial class Lowering
{
    private static readonly Func<PartitionSource, PartitionProgram, int, Partition> s_read = FrameTasks.Read;
    private static readonly Func<PartitionProgram, Partition, Partition> s_run = FrameTasks.Run;
    private static readonly Func<AggregationPlan, Partition[], Partition> s_combine = FrameTasks.Combine;
    private static readonly Func<AggregationPlan, Partition[], Partition> s_finish = FrameTasks.Finish;
    private static readonly Func<int, Partition[], Partition> s_head = FrameTasks.Head;
    private static readonly Func<int, Partition, Partition> s_piece = FrameTasks.Piece;
    private static readonly Func<Partition[], Partition> s_concat = FrameTasks.Concat;

    // Tree depths counted per level: split_every >= 2, so 64 levels would need 2^64 partitions.
    private const int MaxDepth = 64;

    private readonly TaskGraph _tasks = new();
    private readonly HashSet<string> _lowered = new(StringComparer.Ordinal);

    /// <summary>The tasks of <paramref name="plan"/> and everything it reads.</summary>
    public static TaskGraph Lower(FrameExpr plan)
    {
        var lowering = new Lowering();
        lowering.Add(plan);
        return lowering._tasks;
    }

    /// <summary>The keys of <paramref name="expr"/>'s partitions.</summary>
    public static Key[] Keys(FrameExpr expr) => [.. Enumerable.Range(0, expr.NPartitions).Select(i => new Key(expr.Name, i))];

    private void Add(FrameExpr expr)
    {
        if (!_lowered.Add(expr.Name))
        {
            return;
        }

        switch (expr)
        {
            case Fused f:
                Partitionwise(expr.Name, f.Input, f.Program);
                break;
            case PartitionwiseExpr p:
                Partitionwise(expr.Name, p.Input, new PartitionProgram([p.Step]));
                break;
            case PartitionSource s:
                for (int i = 0; i < s.NPartitions; i++)
                {
                    _tasks.Add(new Key(s.Name, i), TaskSpec.Call(s_read, s, new PartitionProgram([]), i));
                }

                break;
            case FromPartitions m:
                for (int i = 0; i < m.NPartitions; i++)
                {
                    _tasks.Add(new Key(m.Name, i), new DataNode(m.Partitions[i]));
                }

                break;
            case Reduce r:
                TreeReduce(r);
                break;
            case Head h:
                Add(h.Input); // all of it is lowered; culling keeps only what the first partitions need
                _tasks.Add(new Key(h.Name, 0), TaskSpec.Call(s_head, h.N, Refs(Enumerable.Range(0, h.FromPartitions).Select(i => new Key(h.Input.Name, i)))));
                break;
            case FromArray a:
                for (int i = 0; i < a.NPartitions; i++)
                {
                    _tasks.Add(new Key(a.Name, i), a.Task(i));
                }

                break;
            case BroadcastJoin b:
                Broadcast(b);
                break;
            case AlignedJoin a:
                Aligned(a);
                break;
            case ShuffleJoin j:
                Hashed(j);
                break;
            case SkewJoin k:
                Skewed(k);
                break;
            case PartitionedReduce r:
                PartitionedAggregate(r);
                break;
            case RepartitionDivisions r:
                ToDivisions(r);
                break;
            case Loc or Tail or MapPartitions or Repartition:
                AddFrameOperation(expr);
                break;
            case Resample or Overlap:
                AddTimeSeries(expr);
                break;
            case Shuffle or SortPartitions or ResetIndex:
                AddShuffle(expr);
                break;
            default:
                throw new NotSupportedException($"No lowering for {expr.Describe()}.");
        }
    }

    private void Partitionwise(string name, FrameExpr input, PartitionProgram program)
    {
        if (input is PartitionSource source)
        {
            // The source's read is fused in: one task reads and runs the program.
            for (int i = 0; i < source.NPartitions; i++)
            {
                _tasks.Add(new Key(name, i), TaskSpec.Call(s_read, source, program, i));
            }

            return;
        }

        Add(input);
        for (int i = 0; i < input.NPartitions; i++)
        {
            _tasks.Add(new Key(name, i), TaskSpec.Call(s_run, program, TaskArg.Ref(new Key(input.Name, i))));
        }
    }

    private void TreeReduce(Reduce r)
    {
        // The partial aggregation is one more step of the input's program.
        string chunkName = "chunk-" + r.Name;
        PartitionStep[] chunk = r.SplitOut > 1 ? [new ChunkStep(r.Plan), new HashSplitStep(r.Plan.Keys, r.SplitOut)] : [new ChunkStep(r.Plan)];
        switch (r.Input)
        {
            case Fused f:
                Partitionwise(chunkName, f.Input, new PartitionProgram([.. f.Program.Steps, .. chunk]));
                break;
            default:
                Partitionwise(chunkName, r.Input, new PartitionProgram(chunk));
                break;
        }

        int n = r.Input.NPartitions;
        if (r.SplitOut == 1)
        {
            Tree(r, [.. Enumerable.Range(0, n).Select(i => new Key(chunkName, i))], 0, new int[MaxDepth]);
            return;
        }

        // Each piece of each partial in a task of its own (Dask's getitem of the shard), then a tree a piece.
        var combines = new int[MaxDepth];
        for (int j = 0; j < r.SplitOut; j++)
        {
            var pieces = new List<Key>(n);
            for (int i = 0; i < n; i++)
            {
                var key = new Key("piece-" + r.Name, (i * r.SplitOut) + j);
                _tasks.Add(key, TaskSpec.Call(s_piece, j, TaskArg.Ref(new Key(chunkName, i))));
                pieces.Add(key);
            }

            Tree(r, pieces, j, combines);
        }
    }

    // Combines <level> at most split_every at a time until split_every or fewer are left, then
    // finishes output partition <output>; combines[depth] numbers the combine tasks of each depth.
    // A level makes as many combines as Dask's tree (⌈n / split_every⌉), each of consecutive
    // inputs, but of even sizes (10 inputs: 5 and 5, not 8 and 2), so they can run side by side.
    private void Tree(Reduce r, List<Key> level, int output, int[] combines)
    {
        int depth = 0;
        while (level.Count > r.SplitEvery)
        {
            var next = new List<Key>();
            int groups = (level.Count + r.SplitEvery - 1) / r.SplitEvery;
            for (int g = 0, start = 0; g < groups; g++)
            {
                int size = (level.Count / groups) + (g < level.Count % groups ? 1 : 0);
                var key = new Key($"combine-{depth}-{r.Name}", combines[depth]++);
                _tasks.Add(key, TaskSpec.Call(s_combine, r.Plan, Refs(level.Skip(start).Take(size))));
                next.Add(key);
                start += size;
            }

            level = next;
            depth++;
        }

        _tasks.Add(new Key(r.Name, output), TaskSpec.Call(s_finish, r.Plan, Refs(level)));
    }

    private static TaskArg Refs(IEnumerable<Key> keys) => TaskArg.List(typeof(Partition), [.. keys.Select(TaskArg.Ref)]);
}
