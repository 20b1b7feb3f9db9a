using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary><c>x.isna()</c> or <c>x.notna()</c>: a bool column, true where a row is missing (null, or NaN in a float column), or not.</summary>
public sealed class IsNa(ColumnExpr operand, bool missing) : ColumnExpr
{
    /// <summary>The expression tested.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <summary>True for <c>isna</c>, false for <c>notna</c>.</summary>
    public bool Missing { get; } = missing;

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema)
    {
        _ = Operand.ResultType(schema);
        return BooleanType.Default;
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => NullKernels.IsNa(Operand.Evaluate(partition), Missing);

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.{(Missing ? "isna" : "notna")}()";
}

/// <summary><c>x.fillna(value)</c>: missing rows (null, or NaN in a float column) set to a constant that fits the column.</summary>
public sealed class FillNa(ColumnExpr operand, Literal value) : ColumnExpr
{
    /// <summary>The expression filled.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <summary>The fill value.</summary>
    public Literal Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">when the value does not fit the column's type, naming both.</exception>
    public override IArrowType ResultType(FrameSchema schema)
    {
        IArrowType type = Operand.ResultType(schema);
        return NullKernels.FillType(type, Value.Value)
            ?? throw new ArgumentException($"Cannot fill a {Dtype.Name(type)} column with {Value} ({Dtype.Name(Value.ResultType(schema))}) in {this}.");
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition)
    {
        IArrowArray column = Operand.Evaluate(partition);
        return NullKernels.FillNa(column, Value.Value, NullKernels.FillType(column.Data.DataType, Value.Value)!);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.fillna({Value})";
}
