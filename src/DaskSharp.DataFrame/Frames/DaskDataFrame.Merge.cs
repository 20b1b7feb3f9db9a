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
    /// Only joins that need no shuffle are available: on both indexes with known divisions, a
    /// partitionwise join (after cutting both sides to the union of their divisions when they
    /// differ); otherwise a broadcast join when one side is small
    /// (Dask's rule: one side of one partition, or fewer partitions than half the log2 of the
    /// other's; <paramref name="broadcast"/> true forces it, false allows only one-partition sides).
    /// Any other merge is refused here, saying so.
    /// </remarks>
    /// <example><c>orders.Merge(customers, how: "left", on: ["customer_id"])</c></example>
    /// <exception cref="ArgumentException">for a bad <paramref name="how"/>, keys that do not pair up, incompatible key types, or a join that needs a shuffle.</exception>
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
        bool? broadcast = null)
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

        return new DaskDataFrame(new BroadcastJoin(l, r, spec, SmallIsRight(l.NPartitions, r.NPartitions, spec.How, broadcast)));
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

        int low = Math.Min(left, right), high = Math.Max(left, right);
        if (broadcast == true || low == 1 || broadcast != false && low < Math.Log2(high) * 0.5)
        {
            return left >= right;
        }

        throw new ArgumentException(
            $"This merge needs a hash-shuffle join, which is not available yet: the left has {left} partitions and the right {right}, and neither is small enough to broadcast "
            + $"(one partition, or fewer than log2({high}) / 2 = {Math.Log2(high) * 0.5:0.##}). Make one side small (fewer partitions, e.g. a smaller or repartitioned right side), or pass broadcast: true to broadcast the side with fewer partitions anyway.");
    }
}
