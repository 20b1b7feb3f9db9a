using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan.Expressions;

namespace DaskSharp.DataFrames.Plan.Query;

// Comparisons as pandas' query reads them: with a list they are isin (`x in [..]`, `x == [..]`,
// `[..] in x`; `not in` and `!=` negate it), and a string compared with a datetime column is a
// timestamp. Lists of literals are parsed here too.
internal sealed partial class QueryParser
{
    /// <summary><paramref name="left"/> <paramref name="infix"/> <paramref name="right"/>, the operator written at <paramref name="at"/>.</summary>
    private ColumnExpr Compare(InfixOperator infix, QueryToken at, ColumnExpr left, ColumnExpr right)
    {
        string op = infix.Membership ? (infix.Operator == BinaryOperator.Equal ? "in" : "not in") : Binary.Symbol(infix.Operator);
        string where = $"(at {at.Position} in '{_query}')";
        if (left is ListLiteral || right is ListLiteral)
        {
            if (left is ListLiteral && right is ListLiteral)
            {
                throw new ArgumentException($"'{op}' {where} compares two lists, {left} and {right}; one side must be a column.");
            }

            (ColumnExpr operand, var list) = left is ListLiteral l ? (right, l) : (left, (ListLiteral)right);
            if (infix.Operator is not (BinaryOperator.Equal or BinaryOperator.NotEqual))
            {
                throw new ArgumentException($"'{op}' {where} cannot compare {operand} with the list {list}; only 'in', 'not in', '==' and '!=' take a list.");
            }

            ColumnExpr isin = Membership(operand, list, where);
            return infix.Operator == BinaryOperator.Equal ? isin : new Not(isin);
        }

        if (infix.Membership)
        {
            throw QueryTokenizer.Error($"'{op}' needs a list ([a, b] or (a, b)) on its right, not {right}", at.Position, _query);
        }

        return new Binary(infix.Operator, AsTimestamp(left, right, where), AsTimestamp(right, left, where));
    }

    /// <summary>pandas' <c>operand.isin(list)</c>, the items converted to the operand's type, or refused naming both.</summary>
    private ColumnExpr Membership(ColumnExpr operand, ListLiteral list, string where)
    {
        IArrowType type = TypeOf(operand);
        var values = new List<object>(list.Values.Count);
        bool matchesMissing = false;
        foreach (object? item in list.Values)
        {
            switch (item)
            {
                case null:
                    // pandas keeps strings as objects, so None finds a missing string; it equals no number, NaN or NaT.
                    matchesMissing |= ColumnKernels.IsText(type);
                    break;
                case string s when type is TimestampType t:
                    values.Add(QueryTimestamp.Parse(s, operand, t, where));
                    break;
                case bool b when Numeric.IsNumeric(type):
                    values.Add(b ? 1L : 0L); // Python's True == 1
                    break;
                case long or double when Numeric.IsNumeric(type):
                case string when ColumnKernels.IsText(type):
                case bool when type is BooleanType:
                    values.Add(item);
                    break;
                default:
                    // pandas finds no rows here; a list that cannot match is more likely a mistake than a question.
                    string kind = item switch { string => "a string", bool => "a bool", _ => "a number" };
                    throw new ArgumentException($"The list {list} {where} cannot match {Describe(operand)} ({Dtype.Name(type)}): {new Literal(item)} is {kind}.");
            }
        }

        var isin = new IsIn(operand, values);
        return matchesMissing ? new Binary(BinaryOperator.Or, isin, new IsNa(operand, missing: true)) : isin;
    }

    /// <summary><paramref name="side"/>, or, when it is a string compared with a datetime, the timestamp it names (pandas' <c>pd.Timestamp(string)</c>).</summary>
    private ColumnExpr AsTimestamp(ColumnExpr side, ColumnExpr other, string where) =>
        side is Literal { Value: string text } && other is not Literal && TypeOf(other) is TimestampType t
            ? new Literal(QueryTimestamp.Parse(text, other, t, where))
            : side;

    private IArrowType TypeOf(ColumnExpr expr)
    {
        try
        {
            return expr.ResultType(_schema);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.Message} (in '{_query}')", e);
        }
    }

    private static string Describe(ColumnExpr operand) => operand is ColumnRef c ? $"the column '{c.Name}'" : $"the expression {operand}";

    /// <summary>The items of a list or tuple up to <paramref name="close"/>, after <paramref name="values"/> (a tuple's first, already read).</summary>
    private ListLiteral List(QueryToken open, string close, List<object?> values)
    {
        if (values.Count == 0)
        {
            if (Peek.Is(close))
            {
                Next();
                return new ListLiteral(values, open.Position);
            }

            values.Add(Item(open, close));
        }

        while (true)
        {
            QueryToken token = Next();
            if (token.Is(close))
            {
                return new ListLiteral(values, open.Position);
            }

            if (!token.Is(","))
            {
                throw token.Kind == QueryTokenKind.End
                    ? Unterminated(open, close, token)
                    : QueryTokenizer.Error($"expected ',' or '{close}' in the list starting at {open.Position} but found {token.Shown}", token.Position, _query);
            }

            if (Peek.Is(close))
            {
                Next(); // a trailing comma, as Python allows
                return new ListLiteral(values, open.Position);
            }

            values.Add(Item(open, close));
        }
    }

    /// <summary>One item of a list: a literal (a signed number too), or None (null).</summary>
    private object? Item(QueryToken open, string close)
    {
        QueryToken at = Peek;
        if (at.Kind == QueryTokenKind.End)
        {
            throw Unterminated(open, close, at);
        }

        if (at.Is("None"))
        {
            Next();
            return null;
        }

        ColumnExpr item = Expression(ComparisonPrecedence + 1);
        return item is Literal literal ? literal.Value : throw NotALiteral(item, at);
    }

    private FormatException Unterminated(QueryToken open, string close, QueryToken end) =>
        QueryTokenizer.Error($"unterminated list: the '{open.Text}' at {open.Position} has no closing '{close}'", end.Position, _query);

    private FormatException NotALiteral(ColumnExpr item, QueryToken at) =>
        QueryTokenizer.Error($"a list holds only literals (numbers, strings, True, False, None), not {item}", at.Position, _query);
}
