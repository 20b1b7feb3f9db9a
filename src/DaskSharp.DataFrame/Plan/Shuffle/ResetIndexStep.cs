using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// pandas' <c>reset_index</c> on one partition, as Dask runs it: the index becomes the first data
/// column (or is dropped with <see cref="Drop"/>) and the frame gets a default range index. A frame
/// that already has a range index gets it as a column "index": the rows' positions from
/// <see cref="Start"/>, the partition's first label when its range divisions are known (Dd.FromRecords),
/// else 0, so they restart in every partition (Dask's documented behaviour, unlike pandas).
/// </summary>
public sealed class ResetIndexStep(bool drop, long start = 0) : PartitionStep
{
    /// <summary>The column a range index becomes.</summary>
    public const string RangeColumn = "index";

    /// <summary>True to discard the index instead of keeping it as a column.</summary>
    public bool Drop { get; } = drop;

    /// <summary>The label of a range index's first row.</summary>
    public long Start { get; } = start;

    /// <summary>The schema after the step.</summary>
    /// <exception cref="ArgumentException">when a range index would become a column named as an existing one.</exception>
    public FrameSchema Output(FrameSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<Field> fields = input.Arrow.FieldsList;
        if (input.Index is { } index)
        {
            Field kept = input.Arrow.GetFieldByName(index);
            IEnumerable<Field> rest = fields.Where(f => f.Name != index);
            return new FrameSchema(new Schema(Drop ? rest : rest.Prepend(kept), null));
        }

        if (Drop)
        {
            return input;
        }

        string name = PositionsColumn(input);
        return new FrameSchema(new Schema(fields.Prepend(new Field(name, Int64Type.Default, false)), null));
    }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        FrameSchema schema = Output(partition.Schema);
        IArrowArray[] arrays = [.. schema.Arrow.FieldsList.Select(f => partition.Schema.Has(f.Name) ? partition.Column(f.Name) : Positions(Start, partition.Length))];
        return new Partition(new RecordBatch(schema.Arrow, arrays, partition.Length));
    }

    // pandas names a range index "index", or "level_0" when "index" is taken, and refuses beyond.
    private static string PositionsColumn(FrameSchema input) =>
        !input.Has(RangeColumn) ? RangeColumn
        : !input.Has("level_0") ? "level_0"
        : throw new ArgumentException("ResetIndex would make the range index a column 'level_0', but the frame has columns 'index' and 'level_0' already (pandas: cannot insert level_0, already exists).");

    private static IArrowArray Positions(long start, int length)
    {
        var values = new long[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = start + i;
        }

        return ArrayBuild.Primitive(Int64Type.Default, values, length, null, 0);
    }

    /// <inheritdoc/>
    public override string ToString() => Start == 0 ? $"ResetIndex: drop={Drop}" : $"ResetIndex: drop={Drop} from {Start}";
}
