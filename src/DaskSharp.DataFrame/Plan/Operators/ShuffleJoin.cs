using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A hash-shuffle merge (Dask's <c>hash_join</c>): both inputs are hash-partitioned on their key
/// columns the same way (<see cref="HashPartitioning"/> of the same number of pieces, so equal keys,
/// 1 and 1.0 and both kinds of null among them, are in partition i of both), and partition i of
/// the left is joined with partition i of the right. An input is a <see cref="Shuffle"/> unless it
/// was already partitioned so (<see cref="KnownPartitioning"/>), in which case it is read as it is.
/// </summary>
public sealed class ShuffleJoin : FrameExpr
{
    /// <summary>Joins <paramref name="left"/> and <paramref name="right"/>, each hash-partitioned on its keys of <paramref name="spec"/> into the same partitions.</summary>
    /// <remarks><paramref name="shuffledLeft"/> and <paramref name="shuffledRight"/> say which inputs are shuffles the merge added (for Explain).</remarks>
    public ShuffleJoin(FrameExpr left, FrameExpr right, JoinSpec spec, bool shuffledLeft = false, bool shuffledRight = false)
    {
        Left = left ?? throw new ArgumentNullException(nameof(left));
        Right = right ?? throw new ArgumentNullException(nameof(right));
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        if (!KnownPartitioning.Exactly(left, spec.LeftKeys, left.NPartitions) || !KnownPartitioning.Exactly(right, spec.RightKeys, left.NPartitions))
        {
            throw new ArgumentException($"A hash join needs both sides hash-partitioned on their keys into the same partitions (left: {Show(left)}, right: {Show(right)}; keys {spec}).");
        }

        Schema = spec.ResultSchema(left.Schema, right.Schema);
        ShuffledLeft = shuffledLeft && left is Shuffle;
        ShuffledRight = shuffledRight && right is Shuffle;
    }

    /// <summary>True when the left input is a shuffle the merge added (false: it was already partitioned so).</summary>
    public bool ShuffledLeft { get; }

    /// <summary>True when the right input is a shuffle the merge added.</summary>
    public bool ShuffledRight { get; }

    /// <summary>The left input, hash-partitioned on the left keys.</summary>
    public FrameExpr Left { get; }

    /// <summary>The right input, hash-partitioned on the right keys.</summary>
    public FrameExpr Right { get; }

    /// <summary>The merge.</summary>
    public JoinSpec Spec { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Left, Right];

    /// <inheritdoc/>
    public override int NPartitions => Left.NPartitions;

    /// <summary>
    /// The result is hash-partitioned on the output columns that hold each key's value on every
    /// row: a key both sides name alike (merged: the left's value, else the right's, which hash the
    /// same); otherwise the left's key column for inner and left joins, the right's for inner and
    /// right joins. Null when a key has no such column (pruned, or the side's key is null on the
    /// other side's unmatched rows).
    /// </summary>
    public HashPartitioning? OutputPartitioning
    {
        get
        {
            JoinColumn[] outputs = [.. Spec.Index is null ? [] : new[] { Spec.Index }, .. Spec.Columns];
            var columns = new string[Spec.LeftKeys.Count];
            for (int i = 0; i < columns.Length; i++)
            {
                string l = Spec.LeftKeys[i], r = Spec.RightKeys[i];
                JoinColumn? c = outputs.FirstOrDefault(o => o.Source == JoinSource.Key && o.Left == l && o.Right == r)
                    ?? (Spec.How is JoinHow.Inner or JoinHow.Left ? outputs.FirstOrDefault(o => o.Source == JoinSource.Left && o.Left == l) : null)
                    ?? (Spec.How is JoinHow.Inner or JoinHow.Right ? outputs.FirstOrDefault(o => o.Source == JoinSource.Right && o.Right == r) : null);
                if (c is null)
                {
                    return null;
                }

                columns[i] = c.Name;
            }

            return new HashPartitioning(columns, NPartitions);
        }
    }

    /// <inheritdoc/>
    public override string Describe() => $"ShuffleJoin: {Spec} partitionwise, hashed into {NPartitions} [{string.Join(", ", Spec.Columns.Select(c => c.Name))}]";

    /// <inheritdoc/>
    protected override string Prefix => "hash-join";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new ShuffleJoin(children[0], children[1], Spec, ShuffledLeft, ShuffledRight);

    /// <summary>The same join over other inputs, making only <paramref name="spec"/>'s columns.</summary>
    public ShuffleJoin With(FrameExpr left, FrameExpr right, JoinSpec spec) => new(left, right, spec, ShuffledLeft, ShuffledRight);

    /// <summary>The hash join of <paramref name="left"/> and <paramref name="right"/> into <paramref name="pieces"/> partitions, shuffling each side unless it is already partitioned so.</summary>
    public static ShuffleJoin Of(FrameExpr left, FrameExpr right, JoinSpec spec, int pieces)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(spec);
        bool shuffleLeft = !KnownPartitioning.Exactly(left, spec.LeftKeys, pieces), shuffleRight = !KnownPartitioning.Exactly(right, spec.RightKeys, pieces);
        return new ShuffleJoin(
            shuffleLeft ? new Shuffle(left, new HashPartitioning(spec.LeftKeys, pieces)) : left,
            shuffleRight ? new Shuffle(right, new HashPartitioning(spec.RightKeys, pieces)) : right,
            spec,
            shuffleLeft,
            shuffleRight);
    }

    private static string Show(FrameExpr e) => KnownPartitioning.Of(e)?.ToString() ?? $"not hash-partitioned, {e.NPartitions} partitions";
}
