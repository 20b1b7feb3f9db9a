namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// The first or last <see cref="N"/> rows of the first or last <see cref="FromPartitions"/>
/// partitions (<see cref="Head"/>, <see cref="Tail"/>; Dask's default of one), so computing it runs
/// only the tasks those partitions need.
/// </summary>
public abstract class RowsAtAnEnd : FrameExpr
{
    /// <summary>The rows of <paramref name="fromPartitions"/> partitions of <paramref name="input"/> at the operator's end.</summary>
    protected RowsAtAnEnd(FrameExpr input, int n, int fromPartitions)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (fromPartitions < 1 || fromPartitions > input.NPartitions)
        {
            throw new ArgumentOutOfRangeException(nameof(fromPartitions), fromPartitions, $"{GetType().Name} reads from 1 to {input.NPartitions} partitions (the frame has {input.NPartitions}); -1 in Dask means all of them.");
        }

        N = n;
        FromPartitions = fromPartitions;
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>Rows wanted.</summary>
    public int N { get; }

    /// <summary>Partitions read, counted from the operator's end.</summary>
    public int FromPartitions { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => 1;

    /// <inheritdoc/>
    public override string Describe() => $"{GetType().Name}: n={N} npartitions={FromPartitions}";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) =>
        With(children[0], Math.Min(FromPartitions, children[0].NPartitions)); // fewer when the optimiser combined partitions

    /// <summary>The same operator over <paramref name="input"/>, reading <paramref name="fromPartitions"/>.</summary>
    protected abstract RowsAtAnEnd With(FrameExpr input, int fromPartitions);
}
