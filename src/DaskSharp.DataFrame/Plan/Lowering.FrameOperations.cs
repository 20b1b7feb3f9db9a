using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan;

// Lowering of Loc, Tail, MapPartitions and Repartition: each output partition reads chosen input
// partitions, so a step that runs on them joins the program of the read (one task), and culling
// drops the input partitions nobody reads.
internal sealed partial class Lowering
{
    private static readonly Func<int, Partition[], Partition> s_tail = FrameOperationTasks.Tail;

    private void AddFrameOperation(FrameExpr expr)
    {
        switch (expr)
        {
            case Loc l:
                for (int j = 0; j < l.Count; j++)
                {
                    _tasks.Add(new Key(l.Name, j), ReadWith(l.Input, l.First + j, l.Step));
                }

                break;
            case Tail t:
                Add(t.Input);
                int from = t.Input.NPartitions - t.FromPartitions;
                _tasks.Add(new Key(t.Name, 0), TaskSpec.Call(s_tail, t.N, Refs(Enumerable.Range(from, t.FromPartitions).Select(i => new Key(t.Input.Name, i)))));
                break;
            case MapPartitions m:
                Add(m.Input);
                for (int i = 0; i < m.NPartitions; i++)
                {
                    _tasks.Add(new Key(m.Name, i), new TaskSpec(m.Function, TaskArg.Ref(new Key(m.Input.Name, i))));
                }

                break;
            case Repartition r:
                Repartitioned(r);
                break;
        }
    }

    private void Repartitioned(Repartition r)
    {
        int piece = 0;
        for (int k = 0; k < r.Outputs.Count; k++)
        {
            IReadOnlyList<RepartitionPiece> pieces = r.Outputs[k];
            if (pieces.Count == 1 && pieces[0].Cut is { } cut)
            {
                _tasks.Add(new Key(r.Name, k), ReadWith(r.Input, pieces[0].Input, cut));
                continue;
            }

            Add(r.Input);
            var refs = new List<Key>(pieces.Count);
            foreach (RepartitionPiece p in pieces)
            {
                if (p.Cut is null)
                {
                    refs.Add(new Key(r.Input.Name, p.Input));
                    continue;
                }

                var key = new Key("piece-" + r.Name, piece++);
                _tasks.Add(key, ReadWith(r.Input, p.Input, p.Cut));
                refs.Add(key);
            }

            _tasks.Add(new Key(r.Name, k), TaskSpec.Call(s_concat, Refs(refs)));
        }
    }

    /// <summary>The task making partition <paramref name="i"/> of <paramref name="input"/> and running <paramref name="step"/> on it, in one task when the input is a read or a fused program.</summary>
    private TaskSpec ReadWith(FrameExpr input, int i, PartitionStep step)
    {
        switch (input)
        {
            case PartitionSource s:
                return TaskSpec.Call(s_read, s, new PartitionProgram([step]), i);
            case Fused { Input: PartitionSource s } f:
                return TaskSpec.Call(s_read, s, new PartitionProgram([.. f.Program.Steps, step]), i);
            case Fused f:
                Add(f.Input);
                return TaskSpec.Call(s_run, new PartitionProgram([.. f.Program.Steps, step]), TaskArg.Ref(new Key(f.Input.Name, i)));
            default:
                Add(input);
                return TaskSpec.Call(s_run, new PartitionProgram([step]), TaskArg.Ref(new Key(input.Name, i)));
        }
    }
}
