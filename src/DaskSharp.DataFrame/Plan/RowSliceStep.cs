namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Piece <see cref="Piece"/> of <see cref="Pieces"/> about equal runs of a partition's rows (Dask's
/// <c>split_evenly</c>: rows from ⌊len·k/n⌋ to ⌊len·(k+1)/n⌋): how a repartition splits a partition.
/// </summary>
public sealed class RowSliceStep : PartitionStep
{
    /// <summary>Keeps piece <paramref name="piece"/> of <paramref name="pieces"/>.</summary>
    public RowSliceStep(int piece, int pieces)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pieces, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(piece);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(piece, pieces);
        Piece = piece;
        Pieces = pieces;
    }

    /// <summary>Which piece, from 0.</summary>
    public int Piece { get; }

    /// <summary>How many pieces the partition is cut into.</summary>
    public int Pieces { get; }

    /// <summary>The first row of piece <paramref name="piece"/> of <paramref name="pieces"/> of <paramref name="length"/> rows.</summary>
    public static int Start(int length, int piece, int pieces) => (int)((long)length * piece / pieces);

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        int start = Start(partition.Length, Piece, Pieces), end = Start(partition.Length, Piece + 1, Pieces);
        if (start == 0 && end == partition.Length)
        {
            return partition;
        }

        // A copy, not a slice: the piece is measured and sent alone, without its neighbours' buffers.
        int[] rows = new int[end - start];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = start + r;
        }

        return Kernels.Take.Rows(partition, rows);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Rows: piece {Piece} of {Pieces}";
}
