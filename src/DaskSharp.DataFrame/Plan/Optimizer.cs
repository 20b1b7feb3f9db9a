using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Rewrites a plan before it becomes tasks, as dask-expr's <c>optimize</c>: first column
/// projections are pushed down into the sources (a source makes only the columns something
/// above it reads; an assigned column nothing reads is dropped) and a filter right above a source
/// is offered to it (to skip what cannot match), then shuffles the data does not need are dropped
/// (<see cref="PlanDecisions"/>, which also says what each join and group-by does about moving
/// rows), then per-partition operators are fused into one task per partition.
/// </summary>
public static class Optimizer
{
    /// <summary>The optimised plan.</summary>
    public static FrameExpr Optimize(FrameExpr plan) => Optimize(plan, null);

    /// <summary>The optimised plan; <paramref name="decisions"/>, when given, receives each decision about moving rows, inputs first.</summary>
    public static FrameExpr Optimize(FrameExpr plan, List<string>? decisions)
    {
        ArgumentNullException.ThrowIfNull(plan);
        FrameExpr pushed = PushProjections(plan, [.. plan.Schema.Arrow.FieldsList.Select(f => f.Name)]);
        return Fuse(new PlanDecisions(decisions).Apply(pushed));
    }

    /// <summary>The plan computing <paramref name="needed"/> of <paramref name="expr"/>'s columns (at least).</summary>
    private static FrameExpr PushProjections(FrameExpr expr, HashSet<string> needed)
    {
        switch (expr)
        {
            case Projection p:
            {
                FrameExpr input = PushProjections(p.Input, [.. p.Columns.Where(needed.Contains), .. Index(p)]);
                string[] kept = [.. p.Columns.Where(c => needed.Contains(c) || c == p.Schema.Index)];
                return SameColumns(input, kept) ? input : new Projection(input, kept);
            }

            case Filter { Input: PartitionSource source } f:
                return new Filter(PushProjections(source.WithFilter(f.Predicate), [.. needed, .. f.Predicate.Columns]), f.Predicate);

            case Filter f:
                return new Filter(PushProjections(f.Input, [.. needed, .. f.Predicate.Columns]), f.Predicate);

            case Assign a when !needed.Contains(a.Column):
                return PushProjections(a.Input, needed); // nothing reads it

            case Assign a:
                return new Assign(PushProjections(a.Input, [.. needed.Where(c => c != a.Column), .. a.Value.Columns]), a.Column, a.Value);

            case Reduce r:
                return r.WithChildren([PushProjections(r.Input, [.. r.Plan.InputColumns])]);

            case Head h:
                return h.WithChildren([PushProjections(h.Input, needed)]);

            case Tail or Loc or Repartition { TargetCount: not null }:
                return expr.WithChildren([PushProjections(expr.Children[0], needed)]);

            case PartitionSource s:
                string[] columns = [.. s.Schema.Columns.Where(needed.Contains)];
                return columns.Length == s.Schema.Columns.Count ? s : s.WithColumns(columns);

            case MapColumns m:
            {
                (string Column, ColumnExpr Value)[] kept = [.. m.Values.Where(v => needed.Contains(v.Column))];
                FrameExpr input = PushProjections(m.Input, [.. needed, .. kept.SelectMany(v => v.Value.Columns)]);
                return kept.Length == 0 ? input : new MapColumns(input, m.Label, kept); // columns nothing reads are not computed
            }

            case Rename r:
                return r.WithChildren([PushProjections(r.Input, [.. needed.Select(r.Source)])]);

            case BroadcastJoin j:
            {
                JoinSpec spec = j.Spec.WithColumns(needed);
                return j.With(PushProjections(j.Left, [.. spec.Reads(left: true)]), PushProjections(j.Right, [.. spec.Reads(left: false)]), spec);
            }

            case ShuffleJoin j:
            {
                JoinSpec spec = j.Spec.WithColumns(needed);
                return j.With(Narrowed(PushProjections(j.Left, [.. spec.Reads(left: true)]), spec.Reads(left: true)), Narrowed(PushProjections(j.Right, [.. spec.Reads(left: false)]), spec.Reads(left: false)), spec);
            }

            case SkewJoin k:
            {
                JoinSpec spec = k.Spec.WithColumns(needed);
                var light = (ShuffleJoin)PushProjections(k.Light, needed);
                return k.With(light, PushProjections(k.Left, [.. spec.Reads(left: true)]), PushProjections(k.Right, [.. spec.Reads(left: false)]), spec);
            }

            case KeyFilter f:
                return f.WithChildren([PushProjections(f.Input, [.. needed, .. f.Lookup.Keys, .. Index(f.Input)])]);

            case PartitionedReduce r:
                return r.WithChildren([PushProjections(r.Input, [.. r.Plan.InputColumns])]);

            case AlignedJoin j:
            {
                JoinSpec spec = j.Spec.WithColumns(needed);
                return j.With(PushProjections(j.Left, [.. spec.Reads(left: true)]), PushProjections(j.Right, [.. spec.Reads(left: false)]), spec);
            }

            case RepartitionDivisions r:
                return r.WithChildren([PushProjections(r.Input, needed)]);

            case Shuffle s: // the rows move with only the columns read above and the keys
                return s.WithChildren([PushProjections(s.Input, [.. needed, .. s.Partitioning.Columns, .. Index(s.Input)])]);

            case SortPartitions s:
                return s.WithChildren([PushProjections(s.Input, [.. needed, .. s.Step.Keys, .. Index(s.Input)])]);

            default:
                return expr.WithChildren([.. expr.Children.Select(c => PushProjections(c, [.. c.Schema.Arrow.FieldsList.Select(f => f.Name)]))]);
        }
    }

    // A join's shuffle moves only the columns the join reads, even from an input that cannot drop
    // columns itself (rows in memory): they are dropped in the split's task.
    private static FrameExpr Narrowed(FrameExpr side, IEnumerable<string> reads)
    {
        if (side is not Shuffle s)
        {
            return side;
        }

        HashSet<string> moved = [.. reads, .. s.Partitioning.Columns, .. Index(s.Input)];
        string[] kept = [.. s.Input.Schema.Columns.Where(moved.Contains)];
        return kept.Length < s.Input.Schema.Columns.Count ? s.WithChildren([new Projection(s.Input, kept)]) : s;
    }

    private static IEnumerable<string> Index(FrameExpr e) => e.Schema.Index is { } i ? [i] : [];

    private static bool SameColumns(FrameExpr e, IReadOnlyList<string> columns) => e.Schema.Columns.SequenceEqual(columns.Where(c => c != e.Schema.Index));

    /// <summary>Chains of per-partition operators as single <see cref="Fused"/> nodes.</summary>
    private static FrameExpr Fuse(FrameExpr expr)
    {
        FrameExpr[] children = [.. expr.Children.Select(Fuse)];
        if (expr is not PartitionwiseExpr p)
        {
            return expr.WithChildren(children);
        }

        FrameExpr input = children[0];
        return input is Fused f
            ? new Fused(f.Input, new PartitionProgram([.. f.Program.Steps, p.Step]), p.Schema)
            : new Fused(input, new PartitionProgram([p.Step]), p.Schema);
    }
}
