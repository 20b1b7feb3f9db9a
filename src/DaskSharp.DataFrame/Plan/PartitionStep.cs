using Apache.Arrow;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// What a per-partition operator does to one partition. The optimiser strings consecutive steps
/// into one <see cref="PartitionProgram"/>, so a chain of them is one task per partition.
/// </summary>
public abstract class PartitionStep
{
    /// <summary>Applies the step.</summary>
    public abstract Partition Apply(Partition partition);

    /// <summary>The step as Explain prints it.</summary>
    public abstract override string ToString();
}

/// <summary>Keeps <see cref="Columns"/> (and the index), in that order.</summary>
public sealed class ProjectStep(IReadOnlyList<string> columns) : PartitionStep
{
    /// <summary>The columns kept.</summary>
    public IReadOnlyList<string> Columns { get; } = columns ?? throw new ArgumentNullException(nameof(columns));

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        FrameSchema schema = partition.Schema.Select(Columns);
        IArrowArray[] arrays = [.. schema.Arrow.FieldsList.Select(f => partition.Column(f.Name))];
        return new Partition(new RecordBatch(schema.Arrow, arrays, partition.Length), partition.Index);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Projection: [{string.Join(", ", Columns)}]";
}

/// <summary>Keeps the rows where <see cref="Predicate"/> is true.</summary>
public sealed class FilterStep(ColumnExpr predicate) : PartitionStep
{
    /// <summary>The condition.</summary>
    public ColumnExpr Predicate { get; } = predicate ?? throw new ArgumentNullException(nameof(predicate));

    /// <inheritdoc/>
    public override Partition Apply(Partition partition) => Take.Filter(partition, (BooleanArray)Predicate.Evaluate(partition));

    /// <inheritdoc/>
    public override string ToString() => $"Filter: {Predicate}";
}

/// <summary>Adds (or replaces) column <see cref="Name"/> with the value of <see cref="Value"/>.</summary>
public sealed class AssignStep(string name, ColumnExpr value) : PartitionStep
{
    /// <summary>The column assigned.</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>Its value.</summary>
    public ColumnExpr Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        IArrowArray column = Value.Evaluate(partition);
        FrameSchema schema = partition.Schema.With(Name, column.Data.DataType);
        IArrowArray[] arrays = [.. schema.Arrow.FieldsList.Select(f => f.Name == Name ? column : partition.Column(f.Name))];
        return new Partition(new RecordBatch(schema.Arrow, arrays, partition.Length), partition.Index);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Assign: {Name}={Value}";
}

/// <summary>The partial aggregation of a partition (the first step of a tree reduction).</summary>
public sealed class ChunkStep(AggregationPlan plan) : PartitionStep
{
    /// <summary>The aggregation.</summary>
    public AggregationPlan Plan { get; } = plan ?? throw new ArgumentNullException(nameof(plan));

    /// <inheritdoc/>
    public override Partition Apply(Partition partition) => Plan.Chunk(partition);

    /// <inheritdoc/>
    public override string ToString() => $"Chunk: {Plan}";
}

/// <summary>Steps applied one after the other to a partition: what one fused task runs.</summary>
public sealed class PartitionProgram(IReadOnlyList<PartitionStep> steps)
{
    /// <summary>The steps, first first.</summary>
    public IReadOnlyList<PartitionStep> Steps { get; } = steps ?? throw new ArgumentNullException(nameof(steps));

    /// <summary>Runs the steps.</summary>
    public Partition Run(Partition partition)
    {
        foreach (PartitionStep step in Steps)
        {
            partition = step.Apply(partition);
        }

        return partition;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(" -> ", Steps);
}
