using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// A shuffle's split of one input partition: every row's output partition decided once
/// (<see cref="Partitioning"/>), the rows laid out by piece in one copy (<see cref="ByPiece"/>), so
/// each output's piece is a run a binary search finds (<see cref="HashSplitStep.Piece"/>).
/// </summary>
public sealed class ShuffleSplitStep(ShufflePartitioning partitioning) : PartitionStep
{
    /// <summary>Where each row goes.</summary>
    public ShufflePartitioning Partitioning { get; } = partitioning ?? throw new ArgumentNullException(nameof(partitioning));

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return ByPiece(partition, Partitioning.Assign(partition), Partitioning.Pieces);
    }

    /// <summary>
    /// The rows ordered by <paramref name="piece"/> with a counting sort (stable, so each piece keeps
    /// the partition's row order: group-by's first/last and a stable sort need it), the piece in a
    /// last column <see cref="HashSplitStep.PieceColumn"/>.
    /// </summary>
    public static Partition ByPiece(Partition partition, int[] piece, int pieces)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(piece);
        var starts = new int[pieces + 1];
        foreach (int p in piece)
        {
            starts[p + 1]++;
        }

        for (int p = 0; p < pieces; p++)
        {
            starts[p + 1] += starts[p];
        }

        var at = starts[..pieces];
        var order = new int[piece.Length];
        var sortedPieces = new int[piece.Length];
        for (int i = 0; i < piece.Length; i++)
        {
            int slot = at[piece[i]]++;
            order[slot] = i;
            sortedPieces[slot] = piece[i];
        }

        Partition sorted = Take.Rows(partition, order);
        var fields = sorted.Batch.Schema.FieldsList.Append(new Field(HashSplitStep.PieceColumn, Int32Type.Default, false));
        IArrowArray[] columns = [.. sorted.Batch.Arrays, ArrayBuild.Primitive(Int32Type.Default, sortedPieces, sortedPieces.Length, null, 0)];
        return new Partition(new RecordBatch(new Schema(fields, null), columns, sorted.Length), sorted.Index);
    }

    /// <inheritdoc/>
    public override string ToString() => $"ShuffleSplit: {Partitioning}";
}
