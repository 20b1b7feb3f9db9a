namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>Partitions already in memory (<c>Dd.FromArrow</c>, <c>Dd.FromRecords</c>): each becomes a data node of the graph.</summary>
public sealed class FromPartitions : FrameExpr
{
    private readonly string _token;

    /// <summary>A frame of <paramref name="partitions"/> (at least one; all of one schema).</summary>
    public FromPartitions(IReadOnlyList<Partition> partitions, IReadOnlyList<object>? divisions = null)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        if (partitions.Count == 0)
        {
            throw new ArgumentException("A frame needs at least one partition.", nameof(partitions));
        }

        string first = partitions[0].Schema.ToString();
        for (int i = 1; i < partitions.Count; i++)
        {
            if (partitions[i].Schema.ToString() != first)
            {
                throw new ArgumentException($"Partition {i} has columns ({partitions[i].Schema}); partition 0 has ({first}).", nameof(partitions));
            }
        }

        Partitions = partitions;
        Divisions = divisions;
        _token = Guid.NewGuid().ToString("N")[..12]; // data is not hashed: a new frame, new keys
    }

    /// <summary>The partitions.</summary>
    public IReadOnlyList<Partition> Partitions { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema => Partitions[0].Schema;

    /// <inheritdoc/>
    public override int NPartitions => Partitions.Count;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [];

    /// <inheritdoc/>
    public override string Describe() => $"FromArrow: {NPartitions} partitions, {Partitions.Sum(p => (long)p.Length)} rows [{string.Join(", ", Schema.Columns)}]";

    /// <inheritdoc/>
    protected override string Identity() => Describe() + _token;

    /// <inheritdoc/>
    protected override string Prefix => "from-arrow";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => this;
}
