namespace DaskSharp.Execution;

/// <summary>
/// Moves the pieces of a peer-to-peer shuffle (Dask's p2p shuffle): each input partition's
/// <em>transfer</em> task hands its pieces, one an output partition, to the service; one
/// <em>barrier</em> task waits for every transfer; each <em>unpack</em> task reads the pieces of its
/// output partition. The payloads are opaque bytes (a collection encodes them), so whoever runs the
/// graph — the local schedulers in memory, the distributed workers peer to peer with disk past a
/// budget — moves them without knowing any collection. A task reaches the service of the executor
/// running it through <see cref="ShuffleServices.Current"/>.
/// </summary>
/// <remarks>
/// A shuffle may restart (a participating worker left): a run id names each attempt. Transfers
/// return the run they sent into, the barrier checks that they agree, and the unpacks read that run.
/// </remarks>
public interface IShuffleService
{
    /// <summary>Sends input partition <paramref name="input"/>'s <paramref name="pieces"/> to the owners of their output partitions; the run they went into.</summary>
    long Transfer(ShuffleSpec shuffle, int input, IReadOnlyList<ShufflePiece> pieces);

    /// <summary>Every transfer has run, into the runs <paramref name="runs"/>: the run the unpacks read.</summary>
    /// <exception cref="ShuffleRestartedException">when the transfers disagree or the run is no longer current (the shuffle restarts).</exception>
    long Barrier(ShuffleSpec shuffle, IReadOnlyList<long> runs);

    /// <summary>The pieces of output partition <paramref name="output"/> in run <paramref name="run"/>, in input partition order (none when no row went there); they are removed.</summary>
    IReadOnlyList<byte[]> Unpack(ShuffleSpec shuffle, long run, int output);
}

/// <summary>One shuffle: its id (the same in every task of it), how many input and output partitions, and its barrier task's key (the scheduler finds its transfer and unpack tasks from it).</summary>
public sealed record ShuffleSpec(string Id, int Inputs, int Outputs, Graphs.Key Barrier)
{
    /// <summary>Checks the counts.</summary>
    public ShuffleSpec Validated()
    {
        ArgumentException.ThrowIfNullOrEmpty(Id);
        ArgumentOutOfRangeException.ThrowIfLessThan(Inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Outputs, 1);
        ArgumentNullException.ThrowIfNull(Barrier);
        return this;
    }
}

/// <summary>The bytes an input partition sends to output partition <paramref name="Output"/>.</summary>
public readonly record struct ShufflePiece(int Output, byte[] Data);

/// <summary>The shuffle's run changed under a task (a participant left, or transfers went into different runs): the shuffle runs again.</summary>
public sealed class ShuffleRestartedException(string message) : Exception(message);
