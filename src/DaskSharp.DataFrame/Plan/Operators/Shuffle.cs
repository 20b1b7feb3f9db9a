namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// Rows moved between partitions (Dask's <c>shuffle</c> / <c>rearrange_by_column</c>): output
/// partition j holds every input row that <see cref="Partitioning"/> sends to j, the pieces in input
/// partition order, each in its row order. The task-based lowering splits each input partition
/// once into all its pieces, and one task per output gathers its pieces; the peer-to-peer lowering
/// has one transfer task per input, one barrier and one unpack task per output (Lowering.Shuffle,
/// docs/design/shuffle.md).
/// </summary>
public sealed class Shuffle : FrameExpr
{
    /// <summary><paramref name="input"/>'s rows by <paramref name="partitioning"/>, moved by <paramref name="method"/>.</summary>
    public Shuffle(FrameExpr input, ShufflePartitioning partitioning, ShuffleMethod method = ShuffleMethod.Tasks)
    {
        Method = method;
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Partitioning = partitioning ?? throw new ArgumentNullException(nameof(partitioning));
        foreach (string c in partitioning.Columns)
        {
            _ = input.Schema.Ordinal(c); // a missing column fails now, naming its neighbours
        }
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>Where each row goes.</summary>
    public ShufflePartitioning Partitioning { get; }

    /// <summary>How the rows move: tasks, or peer to peer through the executor's shuffle service.</summary>
    public ShuffleMethod Method { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Partitioning.Pieces;

    /// <inheritdoc/>
    public override string Describe() => $"Shuffle: {Partitioning} partitions from {Input.NPartitions} ({ShuffleMethods.Name(Method)})";

    /// <inheritdoc/>
    protected override string Prefix => "shuffle";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Shuffle(children[0], Partitioning, Method);
}
