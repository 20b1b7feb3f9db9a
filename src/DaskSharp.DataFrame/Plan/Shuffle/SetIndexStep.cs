using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// Column <see cref="Column"/> made the index of a partition, its rows sorted by it (stable, nulls
/// last: Dask's <c>set_index_post_scalar</c> then <c>sort_index</c>); the old index, if any, is
/// dropped, as pandas' <c>set_index</c> drops it.
/// </summary>
public sealed class SetIndexStep(string column) : OrderingStep
{
    /// <summary>The new index.</summary>
    public string Column { get; } = column ?? throw new ArgumentNullException(nameof(column));

    /// <inheritdoc/>
    public override IReadOnlyList<string> Keys => [Column];

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        Partition sorted = SortOrder.Sort(partition, [Column], [true]);
        FrameSchema schema = Output(sorted.Schema);
        IArrowArray[] arrays = [.. schema.Arrow.FieldsList.Select(f => sorted.Column(f.Name))];
        return new Partition(new RecordBatch(schema.Arrow, arrays, sorted.Length), Column);
    }

    /// <inheritdoc/>
    public override FrameSchema Output(FrameSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string? old = input.Index;
        return new FrameSchema(new Schema([.. input.Arrow.FieldsList.Where(f => f.Name != old || f.Name == Column)], null), Column);
    }

    /// <inheritdoc/>
    public override string ToString() => $"SetIndex: {Column} sorted";
}
