namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary><c>df.Assign(z: df["x"] + df["y"])</c>: a new or replaced column, partition by partition.</summary>
public sealed class Assign : PartitionwiseExpr
{
    /// <summary>Sets column <paramref name="column"/> of <paramref name="input"/> to <paramref name="value"/>.</summary>
    public Assign(FrameExpr input, string column, ColumnExpr value)
        : base(input)
    {
        Column = column ?? throw new ArgumentNullException(nameof(column));
        Value = value ?? throw new ArgumentNullException(nameof(value));
        Schema = input.Schema.With(column, value.ResultType(input.Schema));
        Step = new AssignStep(column, value);
    }

    /// <summary>The column set.</summary>
    public string Column { get; }

    /// <summary>Its value.</summary>
    public ColumnExpr Value { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override PartitionStep Step { get; }

    /// <inheritdoc/>
    protected override string Prefix => "assign";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Assign(children[0], Column, Value);
}
