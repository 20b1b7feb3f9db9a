namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// What the output tasks of a sorting shuffle run on each gathered partition (or, with no shuffle
/// needed, on each input partition): a sort by columns, or a sort by the new index.
/// </summary>
public abstract class OrderingStep : PartitionStep
{
    /// <summary>The columns the step reads.</summary>
    public abstract IReadOnlyList<string> Keys { get; }

    /// <summary>The schema of a partition of <paramref name="input"/> after the step.</summary>
    public abstract FrameSchema Output(FrameSchema input);
}
