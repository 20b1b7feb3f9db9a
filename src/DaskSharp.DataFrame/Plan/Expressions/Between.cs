using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary>
/// <c>x.between(left, right, inclusive)</c>: true where left ≤ x ≤ right (each end included per
/// <see cref="Inclusive"/>: "both", "neither", "left", "right"); a missing row is false, as pandas.
/// </summary>
public sealed class Between : ColumnExpr
{
    private static readonly string[] s_inclusive = ["both", "neither", "left", "right"];

    /// <summary>Tests <paramref name="operand"/> against the bounds.</summary>
    /// <exception cref="ArgumentException">for an <paramref name="inclusive"/> other than the four pandas knows.</exception>
    public Between(ColumnExpr operand, Literal left, Literal right, string inclusive = "both")
    {
        Operand = operand ?? throw new ArgumentNullException(nameof(operand));
        Left = left ?? throw new ArgumentNullException(nameof(left));
        Right = right ?? throw new ArgumentNullException(nameof(right));
        Inclusive = s_inclusive.Contains(inclusive)
            ? inclusive
            : throw new ArgumentException($"inclusive must be one of 'both', 'neither', 'left', 'right', not '{inclusive}'.", nameof(inclusive));
    }

    /// <summary>The expression tested.</summary>
    public ColumnExpr Operand { get; }

    /// <summary>The lower bound.</summary>
    public Literal Left { get; }

    /// <summary>The upper bound.</summary>
    public Literal Right { get; }

    /// <summary>Which ends are included.</summary>
    public string Inclusive { get; }

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema)
    {
        IArrowType type = Operand.ResultType(schema);
        IArrowType lt = Left.ResultType(schema), rt = Right.ResultType(schema);
        bool fits = (Numeric.IsNumeric(type) && Numeric.IsNumeric(lt) && Numeric.IsNumeric(rt))
            || (ColumnKernels.IsText(type) && lt is StringType && rt is StringType)
            || (type is TimestampType && lt is TimestampType && rt is TimestampType);
        return fits ? BooleanType.Default : throw new ArgumentException($"Cannot compare {Dtype.Name(type)} with bounds {Dtype.Name(lt)} and {Dtype.Name(rt)} in {this}.");
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) =>
        MembershipKernels.Between(Operand.Evaluate(partition), Left.Value, Right.Value, Inclusive is "both" or "left", Inclusive is "both" or "right");

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.between({Left}, {Right}, inclusive='{Inclusive}')";
}
