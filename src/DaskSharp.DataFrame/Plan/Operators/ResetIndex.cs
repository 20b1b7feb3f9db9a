namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>df.ResetIndex()</c>: the index as the first column (or dropped), a range index, unknown
/// divisions (Dask's <c>reset_index</c> clears them). Its step joins the program that reads each
/// input partition; it is not a fused per-partition operator, since those keep their input's divisions.
/// </summary>
public sealed class ResetIndex : FrameExpr
{
    /// <summary>Resets <paramref name="input"/>'s index, keeping it as a column unless <paramref name="drop"/>.</summary>
    public ResetIndex(FrameExpr input, bool drop)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Step = new ResetIndexStep(drop);
        Schema = Step.Output(input.Schema);
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>What runs on each partition.</summary>
    public ResetIndexStep Step { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Input.NPartitions;

    /// <summary>The step for partition <paramref name="i"/>: a range index with known divisions numbers its rows from the partition's first label.</summary>
    public ResetIndexStep StepOf(int i) =>
        Input.Schema.Index is null && !Step.Drop && Input.Divisions is { } d && d[i] is long first ? new ResetIndexStep(false, first) : Step;

    /// <inheritdoc/>
    public override string Describe() => Step.ToString();

    /// <inheritdoc/>
    protected override string Prefix => "reset-index";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new ResetIndex(children[0], Step.Drop);
}
