namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Which output partition each row of a shuffle goes to. A shuffle's split task asks it once per
/// input partition (<see cref="Assign"/>) and lays the rows out by piece; the rest of the shuffle
/// (task-based here, peer-to-peer later) only moves pieces, so every way of shuffling and every
/// user of one (SetIndex, SortValues, a hash-shuffle merge) shares this one decision.
/// </summary>
public abstract class ShufflePartitioning
{
    /// <summary>How many output partitions.</summary>
    public abstract int Pieces { get; }

    /// <summary>The columns the decision reads.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The output partition, in [0, <see cref="Pieces"/>), of each row of <paramref name="partition"/>.</summary>
    public abstract int[] Assign(Partition partition);

    /// <summary>The partitioning as Explain prints it.</summary>
    public abstract override string ToString();
}

/// <summary>
/// Rows by a hash of their key columns (<see cref="Kernels.KeyHash"/>, the same in every process):
/// equal keys meet in one partition, as Dask's <c>shuffle(on)</c>. Two frames hash-partitioned on
/// keys of matching types into the same number of pieces are co-partitioned: partition i of one
/// can only match partition i of the other (what a hash-shuffle merge relies on).
/// </summary>
public sealed class HashPartitioning : ShufflePartitioning
{
    /// <summary>Rows by <paramref name="keys"/> into <paramref name="pieces"/> partitions.</summary>
    public HashPartitioning(IReadOnlyList<string> keys, int pieces)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("A hash partitioning needs at least one key column.", nameof(keys));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(pieces, 1);
        Columns = keys;
        Pieces = pieces;
    }

    /// <inheritdoc/>
    public override int Pieces { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Columns { get; }

    /// <inheritdoc/>
    public override int[] Assign(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return Kernels.KeyHash.Pieces([.. Columns.Select(partition.Column)], partition.Length, Pieces);
    }

    /// <inheritdoc/>
    public override string ToString() => $"hash [{string.Join(", ", Columns)}] into {Pieces}";
}
