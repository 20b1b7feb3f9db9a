namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>The rows of a side of a skewed merge whose keys are, or are not, among its skewed keys (<see cref="KeySetStep"/>), per partition.</summary>
public sealed class KeyFilter(FrameExpr input, KeySetStep step) : PartitionwiseExpr(input)
{
    /// <inheritdoc/>
    public override PartitionStep Step { get; } = step ?? throw new ArgumentNullException(nameof(step));

    /// <summary>The step, typed.</summary>
    public KeySetStep Lookup => (KeySetStep)Step;

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    protected override string Prefix => "key-filter";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new KeyFilter(children[0], Lookup);
}
