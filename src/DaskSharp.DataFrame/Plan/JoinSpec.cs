using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>Where a join's output column comes from.</summary>
public enum JoinSource
{
    /// <summary>A column of the left.</summary>
    Left,

    /// <summary>A column of the right.</summary>
    Right,

    /// <summary>A key both sides name alike (or the joined index): the left's value, else the right's.</summary>
    Key,
}

/// <summary>One output column of a join: its name and the column(s) it is made from.</summary>
public sealed record JoinColumn(string Name, JoinSource Source, string? Left, string? Right);

/// <summary>
/// A resolved merge (what a join task carries): the kind, the key columns of each side, and the
/// output columns named as pandas names them (suffixes on overlaps, a shared key once), fixed
/// when <c>Merge</c> is written so that pruning columns later cannot change a name.
/// </summary>
public sealed class JoinSpec
{
    /// <summary>A join of <paramref name="how"/> on <paramref name="leftKeys"/> = <paramref name="rightKeys"/> making <paramref name="columns"/> and <paramref name="index"/>.</summary>
    public JoinSpec(JoinHow how, IReadOnlyList<string> leftKeys, IReadOnlyList<string> rightKeys, IReadOnlyList<JoinColumn> columns, JoinColumn? index)
    {
        How = how;
        LeftKeys = leftKeys ?? throw new ArgumentNullException(nameof(leftKeys));
        RightKeys = rightKeys ?? throw new ArgumentNullException(nameof(rightKeys));
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
        Index = index;
    }

    /// <summary>The kind of join.</summary>
    public JoinHow How { get; }

    /// <summary>The left's key columns (its index column for an index join).</summary>
    public IReadOnlyList<string> LeftKeys { get; }

    /// <summary>The right's key columns, paired with <see cref="LeftKeys"/>.</summary>
    public IReadOnlyList<string> RightKeys { get; }

    /// <summary>The data columns of the result, in order.</summary>
    public IReadOnlyList<JoinColumn> Columns { get; }

    /// <summary>The result's index column, or null for a range index.</summary>
    public JoinColumn? Index { get; }

    /// <summary>The same join keeping only the output columns in <paramref name="keep"/>.</summary>
    public JoinSpec WithColumns(IReadOnlySet<string> keep) => new(How, LeftKeys, RightKeys, [.. Columns.Where(c => keep.Contains(c.Name))], Index);

    /// <summary>The columns of the left (or right) that the output reads, keys and index included.</summary>
    public IEnumerable<string> Reads(bool left) =>
        (left ? LeftKeys : RightKeys).Concat(Columns.Concat(Index is null ? [] : [Index]).Select(c => left ? c.Left : c.Right).OfType<string>()).Distinct();

    /// <summary>The result's schema for inputs of <paramref name="left"/> and <paramref name="right"/>.</summary>
    public FrameSchema ResultSchema(FrameSchema left, FrameSchema right) =>
        new(new Schema([.. Outputs().Select(c => new Field(c.Name, TypeOf(c, How, left.TypeOf, right.TypeOf), true))], null), Index?.Name);

    /// <summary>The join of two partitions, done as <paramref name="how"/> (the spec's own kind unless a broadcast join does part of it).</summary>
    public Partition Apply(Partition left, Partition right, JoinHow how)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        (int[] l, int[] r) = HashJoin.Indices([.. LeftKeys.Select(left.Column)], [.. RightKeys.Select(right.Column)], how);
        Partition joined = Assemble(left, right, l, r);

        // pandas joins two indexes with Index.join, which sorts by the key (stably: each kind's
        // order within a key stays) except when both indexes are unique and the join is not outer.
        bool sorted = Index is { Source: JoinSource.Key } && (how == JoinHow.Outer || !Unique(left.Column(LeftKeys[0])) || !Unique(right.Column(RightKeys[0])));
        return sorted ? SortOrder.Sort(joined, [Index!.Name], [true]) : joined;
    }

    private static bool Unique(IArrowArray index) => KeyIds.Factorise(index, ArrowArrayFactory.Slice(index, 0, 0)).Count == index.Length;

    /// <summary>The output rows for given take-indices of both sides (-1: none).</summary>
    public Partition Assemble(Partition left, Partition right, int[] leftRows, int[] rightRows)
    {
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();
        foreach (JoinColumn c in Outputs())
        {
            IArrowArray a = c.Source switch
            {
                JoinSource.Left => JoinTake.Column(left.Column(c.Left!), leftRows),
                JoinSource.Right => JoinTake.Column(right.Column(c.Right!), rightRows),
                _ => JoinTake.Key(TypeOf(c, How, n => left.Batch.Schema.GetFieldByName(n).DataType, n => right.Batch.Schema.GetFieldByName(n).DataType), left.Column(c.Left!), leftRows, right.Column(c.Right!), rightRows),
            };
            fields.Add(new Field(c.Name, a.Data.DataType, true));
            arrays.Add(a);
        }

        return new Partition(new RecordBatch(new Schema(fields, null), arrays, leftRows.Length), Index?.Name);
    }

    private IEnumerable<JoinColumn> Outputs() => Index is null ? Columns : [Index, .. Columns];

    /// <summary>
    /// A merged key's type as pandas gives it: the left's for inner and left joins, the right's for
    /// right joins, both sides' common type for outer (int32 with int64 is int64, an int with a
    /// float is float64, strings are plain strings).
    /// </summary>
    internal static IArrowType TypeOf(JoinColumn c, JoinHow how, Func<string, IArrowType> left, Func<string, IArrowType> right)
    {
        switch (c.Source)
        {
            case JoinSource.Left: return left(c.Left!);
            case JoinSource.Right: return right(c.Right!);
        }

        IArrowType l = left(c.Left!), r = right(c.Right!);
        return how switch
        {
            JoinHow.Inner or JoinHow.Left => l,
            JoinHow.Right => r,
            _ when l is DictionaryType or StringType || r is DictionaryType or StringType => StringType.Default,
            _ when l.TypeId == r.TypeId => l,
            _ when l is DoubleType or FloatType || r is DoubleType or FloatType => DoubleType.Default,
            _ => Int64Type.Default,
        };
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"how={How.ToString().ToLowerInvariant()} on=[{string.Join(", ", LeftKeys.Zip(RightKeys, (l, r) => l == r ? l : $"{l}={r}"))}]";
}
