namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A group-by aggregation of a frame whose equal keys are already in one partition (it is
/// hash-partitioned on some of the group keys, <see cref="KnownPartitioning"/>: after a hash-shuffle merge
/// on them, a shuffle, or a group-by with split_out): each partition is aggregated on its own, a
/// partial and its finish, and nothing moves between partitions (dask-expr's blockwise group-by
/// when the partitioning allows it). The result keeps the input's partitions and its hash
/// partitioning; each partition is sorted by the keys, as Dask's <c>sort=None</c>.
/// </summary>
public sealed class PartitionedReduce : FrameExpr
{
    /// <summary>Aggregates each partition of <paramref name="input"/> by <paramref name="plan"/>.</summary>
    public PartitionedReduce(FrameExpr input, AggregationPlan plan)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        if (plan.Keys.Count == 0 || !KnownPartitioning.Groups(input, plan.Keys))
        {
            throw new ArgumentException($"A group-by partition by partition needs the input hash-partitioned on some of the keys [{string.Join(", ", plan.Keys)}]; it is {KnownPartitioning.Of(input)?.ToString() ?? "not hash-partitioned"}.");
        }

        Schema = plan.ResultSchema(input.Schema);
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>What is computed.</summary>
    public AggregationPlan Plan { get; }

    /// <summary>The partitioning that keeps each group in one partition.</summary>
    public HashPartitioning Partitioning => KnownPartitioning.Of(Input)!;

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Input.NPartitions;

    /// <inheritdoc/>
    public override string Describe() => $"GroupByAggregate: {Plan} partitionwise, already {Partitioning}";

    /// <inheritdoc/>
    protected override string Prefix => "groupby-agg";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new PartitionedReduce(children[0], Plan);
}
