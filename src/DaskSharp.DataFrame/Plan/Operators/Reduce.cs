namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A group-by aggregation or a whole-frame reduction as a tree (Dask's <c>split_every</c>, 8 by
/// default): a partial per partition, combined in groups of <see cref="SplitEvery"/>, finished
/// once. The result has one partition.
/// </summary>
public sealed class Reduce : FrameExpr
{
    /// <summary>Reduces <paramref name="input"/> by <paramref name="plan"/>.</summary>
    public Reduce(FrameExpr input, AggregationPlan plan, int splitEvery = 8)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        ArgumentOutOfRangeException.ThrowIfLessThan(splitEvery, 2);
        SplitEvery = splitEvery;
        Schema = plan.ResultSchema(input.Schema);
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>What is computed.</summary>
    public AggregationPlan Plan { get; }

    /// <summary>How many partials one combine task takes.</summary>
    public int SplitEvery { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => 1;

    /// <inheritdoc/>
    public override string Describe() => (Plan.Keys.Count > 0 ? "GroupByAggregate: " : "Reduction: ") + Plan + $" split_every={SplitEvery}";

    /// <inheritdoc/>
    protected override string Prefix => Plan.Keys.Count > 0 ? "groupby-agg" : "reduction";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Reduce(children[0], Plan, SplitEvery);
}
