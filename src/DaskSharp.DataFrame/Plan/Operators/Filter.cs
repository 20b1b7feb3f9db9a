using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary><c>df[df["x"] > 0]</c>: the rows where a condition holds, partition by partition.</summary>
public sealed class Filter : PartitionwiseExpr
{
    /// <summary>Keeps the rows of <paramref name="input"/> where <paramref name="predicate"/> is true.</summary>
    /// <exception cref="ArgumentException">when the predicate is not boolean, naming it and its type.</exception>
    public Filter(FrameExpr input, ColumnExpr predicate)
        : base(input)
    {
        Predicate = predicate ?? throw new ArgumentNullException(nameof(predicate));
        IArrowType type = predicate.ResultType(input.Schema);
        if (type is not BooleanType)
        {
            throw new ArgumentException($"A filter needs a bool condition; {predicate} is {Dtype.Name(type)}.", nameof(predicate));
        }

        Step = new FilterStep(predicate);
    }

    /// <summary>The condition.</summary>
    public ColumnExpr Predicate { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override PartitionStep Step { get; }

    /// <inheritdoc/>
    protected override string Prefix => "filter";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Filter(children[0], Predicate);
}
