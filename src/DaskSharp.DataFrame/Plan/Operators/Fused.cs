namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// Consecutive per-partition operators made one by the optimiser (dask-expr's <c>Fused</c>
/// blockwise): one task per partition runs them all, and nothing between them is kept.
/// </summary>
public sealed class Fused(FrameExpr input, PartitionProgram program, FrameSchema schema) : FrameExpr
{
    /// <summary>The input the program reads (a source, or the last operator that is not per-partition).</summary>
    public FrameExpr Input { get; } = input ?? throw new ArgumentNullException(nameof(input));

    /// <summary>The steps.</summary>
    public PartitionProgram Program { get; } = program ?? throw new ArgumentNullException(nameof(program));

    /// <inheritdoc/>
    public override FrameSchema Schema { get; } = schema ?? throw new ArgumentNullException(nameof(schema));

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Input.NPartitions;

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions => Input.Divisions;

    /// <inheritdoc/>
    public override string Describe() => $"Fused: {Program}";

    /// <inheritdoc/>
    protected override string Prefix => "fused";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Fused(children[0], Program, Schema);
}
