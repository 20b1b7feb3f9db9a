using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Expressions;

/// <summary><c>x.isin(values)</c>: true where a row equals one of the values (numbers, strings, bools or timestamps); a missing row is false.</summary>
public sealed class IsIn : ColumnExpr
{
    /// <summary>Tests <paramref name="operand"/> against <paramref name="values"/>.</summary>
    public IsIn(ColumnExpr operand, IEnumerable<object> values)
    {
        Operand = operand ?? throw new ArgumentNullException(nameof(operand));
        ArgumentNullException.ThrowIfNull(values);
        Values = [.. values.Select(v => new Literal(v).Value)]; // int as long, float as double; anything else refused
    }

    /// <summary>The expression tested.</summary>
    public ColumnExpr Operand { get; }

    /// <summary>The values (long, double, string, bool or DateTime).</summary>
    public IReadOnlyList<object> Values { get; }

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => Operand.Columns;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">when a value cannot equal a row of the column, naming both types.</exception>
    public override IArrowType ResultType(FrameSchema schema)
    {
        IArrowType type = Operand.ResultType(schema);
        foreach (object v in Values)
        {
            bool fits = v switch
            {
                long or double => Numeric.IsNumeric(type),
                string => ColumnKernels.IsText(type),
                bool => type is BooleanType,
                _ => type is TimestampType,
            };
            if (!fits)
            {
                throw new ArgumentException($"{new Literal(v)} cannot be in a {Dtype.Name(type)} column, in {this}.");
            }
        }

        return BooleanType.Default;
    }

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) => MembershipKernels.IsIn(Operand.Evaluate(partition), Values);

    /// <inheritdoc/>
    public override string ToString() => $"{Operand}.isin([{string.Join(", ", Values.Select(v => new Literal(v)))}])";
}
