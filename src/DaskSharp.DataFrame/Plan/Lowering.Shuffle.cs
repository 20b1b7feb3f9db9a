using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan;

// Lowering of shuffles, sorts and ResetIndex. The task-based shuffle: one split task per input
// partition (its rows laid out by output partition, fused into the read of the input), one small
// piece task per (input, output) pair taking its run of rows (so only pieces travel between
// workers, never whole split partitions), and one gathering task per output that concatenates its
// pieces in input order and runs the sort that follows, if any.
internal sealed partial class Lowering
{
    private static readonly Func<PartitionProgram, Partition[], Partition> s_gather = ShuffleTasks.Gather;
    private static readonly Func<string, int, int, string, int, Partition, long> s_transfer = P2PShuffleTasks.Transfer;
    private static readonly Func<string, int, int, string, long[], long> s_barrier = P2PShuffleTasks.Barrier;
    private static readonly Func<string, int, int, string, int, PartitionProgram, long, long, Partition> s_unpack = P2PShuffleTasks.Unpack;

    private void AddShuffle(FrameExpr expr)
    {
        switch (expr)
        {
            case Shuffle s:
                Shuffled(s, s.Name, new PartitionProgram([]));
                break;
            case SortPartitions { Input: Shuffle s } p:
                Shuffled(s, p.Name, new PartitionProgram([p.Step]));
                break;
            case SortPartitions p:
                for (int i = 0; i < p.NPartitions; i++)
                {
                    _tasks.Add(new Key(p.Name, i), ReadWith(p.Input, i, p.Step));
                }

                break;
            case ResetIndex r:
                for (int i = 0; i < r.NPartitions; i++)
                {
                    _tasks.Add(new Key(r.Name, i), ReadWith(r.Input, i, r.StepOf(i)));
                }

                break;
        }
    }

    /// <summary>The outputs of shuffle <paramref name="s"/> under <paramref name="name"/>, each gathered and run through <paramref name="then"/>.</summary>
    private void Shuffled(Shuffle s, string name, PartitionProgram then)
    {
        int inputs = s.Input.NPartitions, outputs = s.NPartitions;
        if (outputs == 1)
        {
            // Everything goes to one partition: no split, the inputs are gathered as they are.
            Add(s.Input);
            _tasks.Add(new Key(name, 0), TaskSpec.Call(s_gather, then, Refs(Enumerable.Range(0, inputs).Select(i => new Key(s.Input.Name, i)))));
            return;
        }

        if (s.Method == ShuffleMethod.P2P)
        {
            ShuffledPeerToPeer(s, name, then);
            return;
        }

        string split = "split-" + s.Name, piece = "piece-" + s.Name;
        if (_lowered.Add(split))
        {
            var step = new ShuffleSplitStep(s.Partitioning);
            for (int i = 0; i < inputs; i++)
            {
                _tasks.Add(new Key(split, i), ReadWith(s.Input, i, step));
                for (int j = 0; j < outputs; j++)
                {
                    _tasks.Add(new Key(piece, (i * outputs) + j), TaskSpec.Call(s_piece, j, TaskArg.Ref(new Key(split, i))));
                }
            }
        }

        for (int j = 0; j < outputs; j++)
        {
            _tasks.Add(new Key(name, j), TaskSpec.Call(s_gather, then, Refs(Enumerable.Range(0, inputs).Select(i => new Key(piece, (i * outputs) + j)))));
        }
    }

    /// <summary>
    /// The peer-to-peer lowering (Dask's p2p shuffle): per input, its split (fused into its read, as
    /// in the task shuffle) feeding a transfer task that hands every piece to the shuffle service;
    /// one barrier on all transfers; per output, an unpack task on the barrier that reads its pieces
    /// where they were sent and runs <paramref name="then"/>. The scheduler sees n + 1 + m shuffle
    /// tasks (the split fuses into the transfer), not n × m.
    /// </summary>
    private void ShuffledPeerToPeer(Shuffle s, string name, PartitionProgram then)
    {
        int inputs = s.Input.NPartitions, outputs = s.NPartitions;
        // Named after the outputs, not the shuffle: two consumers of one shuffle (sorted and not) are two
        // shuffles, since an unpack takes its pieces away, and each barrier's dependents are one output set.
        string token = name[(name.LastIndexOf('-') + 1)..];
        string split = "split-" + name, transfer = "shuffle-transfer-" + token, barrier = "shuffle-barrier-" + token;
        if (_lowered.Add(transfer))
        {
            var step = new ShuffleSplitStep(s.Partitioning);
            var runs = new TaskArg[inputs];
            for (int i = 0; i < inputs; i++)
            {
                _tasks.Add(new Key(split, i), ReadWith(s.Input, i, step));
                _tasks.Add(new Key(transfer, i), TaskSpec.Call(s_transfer, name, inputs, outputs, barrier, i, TaskArg.Ref(new Key(split, i))));
                runs[i] = TaskArg.Ref(new Key(transfer, i));
            }

            _tasks.Add(new Key(barrier), TaskSpec.Call(s_barrier, name, inputs, outputs, barrier, TaskArg.List(typeof(long), runs)));
        }

        for (int j = 0; j < outputs; j++)
        {
            // The first transfer's run as a second input (unused): a task with two inputs is never fused, so
            // the barrier stays a task of its own on the scheduler even when culling leaves one unpack.
            _tasks.Add(new Key(name, j), TaskSpec.Call(s_unpack, name, inputs, outputs, barrier, j, then, TaskArg.Ref(new Key(barrier)), TaskArg.Ref(new Key(transfer, 0))));
        }
    }

    /// <summary>The tasks of <paramref name="plan"/> and one more per partition running <paramref name="step"/> on it (fused into its read when it can be), and those tasks' keys.</summary>
    public static (TaskGraph Tasks, Key[] Keys) WithStep(FrameExpr plan, PartitionStep step, string prefix)
    {
        var lowering = new Lowering();
        var keys = new Key[plan.NPartitions];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = new Key($"{prefix}-{plan.Name}", i);
            lowering._tasks.Add(keys[i], lowering.ReadWith(plan, i, step));
        }

        return (lowering._tasks, keys);
    }
}
