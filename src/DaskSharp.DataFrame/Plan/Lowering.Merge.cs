using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan;

/// <summary>The tasks of joins.</summary>
internal sealed partial class Lowering
{
    private static readonly Func<JoinSpec, int, bool, Partition, Partition, Partition> s_join = JoinTasks.Join;
    private static readonly Func<JoinSpec, bool, Partition, Partition, Partition> s_matched = JoinTasks.Matched;
    private static readonly Func<JoinSpec, bool, Partition, Partition, Partition[], Partition> s_unmatched = JoinTasks.Unmatched;
    private static readonly Func<JoinSpec, Partition, Partition, Partition> s_pair = JoinTasks.Pair;
    private static readonly Func<PartitionProgram, Partition, Partition[], Partition> s_slice = JoinTasks.Slice;
    private static readonly Func<PartitionProgram, Partition, Partition[], Partition, Partition> s_sliceWithNulls = JoinTasks.SliceWithNulls;

    private void Aligned(AlignedJoin a)
    {
        Add(a.Left);
        Add(a.Right);
        for (int i = 0; i < a.NPartitions; i++)
        {
            _tasks.Add(new Key(a.Name, i), TaskSpec.Call(s_pair, a.Spec, TaskArg.Ref(new Key(a.Left.Name, i)), TaskArg.Ref(new Key(a.Right.Name, i))));
        }
    }

    // Both sides are hash-partitioned alike (shuffled, or already so): partition i with partition i.
    private void Hashed(ShuffleJoin j)
    {
        Add(j.Left);
        Add(j.Right);
        for (int i = 0; i < j.NPartitions; i++)
        {
            _tasks.Add(new Key(j.Name, i), TaskSpec.Call(s_pair, j.Spec, TaskArg.Ref(new Key(j.Left.Name, i)), TaskArg.Ref(new Key(j.Right.Name, i))));
        }
    }

    // The light keys' join, then each spread side's partitions (in runs) joined with the other side's rows of its keys.
    private void Skewed(SkewJoin k)
    {
        Add(k.Light);
        for (int i = 0; i < k.Light.NPartitions; i++)
        {
            _tasks.Add(new Key(k.Name, i), TaskSpec.Call(s_concat, Refs([new Key(k.Light.Name, i)])));
        }

        int next = k.Light.NPartitions;
        if (k.SpreadsLeft)
        {
            next = Spread(k, k.Left, k.Right, k.Skew.SpreadLeft, "left", next, k.LeftSpreadHow, smallIsRight: true);
        }

        if (k.SpreadsRight)
        {
            Spread(k, k.Right, k.Left, k.Skew.SpreadRight, "right", next, k.RightSpreadHow, smallIsRight: false);
        }
    }

    private int Spread(SkewJoin k, FrameExpr spread, FrameExpr other, Partition keys, string side, int next, JoinHow how, bool smallIsRight)
    {
        string rows = $"skew-{side}-rows-{k.Name}", matches = $"skew-{side}-matches-{k.Name}", chunk = $"skew-{side}-chunk-{k.Name}";
        KeySetStep spreadRows = k.Rows(isLeft: smallIsRight, keys), otherRows = k.Rows(isLeft: !smallIsRight, keys);
        var found = new List<Key>(other.NPartitions);
        for (int j = 0; j < other.NPartitions; j++)
        {
            var key = new Key(matches, j);
            _tasks.Add(key, ReadWith(other, j, otherRows));
            found.Add(key);
        }

        var broadcast = new Key($"skew-{side}-broadcast-{k.Name}", 0);
        _tasks.Add(broadcast, TaskSpec.Call(s_concat, Refs(found)));
        int chunks = k.Chunks(spread);
        for (int i = 0; i < spread.NPartitions; i++)
        {
            var own = new Key(rows, i);
            _tasks.Add(own, ReadWith(spread, i, spreadRows));
            for (int q = 0; q < chunks; q++)
            {
                Key piece = own;
                if (chunks > 1)
                {
                    piece = new Key(chunk, (i * chunks) + q);
                    _tasks.Add(piece, TaskSpec.Call(s_run, new PartitionProgram([new RowSliceStep(q, chunks)]), TaskArg.Ref(own)));
                }

                _tasks.Add(new Key(k.Name, next++), TaskSpec.Call(s_join, k.Spec, (int)how, smallIsRight, TaskArg.Ref(piece), TaskArg.Ref(broadcast)));
            }
        }

        return next;
    }

    // Each group is in one partition: a partial per partition (fused into its read) and its finish, nothing combined across partitions.
    private void PartitionedAggregate(PartitionedReduce r)
    {
        string chunk = "chunk-" + r.Name;
        for (int i = 0; i < r.NPartitions; i++)
        {
            _tasks.Add(new Key(chunk, i), ReadWith(r.Input, i, new ChunkStep(r.Plan)));
            _tasks.Add(new Key(r.Name, i), TaskSpec.Call(s_finish, r.Plan, Refs([new Key(chunk, i)])));
        }
    }

    private void ToDivisions(RepartitionDivisions r)
    {
        Add(r.Input);
        Partition empty = Partition.Empty(r.Input.Schema);
        for (int j = 0; j < r.NPartitions; j++)
        {
            (IndexRangeStep cut, int[] inputs) = r.Piece(j);
            TaskArg parts = Refs(inputs.Select(p => new Key(r.Input.Name, p)));
            _tasks.Add(new Key(r.Name, j), j < r.NPartitions - 1
                ? TaskSpec.Call(s_slice, new PartitionProgram([cut]), empty, parts)
                : TaskSpec.Call(s_sliceWithNulls, new PartitionProgram([cut]), empty, parts, TaskArg.Ref(new Key(r.Input.Name, r.Input.NPartitions - 1))));
        }
    }

    private void Broadcast(BroadcastJoin b)
    {
        Add(b.Big);
        Add(b.Small);
        Key small = b.Small.NPartitions == 1 ? new Key(b.Small.Name, 0) : new Key("broadcast-small-" + b.Name, 0);
        if (b.Small.NPartitions > 1)
        {
            _tasks.Add(small, TaskSpec.Call(s_concat, Refs(Enumerable.Range(0, b.Small.NPartitions).Select(i => new Key(b.Small.Name, i)))));
        }

        for (int i = 0; i < b.Big.NPartitions; i++)
        {
            _tasks.Add(new Key(b.Name, i), TaskSpec.Call(s_join, b.Spec, (int)b.PairHow, b.SmallIsRight, TaskArg.Ref(new Key(b.Big.Name, i)), TaskArg.Ref(small)));
        }

        if (!b.KeepsUnmatched)
        {
            return;
        }

        var flags = new List<Key>();
        for (int i = 0; i < b.Big.NPartitions; i++)
        {
            var key = new Key("broadcast-matched-" + b.Name, i);
            _tasks.Add(key, TaskSpec.Call(s_matched, b.Spec, b.SmallIsRight, TaskArg.Ref(new Key(b.Big.Name, i)), TaskArg.Ref(small)));
            flags.Add(key);
        }

        _tasks.Add(new Key(b.Name, b.Big.NPartitions), TaskSpec.Call(s_unmatched, b.Spec, b.SmallIsRight, Partition.Empty(b.Big.Schema), TaskArg.Ref(small), Refs(flags)));
    }
}
