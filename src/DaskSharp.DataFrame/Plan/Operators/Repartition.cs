namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>One piece of an output partition of a <see cref="Repartition"/>: input partition <paramref name="Input"/>, whole or cut by <paramref name="Cut"/>.</summary>
/// <param name="Input">The input partition.</param>
/// <param name="Cut">The rows taken from it (a <see cref="RowSliceStep"/> or an <see cref="IndexRangeStep"/>), or null for all.</param>
public sealed record RepartitionPiece(int Input, PartitionStep? Cut);

/// <summary>
/// <c>df.Repartition(npartitions: n)</c> or <c>(partitionSize: "100MB")</c>: new partitions, each
/// the concatenation of pieces of neighbouring input partitions (<see cref="RepartitionLayout"/>
/// decides them, as Dask does).
/// </summary>
public sealed class Repartition : FrameExpr
{
    /// <summary>Partitions of <paramref name="input"/> made of <paramref name="outputs"/>' pieces, with <paramref name="divisions"/> (null when unknown).</summary>
    /// <param name="input">The frame repartitioned.</param>
    /// <param name="outputs">Each new partition's pieces.</param>
    /// <param name="divisions">The new divisions, or null.</param>
    /// <param name="how">What was asked, for Explain.</param>
    /// <param name="targetCount">For <c>npartitions</c>: the count, so the layout is made again over an input the optimiser changed (a Parquet read combining row groups); null for a layout from measured sizes, which holds only for the input measured.</param>
    public Repartition(FrameExpr input, IReadOnlyList<IReadOnlyList<RepartitionPiece>> outputs, IReadOnlyList<object>? divisions, string how, int? targetCount = null)
    {
        TargetCount = targetCount;
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Outputs = outputs ?? throw new ArgumentNullException(nameof(outputs));
        How = how ?? throw new ArgumentNullException(nameof(how));
        if (outputs.Count == 0 || outputs.Any(o => o.Count == 0))
        {
            throw new ArgumentException("Every output partition needs at least one piece.", nameof(outputs));
        }

        if (divisions is not null && divisions.Count != outputs.Count + 1)
        {
            throw new ArgumentException($"{outputs.Count} partitions need {outputs.Count + 1} divisions, not {divisions.Count}.", nameof(divisions));
        }

        Divisions = divisions;
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>Each output partition's pieces, in order.</summary>
    public IReadOnlyList<IReadOnlyList<RepartitionPiece>> Outputs { get; }

    /// <summary>The partition count asked for, or null for a layout made from measured sizes.</summary>
    public int? TargetCount { get; }

    /// <summary>What was asked for, as Explain prints it.</summary>
    public string How { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Outputs.Count;

    /// <inheritdoc/>
    public override string Describe() => $"Repartition: {How}, {Input.NPartitions} -> {NPartitions} partitions";

    /// <inheritdoc/>
    protected override string Identity() =>
        base.Identity() + string.Join("|", Outputs.Select(o => string.Join(";", o.Select(p => $"{p.Input}:{p.Cut}"))));

    /// <inheritdoc/>
    protected override string Prefix => "repartition";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children)
    {
        if (TargetCount is { } n)
        {
            return RepartitionLayout.ToCount(children[0], n);
        }

        return children[0].NPartitions == Input.NPartitions
            ? new Repartition(children[0], Outputs, Divisions, How)
            : throw new InvalidOperationException($"{Describe()} was laid out for {Input.NPartitions} input partitions; its input now has {children[0].NPartitions}.");
    }
}
