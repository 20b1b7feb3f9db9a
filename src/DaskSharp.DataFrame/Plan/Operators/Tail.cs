namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>df.Tail(n)</c>: the last <see cref="N"/> rows of the last <see cref="FromPartitions"/>
/// partitions (Dask's default of one, as <see cref="Head"/> reads the first), so computing it runs
/// only the tasks those partitions need.
/// </summary>
public sealed class Tail : FrameExpr
{
    /// <summary>The last <paramref name="n"/> rows of the last <paramref name="fromPartitions"/> partitions of <paramref name="input"/>.</summary>
    public Tail(FrameExpr input, int n, int fromPartitions = 1)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (fromPartitions < 1 || fromPartitions > input.NPartitions)
        {
            throw new ArgumentOutOfRangeException(nameof(fromPartitions), fromPartitions, $"Tail reads from 1 to {input.NPartitions} partitions (the frame has {input.NPartitions}); -1 means all of them.");
        }

        N = n;
        FromPartitions = fromPartitions;
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>Rows wanted.</summary>
    public int N { get; }

    /// <summary>Partitions read, counted from the end.</summary>
    public int FromPartitions { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => 1;

    /// <inheritdoc/>
    public override string Describe() => $"Tail: n={N} npartitions={FromPartitions}";

    /// <inheritdoc/>
    protected override string Prefix => "tail";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Tail(children[0], N, Math.Min(FromPartitions, children[0].NPartitions)); // fewer when the optimiser combined partitions
}
