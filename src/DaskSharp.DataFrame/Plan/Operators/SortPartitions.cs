namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// Each partition sorted (<see cref="SortStep"/>) or indexed by a sorted column
/// (<see cref="SetIndexStep"/>): the last stage of SortValues and SetIndex. Over a
/// <see cref="Shuffle"/> the step runs in the shuffle's gathering tasks; over partitions already in
/// order, on each as it is read. It keeps <see cref="Divisions"/> it is given (SetIndex's), which a
/// per-partition operator could not, so it is not fused.
/// </summary>
public sealed class SortPartitions : FrameExpr
{
    /// <summary>Runs <paramref name="step"/> on each partition of <paramref name="input"/>; the result has <paramref name="divisions"/>.</summary>
    public SortPartitions(FrameExpr input, OrderingStep step, IReadOnlyList<object>? divisions)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Step = step ?? throw new ArgumentNullException(nameof(step));
        if (divisions is not null && divisions.Count != input.NPartitions + 1)
        {
            throw new ArgumentException($"{divisions.Count} divisions do not bound {input.NPartitions} partitions.", nameof(divisions));
        }

        Divisions = divisions;
        Schema = step.Output(input.Schema);
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>What runs on each partition.</summary>
    public OrderingStep Step { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Input.NPartitions;

    /// <inheritdoc/>
    public override string Describe() => Divisions is null ? Step.ToString() : $"{Step}, divisions [{string.Join(", ", Divisions.Select(d => FrameCell(d)))}]";

    /// <inheritdoc/>
    protected override string Prefix => Step is SetIndexStep ? "set-index" : "sort-values";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new SortPartitions(children[0], Step, Divisions);

    private static string FrameCell(object d) => d switch
    {
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        double x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(d, System.Globalization.CultureInfo.InvariantCulture)!,
    };
}
