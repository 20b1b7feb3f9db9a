using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A merge where one side is small (Dask's broadcast join): the small side is concatenated once,
/// in one task, and every partition of the big side is joined with all of it, so nothing is
/// shuffled. The output has the big side's partitions, in order. When the join keeps the small
/// side's unmatched rows too (an outer join, or a left join with the left small), each big
/// partition also reports which small rows it matched, and one more partition at the end holds
/// the small rows nothing matched. Two one-partition sides are simply joined in one task.
/// </summary>
public sealed class BroadcastJoin : FrameExpr
{
    /// <summary>Joins <paramref name="left"/> and <paramref name="right"/> by <paramref name="spec"/>, <paramref name="smallIsRight"/> saying which is broadcast.</summary>
    public BroadcastJoin(FrameExpr left, FrameExpr right, JoinSpec spec, bool smallIsRight)
    {
        Left = left ?? throw new ArgumentNullException(nameof(left));
        Right = right ?? throw new ArgumentNullException(nameof(right));
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        SmallIsRight = smallIsRight;
        Schema = spec.ResultSchema(left.Schema, right.Schema);
        bool single = left.NPartitions == 1 && right.NPartitions == 1;
        (PairHow, KeepsUnmatched) = (single, smallIsRight, spec.How) switch
        {
            (true, _, var how) => (how, false),
            (_, true, JoinHow.Outer) => (JoinHow.Left, true),
            (_, true, JoinHow.Right) => (JoinHow.Inner, true),
            (_, false, JoinHow.Outer) => (JoinHow.Right, true),
            (_, false, JoinHow.Left) => (JoinHow.Inner, true),
            (_, _, var how) => (how, false),
        };
    }

    /// <summary>The left input.</summary>
    public FrameExpr Left { get; }

    /// <summary>The right input.</summary>
    public FrameExpr Right { get; }

    /// <summary>The merge.</summary>
    public JoinSpec Spec { get; }

    /// <summary>True when the right is the side broadcast to every partition of the left.</summary>
    public bool SmallIsRight { get; }

    /// <summary>How each big partition is joined with the small side.</summary>
    public JoinHow PairHow { get; }

    /// <summary>True when one more partition holds the small side's rows that no big partition matched.</summary>
    public bool KeepsUnmatched { get; }

    /// <summary>The big side.</summary>
    public FrameExpr Big => SmallIsRight ? Left : Right;

    /// <summary>The small side.</summary>
    public FrameExpr Small => SmallIsRight ? Right : Left;

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Left, Right];

    /// <inheritdoc/>
    public override int NPartitions => Big.NPartitions + (KeepsUnmatched ? 1 : 0);

    /// <summary>The big side's divisions when the result is indexed by the big side's index and every row has a big row.</summary>
    public override IReadOnlyList<object>? Divisions =>
        !KeepsUnmatched && Spec.Index is { } index && (index.Source == JoinSource.Key || index.Source == (SmallIsRight ? JoinSource.Left : JoinSource.Right)) ? Big.Divisions : null;

    /// <inheritdoc/>
    public override string Describe() =>
        $"BroadcastJoin: {Spec} broadcast={(SmallIsRight ? "right" : "left")} ({Small.NPartitions} to {Big.NPartitions} partitions){(KeepsUnmatched ? " +unmatched" : string.Empty)} [{string.Join(", ", Spec.Columns.Select(c => c.Name))}]";

    /// <inheritdoc/>
    protected override string Prefix => "broadcast-join";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new BroadcastJoin(children[0], children[1], Spec, SmallIsRight);

    /// <summary>The same join making only <paramref name="spec"/>'s columns.</summary>
    public BroadcastJoin With(FrameExpr left, FrameExpr right, JoinSpec spec) => new(left, right, spec, SmallIsRight);
}
