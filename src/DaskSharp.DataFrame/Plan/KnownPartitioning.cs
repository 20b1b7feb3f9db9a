using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// How a plan node's rows are hash-partitioned, when they are (dask-expr's
/// <c>unique_partition_mapping_columns_from_shuffle</c>, but exact): a <see cref="HashPartitioning"/>
/// saying that every row is in the partition its key columns hash to, so equal keys are in one
/// partition. A hash shuffle makes it; per-partition operators keep it while they keep the key
/// columns unchanged; a hash-shuffle join keeps it on its merged keys; a group-by with
/// <c>split_out</c> makes it on its keys. The planner reads it to drop shuffles the data does not
/// need (a second shuffle on the same keys, a group-by on the keys a merge shuffled on). Anything it
/// does not know returns null, which only costs a shuffle.
/// </summary>
public static class KnownPartitioning
{
    /// <summary>The hash partitioning of <paramref name="expr"/>'s rows, or null when it is not known.</summary>
    public static HashPartitioning? Of(FrameExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        HashPartitioning? hashed = expr switch
        {
            Shuffle { Partitioning: HashPartitioning h } => h,
            ShuffleJoin j => j.OutputPartitioning,
            PartitionedReduce r => Of(r.Input),
            Reduce { SplitOut: > 1 } r when r.Plan.Keys.Count > 0 => new HashPartitioning(r.Plan.Keys, r.SplitOut),
            PartitionwiseExpr p => Through(Of(p.Input), [p.Step]),
            Fused f => Through(Of(f.Input), f.Program.Steps),
            SortPartitions s => Of(s.Input),
            _ => null,
        };

        // Whatever the steps did, the columns must still be there under these names.
        return hashed is not null && hashed.Columns.All(expr.Schema.Has) ? hashed : null;
    }

    /// <summary>True when <paramref name="expr"/> is hash-partitioned on exactly <paramref name="keys"/> (in order) into <paramref name="pieces"/> partitions.</summary>
    public static bool Exactly(FrameExpr expr, IReadOnlyList<string> keys, int pieces) =>
        Of(expr) is { } h && h.Pieces == pieces && h.Columns.SequenceEqual(keys);

    /// <summary>True when equal values of <paramref name="keys"/> are in one partition of <paramref name="expr"/> (it is hash-partitioned on some of them).</summary>
    public static bool Groups(FrameExpr expr, IReadOnlyList<string> keys) =>
        Of(expr) is { } h && h.Columns.All(keys.Contains);

    private static HashPartitioning? Through(HashPartitioning? hashed, IEnumerable<PartitionStep> steps)
    {
        foreach (PartitionStep step in steps)
        {
            if (hashed is null)
            {
                return null;
            }

            hashed = step switch
            {
                ProjectStep or FilterStep or KeySetStep or SortStep or SetIndexStep or IndexRangeStep or RowSliceStep => hashed,
                AssignStep a => hashed.Columns.Contains(a.Name) ? null : hashed,
                MapColumnsStep m => m.Values.Any(v => hashed.Columns.Contains(v.Column)) ? null : hashed,
                RenameStep r => Renamed(hashed, r.Names),
                _ => null,
            };
        }

        return hashed;
    }

    private static HashPartitioning? Renamed(HashPartitioning hashed, IReadOnlyList<(string From, string To)> names)
    {
        string[] columns = [.. hashed.Columns.Select(c => names.FirstOrDefault(n => n.From == c).To ?? c)];

        // A column renamed onto a key's name (while the key moves away or not) would be read as the key.
        bool clobbered = names.Any(n => columns.Contains(n.To) && !hashed.Columns.Contains(n.From));
        return clobbered ? null : new HashPartitioning(columns, hashed.Pieces);
    }
}
