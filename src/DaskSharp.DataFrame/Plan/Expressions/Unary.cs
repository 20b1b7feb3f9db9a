using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary>The operators of <see cref="UnaryMath"/>.</summary>
public enum UnaryMathOperator
{
    /// <summary>-x</summary>
    Negate,

    /// <summary>x.abs()</summary>
    Abs,
}

/// <summary><c>-x</c> or <c>x.abs()</c> of a numeric expression, keeping its type.</summary>
public sealed class UnaryMath(UnaryMathOperator op, ColumnExpr operand) : ColumnExpr
{
    /// <summary>The operator.</summary>
    public UnaryMathOperator Operator { get; } = op;

    /// <summary>The operand.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema) => Numbers.Require(Operand.ResultType(schema), this);

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => Operator == UnaryMathOperator.Negate
        ? UnaryKernels.Negate(Operand.Evaluate(partition))
        : UnaryKernels.Abs(Operand.Evaluate(partition));

    /// <inheritdoc/>
    public override string ToString() => Operator == UnaryMathOperator.Negate ? $"(-{Operand})" : $"{Operand}.abs()";
}

/// <summary><c>x.round(decimals)</c>: numpy's half-to-even rounding, keeping the type.</summary>
public sealed class Round(ColumnExpr operand, int decimals) : ColumnExpr
{
    /// <summary>The operand.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <summary>Decimal places (negative: tens, hundreds, …).</summary>
    public int Decimals { get; } = decimals is >= -18 and <= 308 ? decimals : throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "round takes decimals from -18 to 308.");

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema) => Numbers.Require(Operand.ResultType(schema), this);

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => UnaryKernels.Round(Operand.Evaluate(partition), Decimals);

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.round({Decimals})";
}

/// <summary>The type checks numeric expressions share.</summary>
internal static class Numbers
{
    /// <summary><paramref name="type"/> when it is int32, int64, float32 or float64; else an error naming <paramref name="expression"/>.</summary>
    public static IArrowType Require(IArrowType type, ColumnExpr expression) => type is Int32Type or Int64Type or FloatType or DoubleType
        ? type
        : throw new ArgumentException($"{expression} needs a numeric column; it is {Dtype.Name(type)}.");
}
