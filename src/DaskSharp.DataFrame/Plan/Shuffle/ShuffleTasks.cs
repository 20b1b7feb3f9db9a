using Apache.Arrow;

namespace DaskSharp.DataFrames.Plan;

/// <summary>The static function a shuffle's output tasks call (a task travels as a reference to it, a program and pieces).</summary>
internal static class ShuffleTasks
{
    /// <summary>
    /// Output partition of a shuffle: its pieces, one from each input partition in input order,
    /// without their piece column, as one partition, then <paramref name="then"/> (a sort) on it.
    /// </summary>
    public static Partition Gather(PartitionProgram then, Partition[] pieces)
    {
        var parts = new Partition[pieces.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = WithoutPieceColumn(pieces[i]);
        }

        return then.Run(Kernels.Take.Concat(parts));
    }

    // The piece column is the split's last; dropping it shares the other columns' buffers.
    internal static Partition WithoutPieceColumn(Partition piece)
    {
        Schema schema = piece.Batch.Schema;
        int at = schema.GetFieldIndex(HashSplitStep.PieceColumn);
        if (at < 0)
        {
            return piece;
        }

        var fields = schema.FieldsList.Where((_, i) => i != at);
        IArrowArray[] arrays = [.. piece.Batch.Arrays.Where((_, i) => i != at)];
        return new Partition(new RecordBatch(new Schema(fields, null), arrays, piece.Length), piece.Index);
    }
}
