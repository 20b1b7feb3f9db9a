using DaskSharp.Execution;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// The static functions of a peer-to-peer shuffle's tasks (Dask's <c>shuffle_transfer</c>,
/// <c>shuffle_barrier</c>, <c>shuffle_unpack</c>): they reach the shuffle service of the executor
/// running them (<see cref="ShuffleServices.Current"/>), in memory on the local schedulers, peer to
/// peer between the workers of a cluster. Their arguments are plain values, so they travel as they are.
/// </summary>
internal static class P2PShuffleTasks
{
    /// <summary>Sends every piece of one split input partition (empty ones too, so each output hears from every input) and returns the run they went into.</summary>
    public static long Transfer(string id, int inputs, int outputs, string barrier, int input, Partition split)
    {
        ShuffleSpec spec = Spec(id, inputs, outputs, barrier);
        var pieces = new ShufflePiece[outputs];
        for (int j = 0; j < outputs; j++)
        {
            pieces[j] = new ShufflePiece(j, ShufflePieceCodec.Encode(ShuffleTasks.WithoutPieceColumn(HashSplitStep.Piece(split, j))));
        }

        return ShuffleServices.Current.Transfer(spec, input, pieces);
    }

    /// <summary>Every transfer has run: the run the unpacks read.</summary>
    public static long Barrier(string id, int inputs, int outputs, string barrier, long[] runs) =>
        ShuffleServices.Current.Barrier(Spec(id, inputs, outputs, barrier), runs);

    /// <summary>Output partition <paramref name="output"/>: its piece from every input, in input order, as one partition, then <paramref name="then"/>.</summary>
    /// <remarks><paramref name="firstTransfer"/> (the first transfer's result) is unused: a second input keeps the barrier from being fused into a lone unpack.</remarks>
    public static Partition Unpack(string id, int inputs, int outputs, string barrier, int output, PartitionProgram then, long run, long firstTransfer)
    {
        _ = firstTransfer;
        ShuffleSpec spec = Spec(id, inputs, outputs, barrier);
        IReadOnlyList<byte[]> bytes = ShuffleServices.Current.Unpack(spec, run, output);
        if (bytes.Count != inputs)
        {
            // Every input sends every output a piece, if only an empty one: fewer means data was lost.
            throw new ShuffleRestartedException($"Shuffle {id}: output partition {output} received {bytes.Count} of its {inputs} pieces in run {run}.");
        }

        var pieces = new Partition[bytes.Count];
        for (int i = 0; i < pieces.Length; i++)
        {
            pieces[i] = ShufflePieceCodec.Decode(bytes[i]);
        }

        return ShuffleTasks.Gather(then, pieces);
    }

    private static ShuffleSpec Spec(string id, int inputs, int outputs, string barrier) => new ShuffleSpec(id, inputs, outputs, new Key(barrier)).Validated();
}
