namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A merge on both indexes of two frames with the same known divisions (Dask's partitionwise
/// index merge): partition i of the left is joined with partition i of the right, as equal index
/// values can only be in partitions of the same bounds. Frames with different divisions are first
/// repartitioned to the union of both (<see cref="RepartitionDivisions"/>), as Dask does.
/// </summary>
public sealed class AlignedJoin : FrameExpr
{
    /// <summary>Joins <paramref name="left"/> and <paramref name="right"/>, which have equal divisions, partition by partition.</summary>
    public AlignedJoin(FrameExpr left, FrameExpr right, JoinSpec spec)
    {
        Left = left ?? throw new ArgumentNullException(nameof(left));
        Right = right ?? throw new ArgumentNullException(nameof(right));
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        if (left.Divisions is null || right.Divisions is null || !left.Divisions.SequenceEqual(right.Divisions))
        {
            throw new ArgumentException("A partitionwise join needs both sides' divisions known and equal.");
        }

        Schema = spec.ResultSchema(left.Schema, right.Schema);
    }

    /// <summary>The left input.</summary>
    public FrameExpr Left { get; }

    /// <summary>The right input.</summary>
    public FrameExpr Right { get; }

    /// <summary>The merge.</summary>
    public JoinSpec Spec { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Left, Right];

    /// <inheritdoc/>
    public override int NPartitions => Left.NPartitions;

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions => Left.Divisions;

    /// <inheritdoc/>
    public override string Describe() => $"AlignedJoin: {Spec} partitionwise on known divisions ({NPartitions} partitions) [{string.Join(", ", Spec.Columns.Select(c => c.Name))}]";

    /// <inheritdoc/>
    protected override string Prefix => "aligned-join";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new AlignedJoin(children[0], children[1], Spec);

    /// <summary>The same join over other inputs, making only <paramref name="spec"/>'s columns.</summary>
    public AlignedJoin With(FrameExpr left, FrameExpr right, JoinSpec spec) => new(left, right, spec);
}
