using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary>
/// <c>x.where(cond, other)</c> (keep x where cond is true) or <c>x.mask(cond, other)</c> (keep x
/// where cond is false); the other rows take <see cref="Other"/> (a column, a constant) or null. A
/// null condition takes the other, as pandas. Columns keep their type: an int64 column with the
/// rows replaced by nulls stays int64 with nulls (pandas' nullable Int64; numpy pandas would make
/// it float64).
/// </summary>
public sealed class WhereMask(ColumnExpr operand, ColumnExpr condition, ColumnExpr? other, bool mask) : ColumnExpr
{
    /// <summary>The values kept.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <summary>The bool condition.</summary>
    public ColumnExpr Condition { get; } = condition ?? throw new ArgumentNullException(nameof(condition));

    /// <summary>The replacement, or null for a null.</summary>
    public ColumnExpr? Other { get; } = other;

    /// <summary>True for <c>mask</c> (replace where the condition holds).</summary>
    public bool Mask { get; } = mask;

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns.Concat(Condition.Columns).Concat(Other?.Columns ?? []).Distinct();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">when the condition is not bool, or the other does not mix with the values, naming the types.</exception>
    public override IArrowType ResultType(FrameSchema schema)
    {
        IArrowType self = Operand.ResultType(schema), condition = Condition.ResultType(schema);
        if (condition is not BooleanType)
        {
            throw new ArgumentException($"{Name} needs a bool condition; {Condition} is {Dtype.Name(condition)} in {this}.");
        }

        IArrowType? result = Other switch
        {
            null => SelectKernels.ResultType(self, null),
            Literal l => NullKernels.FillType(self, l.Value),
            var o => SelectKernels.ResultType(self, o.ResultType(schema)),
        };
        return result ?? throw new ArgumentException($"Cannot mix {Dtype.Name(self)} with {Dtype.Name(Other!.ResultType(schema))} in {this}.");
    }

    private string Name => Mask ? "mask" : "where";

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition)
    {
        IArrowArray self = Operand.Evaluate(partition);
        var condition = (BooleanArray)Condition.Evaluate(partition);
        IArrowType result = ResultType(partition.Schema);
        return Other switch
        {
            null => SelectKernels.Choose(self, condition, !Mask, null, null, result),
            Literal l => SelectKernels.Choose(self, condition, !Mask, null, l.Value, result),
            var o => SelectKernels.Choose(self, condition, !Mask, o.Evaluate(partition), null, result),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Other is null ? $"{Operand}.{Name}({Condition})" : $"{Operand}.{Name}({Condition}, {Other})";
}
