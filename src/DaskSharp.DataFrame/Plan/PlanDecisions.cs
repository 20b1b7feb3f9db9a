using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// The optimiser's pass over moving rows: a hash shuffle of data already hash-partitioned that way
/// is dropped (<see cref="KnownPartitioning"/>), and every decision about moving rows (the strategy each
/// merge took, a group-by that needs no shuffle, a shuffle dropped) is written down, inputs
/// first, for <see cref="FrameExpr.Explain"/>. The merge and group-by strategies themselves are
/// chosen when they are written (as dask-expr's lowering, but before projections move), so here
/// they are only described.
/// </summary>
internal sealed class PlanDecisions(List<string>? decisions)
{
    private readonly HashSet<string> _described = new(StringComparer.Ordinal);

    /// <summary>The plan without the shuffles it does not need.</summary>
    public FrameExpr Apply(FrameExpr expr)
    {
        FrameExpr[] children = [.. expr.Children.Select(Apply)];
        FrameExpr rewritten = children.SequenceEqual(expr.Children) ? expr : expr.WithChildren(children);
        if (rewritten is Shuffle { Partitioning: HashPartitioning h } s && KnownPartitioning.Exactly(s.Input, h.Columns, h.Pieces))
        {
            Note(s.Name, $"shuffle: skipped, already partitioned on [{Keys(h.Columns)}] into {h.Pieces}");
            return s.Input;
        }

        if (Describe(rewritten) is { } decision)
        {
            Note(rewritten.Name, decision);
        }

        return rewritten;
    }

    private void Note(string name, string decision)
    {
        if (decisions is not null && _described.Add(name))
        {
            decisions.Add(decision);
        }
    }

    private static string? Describe(FrameExpr expr) => expr switch
    {
        ShuffleJoin { Left: Shuffle { Input: KeyFilter } } => null, // the light keys of a SkewJoin, which says it all
        ShuffleJoin j => (j.ShuffledLeft, j.ShuffledRight) switch
        {
            (true, true) => $"merge: hash shuffle both sides on [{Keys(j.Spec)}] into {j.NPartitions} partitions",
            (false, true) => $"merge: shuffle skipped for the left, already partitioned on [{Keys(j.Spec.LeftKeys)}] into {j.NPartitions}; hash shuffle the right on [{Keys(j.Spec.RightKeys)}] into {j.NPartitions} partitions",
            (true, false) => $"merge: shuffle skipped for the right, already partitioned on [{Keys(j.Spec.RightKeys)}] into {j.NPartitions}; hash shuffle the left on [{Keys(j.Spec.LeftKeys)}] into {j.NPartitions} partitions",
            _ => $"merge: no shuffle, both sides already partitioned on [{Keys(j.Spec)}] into {j.NPartitions}",
        },
        SkewJoin k => $"merge: hash shuffle both sides on [{Keys(k.Spec)}] into {k.Light.NPartitions} partitions, except skewed keys, joined where they lie with the other side's rows of them broadcast: {k.Skew}",
        BroadcastJoin b => $"merge: broadcast the {(b.SmallIsRight ? "right" : "left")} ({Partitions(b.Small.NPartitions)}) to the {(b.SmallIsRight ? "left" : "right")}'s {b.Big.NPartitions}, no shuffle",
        AlignedJoin a => $"merge: aligned on known divisions, {a.NPartitions} partitions, no shuffle",
        SortPartitions { Input: Shuffle { Partitioning: RangePartitioning p } } s => $"{Verb(s)}: range shuffle on [{p.Column}] into {s.NPartitions} partitions",
        SortPartitions s when s.NPartitions == 1 => $"{Verb(s)}: shuffle skipped, one partition",
        SortPartitions s => $"{Verb(s)}: shuffle skipped, partitions already in order of [{s.Step.Keys[0]}]",
        PartitionedReduce r => $"groupby: shuffle skipped, already partitioned on [{Keys(r.Partitioning.Columns)}]",
        _ => null,
    };

    private static string Verb(SortPartitions s) => s.Step is SetIndexStep ? "set_index" : "sort_values";

    private static string Partitions(int n) => n == 1 ? "1 partition" : $"{n} partitions";

    private static string Keys(JoinSpec spec) =>
        spec.LeftKeys.SequenceEqual(spec.RightKeys) ? Keys(spec.LeftKeys) : $"{Keys(spec.LeftKeys)}] = [{Keys(spec.RightKeys)}";

    private static string Keys(IReadOnlyList<string> columns) => string.Join(", ", columns);
}
