using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// An expression over a partition's columns, evaluated a whole column at a time: a column, a
/// literal, arithmetic, a comparison or a logical combination (what <c>df["x"] > 0</c> builds).
/// </summary>
public abstract class ColumnExpr
{
    /// <summary>The columns it reads.</summary>
    public abstract IEnumerable<string> Columns { get; }

    /// <summary>The Arrow type of its result on frames of <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentException">when the types do not fit the operation, naming both.</exception>
    public abstract IArrowType ResultType(FrameSchema schema);

    /// <summary>Its value for every row of <paramref name="partition"/>.</summary>
    public abstract IArrowArray Evaluate(Partition partition);

    /// <summary>The expression as Dask's <c>explain</c> shows it, e.g. <c>x > 0</c>.</summary>
    public abstract override string ToString();
}

/// <summary>A column of the frame.</summary>
public sealed class ColumnRef(string name) : ColumnExpr
{
    /// <summary>The column's name.</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => [Name];

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema) => schema.TypeOf(Name);

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => partition.Column(Name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A constant: a double, a long, a string, a bool or a timestamp (a <see cref="DateTime"/>, naive nanoseconds).</summary>
public sealed class Literal : ColumnExpr
{
    /// <summary>A literal of <paramref name="value"/>.</summary>
    public Literal(object value)
    {
        Value = value switch
        {
            double or long or string or bool or DateTime => value,
            int i => (long)i,
            float f => (double)f,
            null => throw new ArgumentNullException(nameof(value)),
            _ => throw new ArgumentException($"A column expression's constant must be a number, a string or a bool, not {value.GetType().Name}.", nameof(value)),
        };
    }

    /// <summary>The value.</summary>
    public object Value { get; }

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => [];

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema) => Value switch
    {
        double => DoubleType.Default,
        long => Int64Type.Default,
        string => StringType.Default,
        DateTime => Timestamps.Naive,
        _ => BooleanType.Default,
    };

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => Broadcast.Constant(Value, partition.Length);

    /// <inheritdoc/>
    public override string ToString() => Value switch
    {
        string s => $"'{s}'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        DateTime t => $"Timestamp('{t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)}')",
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture)!,
    };
}

/// <summary>The operators of <see cref="Binary"/>.</summary>
public enum BinaryOperator
{
    /// <summary>+</summary>
    Add,

    /// <summary>-</summary>
    Subtract,

    /// <summary>*</summary>
    Multiply,

    /// <summary>/ (true division: float64, as pandas)</summary>
    Divide,

    /// <summary>==</summary>
    Equal,

    /// <summary>!=</summary>
    NotEqual,

    /// <summary>&lt;</summary>
    Less,

    /// <summary>&lt;=</summary>
    LessOrEqual,

    /// <summary>&gt;</summary>
    Greater,

    /// <summary>&gt;=</summary>
    GreaterOrEqual,

    /// <summary>&amp; (logical and)</summary>
    And,

    /// <summary>| (logical or)</summary>
    Or,

    /// <summary>% (Python's modulo: the divisor's sign)</summary>
    Modulo,

    /// <summary>// (floor division, as pandas)</summary>
    FloorDivide,
}

/// <summary>Two expressions joined by an arithmetic, comparison or logical operator.</summary>
public sealed class Binary(BinaryOperator op, ColumnExpr left, ColumnExpr right) : ColumnExpr
{
    /// <summary>The operator.</summary>
    public BinaryOperator Operator { get; } = op;

    /// <summary>The left operand.</summary>
    public ColumnExpr Left { get; } = left ?? throw new ArgumentNullException(nameof(left));

    /// <summary>The right operand.</summary>
    public ColumnExpr Right { get; } = right ?? throw new ArgumentNullException(nameof(right));

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Left.Columns.Concat(Right.Columns).Distinct();

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema) =>
        ColumnKernels.ResultType(Operator, Left.ResultType(schema), Right.ResultType(schema), this);

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => Right is Literal constant
        ? ColumnKernels.Apply(Operator, Left.Evaluate(partition), null, constant.Value)
        : ColumnKernels.Apply(Operator, Left.Evaluate(partition), Right.Evaluate(partition));

    /// <inheritdoc/>
    public override string ToString() => $"({Left} {Symbol(Operator)} {Right})";

    internal static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.And => "&",
        BinaryOperator.Modulo => "%",
        BinaryOperator.FloorDivide => "//",
        _ => "|",
    };
}

/// <summary>Logical not of a boolean expression.</summary>
public sealed class Not(ColumnExpr operand) : ColumnExpr
{
    /// <summary>The negated expression.</summary>
    public ColumnExpr Operand { get; } = operand ?? throw new ArgumentNullException(nameof(operand));

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema) =>
        Operand.ResultType(schema) is BooleanType ? BooleanType.Default : throw new ArgumentException($"~ needs a bool expression; {Operand} is {Dtype.Name(Operand.ResultType(schema))}.");

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => ColumnKernels.Not((BooleanArray)Operand.Evaluate(partition));

    /// <inheritdoc/>
    public override string ToString() => $"~{Operand}";
}
