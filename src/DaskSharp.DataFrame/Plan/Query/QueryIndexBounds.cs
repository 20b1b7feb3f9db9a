using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Plan.Query;

/// <summary>
/// The closed index range a query's condition implies, from the comparisons of the index with a
/// constant that are anded at its top (<c>index &gt;= '2000-01-02' and x &gt; 0</c>): what Query needs
/// to read only the partitions whose divisions overlap it, as Loc does. Pure.
/// </summary>
internal static class QueryIndexBounds
{
    /// <summary>
    /// The lowest and highest index a row <paramref name="predicate"/> keeps can have, as native index
    /// values (<see cref="IndexLabels"/>), each null when unbounded. Strict bounds are widened to closed
    /// ones: the filter still decides each row.
    /// </summary>
    public static (object? Lower, object? Upper) Of(ColumnExpr predicate, FrameSchema schema)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Index is not { } index)
        {
            return (null, null);
        }

        IArrowType type = schema.TypeOf(index);
        object? lower = null, upper = null;
        foreach (ColumnExpr term in Conjuncts(predicate))
        {
            if (Bound(term, index, type) is not var (bindsLower, bindsUpper, value))
            {
                continue;
            }

            if (bindsLower && (lower is null || IndexLabels.Compare(value, lower) > 0))
            {
                lower = value;
            }

            if (bindsUpper && (upper is null || IndexLabels.Compare(value, upper) < 0))
            {
                upper = value;
            }
        }

        return (lower, upper);
    }

    private static IEnumerable<ColumnExpr> Conjuncts(ColumnExpr e) => e is Binary { Operator: BinaryOperator.And } and
        ? Conjuncts(and.Left).Concat(Conjuncts(and.Right))
        : [e];

    /// <summary>Which ends <c>index op constant</c> (either way round) bounds, with the constant as a native index value; null for any other term.</summary>
    private static (bool Lower, bool Upper, object Value)? Bound(ColumnExpr term, string index, IArrowType type)
    {
        (BinaryOperator op, object? constant, bool indexFirst) = term switch
        {
            Binary { Left: ColumnRef c, Right: Literal l } b when c.Name == index => (b.Operator, l.Value, true),
            Binary { Left: Literal l, Right: ColumnRef c } b when c.Name == index => (b.Operator, l.Value, false),
            _ => (BinaryOperator.Add, null, true),
        };
        bool greater = op is BinaryOperator.Greater or BinaryOperator.GreaterOrEqual, less = op is BinaryOperator.Less or BinaryOperator.LessOrEqual;
        if (!(greater || less || op == BinaryOperator.Equal) || constant is null or double.NaN or bool || (type is TimestampType && constant is not DateTime))
        {
            return null;
        }

        if (!indexFirst)
        {
            (greater, less) = (less, greater); // 5 < index bounds it below
        }

        try
        {
            return (greater || op == BinaryOperator.Equal, less || op == BinaryOperator.Equal, IndexLabels.Native(constant, type, index));
        }
        catch (ArgumentException)
        {
            return null; // a constant the index type cannot hold exactly (2.5 against an int64 index): no pruning, the filter decides
        }
    }
}
