namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary><c>df[["x", "y"]]</c>: some columns, partition by partition.</summary>
public sealed class Projection : PartitionwiseExpr
{
    /// <summary>Keeps <paramref name="columns"/> of <paramref name="input"/>.</summary>
    /// <exception cref="KeyNotFoundException">for a column the input lacks.</exception>
    public Projection(FrameExpr input, IReadOnlyList<string> columns)
        : base(input)
    {
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
        Schema = input.Schema.Select(columns);
        Step = new ProjectStep(columns);
    }

    /// <summary>The columns kept.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override PartitionStep Step { get; }

    /// <inheritdoc/>
    protected override string Prefix => "projection";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Projection(children[0], Columns);
}
