using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Dask's legacy <c>split_out</c> shard (<c>hash_shard</c>): a partial's rows ordered by the piece
/// their keys hash to, with that piece in a last column <see cref="PieceColumn"/>, so each of the
/// <see cref="Pieces"/> reductions takes its rows by a binary search (<see cref="Piece"/>).
/// </summary>
public sealed class HashSplitStep : PartitionStep
{
    /// <summary>The column holding each row's piece.</summary>
    public const string PieceColumn = "|piece";

    /// <summary>Splits by <paramref name="keys"/> into <paramref name="pieces"/> pieces.</summary>
    public HashSplitStep(IReadOnlyList<string> keys, int pieces)
    {
        Keys = keys ?? throw new ArgumentNullException(nameof(keys));
        ArgumentOutOfRangeException.ThrowIfLessThan(pieces, 1);
        Pieces = pieces;
    }

    /// <summary>The key columns hashed.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>How many pieces.</summary>
    public int Pieces { get; }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return ShuffleSplitStep.ByPiece(partition, KeyHash.Pieces([.. Keys.Select(partition.Column)], partition.Length, Pieces), Pieces);
    }

    /// <summary>The rows of piece <paramref name="j"/> of a partition this step made.</summary>
    public static Partition Piece(Partition split, int j)
    {
        ArgumentNullException.ThrowIfNull(split);
        ReadOnlySpan<int> pieces = ((Int32Array)split.Column(PieceColumn)).Values;
        int lo = LowerBound(pieces, j), hi = LowerBound(pieces, j + 1);
        int[] rows = new int[hi - lo];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = lo + i;
        }

        return Take.Rows(split, rows);
    }

    private static int LowerBound(ReadOnlySpan<int> sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <inheritdoc/>
    public override string ToString() => $"HashSplit: by=[{string.Join(", ", Keys)}] pieces={Pieces}";
}
