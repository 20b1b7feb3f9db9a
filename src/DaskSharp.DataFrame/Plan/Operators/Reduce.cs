namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A group-by aggregation or a whole-frame reduction as a tree (Dask's <c>split_every</c>, 8 by
/// default): a partial per partition, combined in groups of <see cref="SplitEvery"/>, finished
/// once. The result has <see cref="SplitOut"/> partitions: with more than one, each partial is
/// hash-split by key and each piece reduced on its own (Dask's legacy <c>split_out</c>), so no key
/// is in two partitions and no task holds every group.
/// </summary>
public sealed class Reduce : FrameExpr
{
    /// <summary>Reduces <paramref name="input"/> by <paramref name="plan"/>.</summary>
    public Reduce(FrameExpr input, AggregationPlan plan, int splitEvery = 8, int splitOut = 1)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        ArgumentOutOfRangeException.ThrowIfLessThan(splitEvery, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(splitOut, 1);
        if (splitOut > 1 && plan.Keys.Count == 0)
        {
            throw new ArgumentException("A whole-frame reduction has one row; split_out > 1 needs group keys.", nameof(splitOut));
        }

        SplitEvery = splitEvery;
        SplitOut = splitOut;
        Schema = plan.ResultSchema(input.Schema);
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>What is computed.</summary>
    public AggregationPlan Plan { get; }

    /// <summary>How many partials one combine task takes.</summary>
    public int SplitEvery { get; }

    /// <summary>How many partitions the result has (pieces of the key space).</summary>
    public int SplitOut { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => SplitOut;

    /// <inheritdoc/>
    public override string Describe() => (Plan.Keys.Count > 0 ? "GroupByAggregate: " : "Reduction: ") + Plan + $" split_every={SplitEvery}" + (SplitOut > 1 ? $" split_out={SplitOut}" : string.Empty);

    /// <inheritdoc/>
    protected override string Prefix => Plan.Keys.Count > 0 ? "groupby-agg" : "reduction";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Reduce(children[0], Plan, SplitEvery, SplitOut);
}
