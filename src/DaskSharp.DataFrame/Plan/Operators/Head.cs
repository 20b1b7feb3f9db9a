namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>df.Head(n)</c>: the first <see cref="N"/> rows of the first <see cref="FromPartitions"/>
/// partitions (Dask's <c>npartitions=1</c> by default), so computing it runs only the tasks those
/// partitions need.
/// </summary>
public sealed class Head : FrameExpr
{
    /// <summary>The first <paramref name="n"/> rows of the first <paramref name="fromPartitions"/> partitions of <paramref name="input"/>.</summary>
    public Head(FrameExpr input, int n, int fromPartitions = 1)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (fromPartitions < 1 || fromPartitions > input.NPartitions)
        {
            throw new ArgumentOutOfRangeException(nameof(fromPartitions), fromPartitions, $"Head reads from 1 to {input.NPartitions} partitions (the frame has {input.NPartitions}); -1 in Dask means all of them.");
        }

        N = n;
        FromPartitions = fromPartitions;
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>Rows wanted.</summary>
    public int N { get; }

    /// <summary>Partitions read.</summary>
    public int FromPartitions { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => 1;

    /// <inheritdoc/>
    public override string Describe() => $"Head: n={N} npartitions={FromPartitions}";

    /// <inheritdoc/>
    protected override string Prefix => "head";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Head(children[0], N, Math.Min(FromPartitions, children[0].NPartitions)); // fewer when the optimiser combined partitions
}
