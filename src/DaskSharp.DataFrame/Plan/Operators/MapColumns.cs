using Apache.Arrow;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// Several columns replaced at once by expressions over the input's columns, partition by partition:
/// what a frame-wide <c>fillna</c>, <c>isna</c>, <c>astype</c>, <c>where</c> or <c>mask</c> does.
/// Every expression reads the input as it was (a column replaced first is not seen replaced by the
/// next); the columns keep their places.
/// </summary>
public sealed class MapColumns : PartitionwiseExpr
{
    /// <summary>Replaces <paramref name="columns"/> of <paramref name="input"/>; <paramref name="label"/> names the operation in Explain ("FillNa").</summary>
    /// <exception cref="KeyNotFoundException">for a column the input lacks.</exception>
    public MapColumns(FrameExpr input, string label, IReadOnlyList<(string Column, ColumnExpr Value)> columns)
        : base(input)
    {
        Label = label ?? throw new ArgumentNullException(nameof(label));
        Values = columns ?? throw new ArgumentNullException(nameof(columns));
        FrameSchema schema = input.Schema;
        foreach ((string column, ColumnExpr value) in columns)
        {
            _ = input.Schema.Ordinal(column);
            schema = schema.With(column, value.ResultType(input.Schema));
        }

        Schema = schema;
        Step = new MapColumnsStep(label, columns);
    }

    /// <summary>What the operation is called in Explain.</summary>
    public string Label { get; }

    /// <summary>The columns replaced and their new values.</summary>
    public IReadOnlyList<(string Column, ColumnExpr Value)> Values { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override PartitionStep Step { get; }

    /// <inheritdoc/>
    protected override string Prefix => Label.ToLowerInvariant();

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new MapColumns(children[0], Label, Values);
}

/// <summary>Replaces <see cref="Values"/>' columns of a partition with their values, all computed from the partition as it came.</summary>
public sealed class MapColumnsStep(string label, IReadOnlyList<(string Column, ColumnExpr Value)> values) : PartitionStep
{
    /// <summary>The operation's name in Explain.</summary>
    public string Label { get; } = label ?? throw new ArgumentNullException(nameof(label));

    /// <summary>The columns and their values.</summary>
    public IReadOnlyList<(string Column, ColumnExpr Value)> Values { get; } = values ?? throw new ArgumentNullException(nameof(values));

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var arrays = new IArrowArray[partition.Batch.ColumnCount];
        for (int i = 0; i < arrays.Length; i++)
        {
            arrays[i] = partition.Batch.Column(i);
        }

        FrameSchema schema = partition.Schema;
        var computed = new IArrowArray[Values.Count];
        for (int v = 0; v < computed.Length; v++)
        {
            computed[v] = Values[v].Value.Evaluate(partition);
        }

        for (int v = 0; v < computed.Length; v++)
        {
            arrays[partition.Schema.Ordinal(Values[v].Column)] = computed[v];
            schema = schema.With(Values[v].Column, computed[v].Data.DataType);
        }

        return new Partition(new RecordBatch(schema.Arrow, arrays, partition.Length), partition.Index);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Label}: {string.Join(", ", Values.Select(v => $"{v.Column}={v.Value}"))}";
}
