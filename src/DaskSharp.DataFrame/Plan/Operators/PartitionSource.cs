namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A leaf that makes its partitions itself (a dataset generator, a file reader): the optimiser
/// hands it the columns that are needed, so it reads or makes no others.
/// </summary>
public abstract class PartitionSource : FrameExpr
{
    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [];

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => this;

    /// <summary>Partition <paramref name="i"/>; runs in a task, on whichever worker holds it.</summary>
    public abstract Partition Read(int i);

    /// <summary>The same source making only <paramref name="columns"/> (and the index).</summary>
    public abstract PartitionSource WithColumns(IReadOnlyList<string> columns);

    /// <summary>
    /// The same source told that only rows where <paramref name="predicate"/> holds are wanted, so
    /// it may skip what cannot match (a Parquet reader, row groups by their statistics). The filter
    /// stays above the source for the rows themselves; by default nothing is skipped.
    /// </summary>
    public virtual PartitionSource WithFilter(ColumnExpr predicate) => this;
}
