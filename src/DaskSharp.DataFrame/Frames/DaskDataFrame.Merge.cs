using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

public sealed partial class DaskDataFrame
{
    /// <summary>
    /// Joins this frame with <paramref name="right"/> as pandas' <c>merge</c> (Dask's
    /// <c>DataFrame.merge</c>): on shared columns (<paramref name="on"/>, or every common column
    /// when nothing is said), on differently named ones (<paramref name="leftOn"/> with
    /// <paramref name="rightOn"/>), or on an index (<paramref name="leftIndex"/>,
    /// <paramref name="rightIndex"/>). Columns, suffixes on overlapping columns, a shared key kept
    /// once, the index, and each partition pair's row order are pandas'. Null keys match each other.
    /// </summary>
    /// <remarks>
    /// The strategy is Dask's, and <c>Explain()</c> shows it: on both indexes with known divisions,
    /// a partitionwise join (after cutting both sides to the union of their divisions when they
    /// differ); a broadcast join when one side is small (one partition, or fewer partitions than
    /// half the log2 of the other's; <paramref name="broadcast"/> true forces it, false allows only
    /// one-partition sides); sides already hash-partitioned alike on their keys are joined as they
    /// are; otherwise a hash-shuffle join: both sides hash-partitioned on their keys into the larger
    /// partition count (a side already so partitioned is not shuffled again), then joined partition
    /// by partition. Its result is hash-partitioned on the merged keys, so a group-by or another merge
    /// on them moves no rows.
    /// <para>Skew: for a hash-shuffle join, <c>skew</c> (true by default) finds the keys that hold more of
    /// a side's rows than a partition's budget (its rows / the partitions) from a sample of both
    /// sides' keys read now (one pass over the key columns, on <c>scheduler</c>, as SetIndex
    /// samples), and joins their rows where they lie, with the other side's rows of them broadcast,
    /// instead of funnelling each into one task. <c>skew: false</c> skips the pass.</para>
    /// </remarks>
    /// <example><c>orders.Merge(customers, how: "left", on: ["customer_id"])</c></example>
    /// <exception cref="ArgumentException">for a bad <paramref name="how"/>, keys that do not pair up, or incompatible key types (naming both columns).</exception>
    /// <exception cref="KeyNotFoundException">for a key column a side lacks, naming the nearest.</exception>
    public DaskDataFrame Merge(
        DaskDataFrame right,
        string how = "inner",
        IReadOnlyList<string>? on = null,
        IReadOnlyList<string>? leftOn = null,
        IReadOnlyList<string>? rightOn = null,
        bool leftIndex = false,
        bool rightIndex = false,
        (string Left, string Right)? suffixes = null,
        bool? broadcast = null,
        bool skew = true,
        string? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(right);
        JoinSpec spec = MergeResolution.Resolve(Plan.Schema, right.Plan.Schema, how, on, leftOn, rightOn, leftIndex, rightIndex, suffixes ?? ("_x", "_y"));
        FrameExpr l = Plan, r = right.Plan;
        if (leftIndex && rightIndex && l.Divisions is { } ld && r.Divisions is { } rd && !SinglePartitionBroadcast(l.NPartitions, r.NPartitions, spec.How))
        {
            // Dask's fully indexed merge: both sides cut to the union of their divisions, then joined partition by partition.
            if (!ld.SequenceEqual(rd))
            {
                object[] union = [.. ld.Concat(rd).Distinct().Order(Comparer<object>.Default)];
                l = ld.SequenceEqual(union) ? l : new RepartitionDivisions(l, union);
                r = rd.SequenceEqual(union) ? r : new RepartitionDivisions(r, union);
            }

            return new DaskDataFrame(new AlignedJoin(l, r, spec));
        }

        if (SinglePartitionBroadcast(l.NPartitions, r.NPartitions, spec.How) || broadcast == true)
        {
            return new DaskDataFrame(new BroadcastJoin(l, r, spec, SmallIsRight(l.NPartitions, r.NPartitions, spec.How, broadcast)));
        }

        // Sides already hash-partitioned alike are joined as they are (dask-expr's blockwise merge).
        if (l.NPartitions == r.NPartitions && KnownPartitioning.Exactly(l, spec.LeftKeys, l.NPartitions) && KnownPartitioning.Exactly(r, spec.RightKeys, r.NPartitions))
        {
            return new DaskDataFrame(new ShuffleJoin(l, r, spec));
        }

        if (Broadcasts(l.NPartitions, r.NPartitions, broadcast))
        {
            return new DaskDataFrame(new BroadcastJoin(l, r, spec, SmallIsRight(l.NPartitions, r.NPartitions, spec.How, broadcast)));
        }

        return new DaskDataFrame(HashShuffleJoin(l, r, spec, skew, scheduler));
    }

    // Dask's hash join: both sides into max(npartitions) pieces, unless one side is already
    // hash-partitioned on its keys, whose partitions are then kept and only the other is shuffled.
    private static FrameExpr HashShuffleJoin(FrameExpr l, FrameExpr r, JoinSpec spec, bool skew, string? scheduler)
    {
        int n = KnownPartitioning.Exactly(l, spec.LeftKeys, l.NPartitions) ? l.NPartitions
            : KnownPartitioning.Exactly(r, spec.RightKeys, r.NPartitions) ? r.NPartitions
            : Math.Max(l.NPartitions, r.NPartitions);
        foreach ((FrameExpr side, IReadOnlyList<string> keys) in new[] { (l, spec.LeftKeys), (r, spec.RightKeys) })
        {
            foreach (string key in keys)
            {
                if (side.Schema.TypeOf(key) is not (Int64Type or Int32Type or DoubleType or FloatType or TimestampType or BooleanType or StringType or DictionaryType { ValueType: StringType }))
                {
                    throw new ArgumentException($"A hash-shuffle merge cannot hash key column '{key}' ({Dtype.Name(side.Schema.TypeOf(key))}); keys are int, float, bool, string or datetime columns.");
                }
            }
        }

        bool bothShuffled = !KnownPartitioning.Exactly(l, spec.LeftKeys, n) && !KnownPartitioning.Exactly(r, spec.RightKeys, n);
        bool onColumns = !spec.LeftKeys.Contains(l.Schema.Index) && !spec.RightKeys.Contains(r.Schema.Index);
        if (skew && bothShuffled && onColumns && SkewedKeys.Detect(l, r, spec, n, scheduler) is { } skewed)
        {
            // The light keys are hash-shuffled; the skewed ones stay where they are (SkewJoin).
            Partition[] tables = [skewed.SpreadLeft, skewed.SpreadRight];
            ShuffleJoin light = ShuffleJoin.Of(new KeyFilter(l, new KeySetStep(spec.LeftKeys, tables, keep: false)), new KeyFilter(r, new KeySetStep(spec.RightKeys, tables, keep: false)), spec, n);
            return new SkewJoin(light, l, r, spec, skewed);
        }

        return ShuffleJoin.Of(l, r, spec, n);
    }

    private static bool Broadcasts(int left, int right, bool? broadcast)
    {
        int low = Math.Min(left, right), high = Math.Max(left, right);
        return broadcast == true || low == 1 || broadcast != false && low < Math.Log2(high) * 0.5;
    }

    private static bool SinglePartitionBroadcast(int left, int right, JoinHow how) =>
        left == 1 && right == 1 || right == 1 && how is JoinHow.Left or JoinHow.Inner || left == 1 && how is JoinHow.Right or JoinHow.Inner;

    // Dask's choice (dask-expr's Merge._lower): a one-partition side that the join does not keep
    // whole is joined blockwise; otherwise the side with fewer partitions is broadcast when it has
    // fewer than log2(the other's) * 0.5 (broadcast_bias). A one-partition side is broadcast for
    // any join here, as its unmatched rows make one more partition.
    private static bool SmallIsRight(int left, int right, JoinHow how, bool? broadcast)
    {
        if (left == 1 && right == 1 || right == 1 && how is JoinHow.Left or JoinHow.Inner)
        {
            return true;
        }

        if (left == 1 && how is JoinHow.Right or JoinHow.Inner)
        {
            return false;
        }

        return left >= right;
    }
}
