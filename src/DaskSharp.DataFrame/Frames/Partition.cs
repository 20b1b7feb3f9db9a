using Apache.Arrow;

namespace DaskSharp.DataFrames;

/// <summary>
/// One partition of a <see cref="DaskDataFrame"/> (Dask's "many small pandas DataFrames"): an Arrow
/// record batch, one of whose columns may be the index.
/// </summary>
public sealed class Partition
{
    /// <summary>A partition over <paramref name="batch"/>, with column <paramref name="index"/> (if given) as its index.</summary>
    public Partition(RecordBatch batch, string? index = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Batch = batch;
        Index = index;
        if (index is not null && batch.Schema.GetFieldIndex(index) < 0)
        {
            throw new ArgumentException($"The index column '{index}' is not among the batch's columns ({string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))}).", nameof(index));
        }
    }

    /// <summary>The columns, the index among them.</summary>
    public RecordBatch Batch { get; }

    /// <summary>The index column's name, or null for a default range index.</summary>
    public string? Index { get; }

    /// <summary>Rows.</summary>
    public int Length => Batch.Length;

    /// <summary>The schema of this partition.</summary>
    public FrameSchema Schema => new(Batch.Schema, Index);

    /// <summary>The column named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">naming the column and the nearest existing ones.</exception>
    public IArrowArray Column(string name) => Batch.Column(Schema.Ordinal(name));

    /// <summary>An empty partition with <paramref name="schema"/>.</summary>
    public static Partition Empty(FrameSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new Partition(new RecordBatch(schema.Arrow, [.. schema.Arrow.FieldsList.Select(f => Kernels.ArrayBuild.Empty(f.DataType))], 0), schema.Index);
    }
}
