using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>A partition's rows sorted by <see cref="Keys"/> (pandas' stable <c>sort_values</c>, nulls last).</summary>
public sealed class SortStep : OrderingStep
{
    /// <summary>Sorts by <paramref name="by"/>, each in the direction of <paramref name="ascending"/>.</summary>
    public SortStep(IReadOnlyList<string> by, IReadOnlyList<bool> ascending)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(ascending);
        if (by.Count == 0 || by.Count != ascending.Count)
        {
            throw new ArgumentException($"A sort needs at least one column and a direction a column ({by.Count} columns, {ascending.Count} directions).");
        }

        Keys = by;
        Ascending = ascending;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Keys { get; }

    /// <summary>The direction of each key.</summary>
    public IReadOnlyList<bool> Ascending { get; }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition) => SortOrder.Sort(partition, Keys, Ascending);

    /// <inheritdoc/>
    public override FrameSchema Output(FrameSchema input) => input;

    /// <inheritdoc/>
    public override string ToString() => $"SortValues: by [{string.Join(", ", Keys.Select((k, i) => Ascending[i] ? k : k + " desc"))}] nulls last";
}
