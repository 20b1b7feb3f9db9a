namespace DaskSharp.Execution;

/// <summary>
/// The shuffle service of one run of a local scheduler: the pieces stay in this process's memory,
/// by shuffle and output partition, until their unpack takes them; what is left when the run ends
/// (it failed, or an output was culled) goes with the service. There is one run: nothing restarts.
/// </summary>
public sealed class InMemoryShuffleService : IShuffleService
{
    private const long Run = 1;
    private readonly object _gate = new();
    private readonly Dictionary<(string Id, int Output), SortedDictionary<int, byte[]>> _pieces = [];

    /// <summary>Pieces held now (for tests).</summary>
    public int PieceCount
    {
        get
        {
            lock (_gate)
            {
                return _pieces.Values.Sum(p => p.Count);
            }
        }
    }

    /// <inheritdoc/>
    public long Transfer(ShuffleSpec shuffle, int input, IReadOnlyList<ShufflePiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(shuffle);
        ArgumentNullException.ThrowIfNull(pieces);
        lock (_gate)
        {
            foreach (ShufflePiece piece in pieces)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(piece.Output);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(piece.Output, shuffle.Outputs);
                if (!_pieces.TryGetValue((shuffle.Id, piece.Output), out SortedDictionary<int, byte[]>? byInput))
                {
                    _pieces[(shuffle.Id, piece.Output)] = byInput = [];
                }

                byInput[input] = piece.Data; // a transfer run twice sends the same bytes
            }
        }

        return Run;
    }

    /// <inheritdoc/>
    public long Barrier(ShuffleSpec shuffle, IReadOnlyList<long> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        foreach (long run in runs)
        {
            if (run != Run)
            {
                throw new ShuffleRestartedException($"Shuffle {shuffle.Id}: a transfer went into run {run}; a local scheduler has only run {Run}.");
            }
        }

        return Run;
    }

    /// <inheritdoc/>
    public IReadOnlyList<byte[]> Unpack(ShuffleSpec shuffle, long run, int output)
    {
        ArgumentNullException.ThrowIfNull(shuffle);
        lock (_gate)
        {
            return _pieces.Remove((shuffle.Id, output), out SortedDictionary<int, byte[]>? byInput) ? [.. byInput.Values] : [];
        }
    }
}
