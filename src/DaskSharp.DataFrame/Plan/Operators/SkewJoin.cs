using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A hash-shuffle merge with skewed keys (<see cref="SkewedKeys"/>): the rows of light keys go
/// through <see cref="Light"/>, a <see cref="ShuffleJoin"/> of both sides without the skewed keys;
/// the rows of a key spread on one side never move, each of that side's partitions (cut in
/// <see cref="Chunks"/> runs when the merge has more partitions than the side, so no task holds
/// more than a partition's budget) is joined in a task of its own with the other side's rows of
/// the spread keys, gathered once and broadcast to those tasks. The output is the light join's
/// partitions, then those of the left's spread keys, then the right's. A broadcast row always has a
/// match (<see cref="SkewedKeys"/>), so the spread tasks keep only the spread side's unmatched rows
/// (for joins that keep them) and nothing is lost or repeated.
/// </summary>
public sealed class SkewJoin : FrameExpr
{
    /// <summary>The merge <paramref name="spec"/> of <paramref name="left"/> and <paramref name="right"/>: <paramref name="light"/> for the light keys, and the keys of <paramref name="skew"/> where they lie.</summary>
    public SkewJoin(ShuffleJoin light, FrameExpr left, FrameExpr right, JoinSpec spec, SkewedKeys skew)
    {
        Light = light ?? throw new ArgumentNullException(nameof(light));
        Left = left ?? throw new ArgumentNullException(nameof(left));
        Right = right ?? throw new ArgumentNullException(nameof(right));
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        Skew = skew ?? throw new ArgumentNullException(nameof(skew));
        Schema = spec.ResultSchema(left.Schema, right.Schema);
    }

    /// <summary>The join of the light keys.</summary>
    public ShuffleJoin Light { get; }

    /// <summary>The left input, whole.</summary>
    public FrameExpr Left { get; }

    /// <summary>The right input, whole.</summary>
    public FrameExpr Right { get; }

    /// <summary>The merge.</summary>
    public JoinSpec Spec { get; }

    /// <summary>The skewed keys and the side each is spread on.</summary>
    public SkewedKeys Skew { get; }

    /// <summary>Runs each partition of <paramref name="side"/> is cut into for its spread keys.</summary>
    public int Chunks(FrameExpr side) => (Light.NPartitions + side.NPartitions - 1) / side.NPartitions;

    /// <summary>True when some keys are spread on the left.</summary>
    public bool SpreadsLeft => Skew.SpreadLeft.Length > 0;

    /// <summary>True when some keys are spread on the right.</summary>
    public bool SpreadsRight => Skew.SpreadRight.Length > 0;

    /// <summary>How the spread-left tasks join: keeping the left's rows when the merge keeps them.</summary>
    public JoinHow LeftSpreadHow => Spec.How is JoinHow.Left or JoinHow.Outer ? JoinHow.Left : JoinHow.Inner;

    /// <summary>How the spread-right tasks join: keeping the right's rows when the merge keeps them.</summary>
    public JoinHow RightSpreadHow => Spec.How is JoinHow.Right or JoinHow.Outer ? JoinHow.Right : JoinHow.Inner;

    /// <summary>The step keeping the rows of the left (<paramref name="isLeft"/>) or the right whose keys are in <paramref name="table"/>.</summary>
    public KeySetStep Rows(bool isLeft, Partition table) => new(isLeft ? Spec.LeftKeys : Spec.RightKeys, [table], keep: true);

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Light, Left, Right];

    /// <inheritdoc/>
    public override int NPartitions =>
        Light.NPartitions + (SpreadsLeft ? Left.NPartitions * Chunks(Left) : 0) + (SpreadsRight ? Right.NPartitions * Chunks(Right) : 0);

    /// <inheritdoc/>
    public override string Describe() =>
        $"SkewJoin: {Spec} light keys hashed into {Light.NPartitions}, skewed keys where they lie: left {KeySetStep.Show(Skew.SpreadLeft)} right {KeySetStep.Show(Skew.SpreadRight)} [{string.Join(", ", Spec.Columns.Select(c => c.Name))}]";

    /// <inheritdoc/>
    protected override string Prefix => "skew-join";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new SkewJoin((ShuffleJoin)children[0], children[1], children[2], Spec, Skew);

    /// <summary>The same join over other inputs, making only <paramref name="spec"/>'s columns.</summary>
    public SkewJoin With(ShuffleJoin light, FrameExpr left, FrameExpr right, JoinSpec spec) => new(light, left, right, spec, Skew);
}
