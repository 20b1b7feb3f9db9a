using System.Globalization;

namespace DaskSharp.DataFrames.Plan.Query;

/// <summary>
/// Parses a pandas <c>df.query</c> string into a <see cref="ColumnExpr"/> by precedence climbing
/// over the <see cref="QueryTokenizer"/>'s tokens. Pure: text and schema in, expression out.
/// </summary>
/// <remarks>
/// The grammar, loosest first: <c>or</c>/<c>|</c>; <c>and</c>/<c>&amp;</c> (pandas gives <c>&amp;</c> and
/// <c>|</c> the precedence of <c>and</c> and <c>or</c> in queries, unlike Python); <c>not</c>; comparisons
/// and <c>in</c>/<c>not in</c> (chained: <c>0 &lt; x &lt; 1</c> is <c>(0 &lt; x) &amp; (x &lt; 1)</c>);
/// <c>+ -</c>; <c>* /</c>; unary <c>- + ~</c>; then literals (ints, floats, quoted strings, True, False),
/// lists and tuples of literals, columns (plain or `backtick quoted`, <c>index</c> for the index) and
/// parentheses. How comparisons with lists and date strings are read is in QueryParser.Comparisons.cs.
/// </remarks>
internal sealed partial class QueryParser
{
    private const int OrPrecedence = 1, AndPrecedence = 2, NotPrecedence = 3, ComparisonPrecedence = 4, AddPrecedence = 5, MultiplyPrecedence = 6;

    private readonly string _query;
    private readonly FrameSchema _schema;
    private readonly List<QueryToken> _tokens;
    private int _at;

    private QueryParser(string query, FrameSchema schema)
    {
        _query = query;
        _schema = schema;
        _tokens = QueryTokenizer.Tokenize(query);
    }

    /// <summary>The expression <paramref name="query"/> means on frames of <paramref name="schema"/>.</summary>
    /// <exception cref="FormatException">for a syntax error, naming the token, its position and the query.</exception>
    /// <exception cref="KeyNotFoundException">for an unknown column, naming the nearest ones.</exception>
    /// <exception cref="NotSupportedException">for <c>is</c>, function calls, <c>@</c> variables and other Python not supported yet.</exception>
    /// <exception cref="ArgumentException">when the types do not fit an operator, a list item a column, or a string is not a date.</exception>
    public static ColumnExpr Parse(string query, FrameSchema schema)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(schema);
        var parser = new QueryParser(query, schema);
        if (parser.Peek.Kind == QueryTokenKind.End)
        {
            throw new FormatException("The query is empty.");
        }

        ColumnExpr expr = parser.Expression(OrPrecedence);
        if (parser.Peek.Kind != QueryTokenKind.End)
        {
            throw parser.Unexpected(parser.Peek);
        }

        try
        {
            _ = expr.ResultType(schema);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.Message} (in '{query}')", e);
        }

        return expr;
    }

    private QueryToken Peek => _tokens[_at];

    private QueryToken Next() => _tokens[_at++];

    private ColumnExpr Expression(int minPrecedence)
    {
        ColumnExpr left = Prefix();
        while (true)
        {
            QueryToken token = Peek;
            if (token.Is("is"))
            {
                throw new NotSupportedException($"'is' (at {token.Position} in '{_query}') is not supported in Query yet; use a comparison, or filter with a series.");
            }

            if (Infix() is not { } infix || infix.Precedence < minPrecedence)
            {
                return left;
            }

            _at += infix.Width;
            ColumnExpr right = Expression(infix.Precedence + 1);
            if (infix.Precedence != ComparisonPrecedence)
            {
                left = new Binary(infix.Operator, left, right);
                continue;
            }

            // A chain a < b < c is (a < b) & (b < c), as Python's.
            ColumnExpr chain = Compare(infix, token, left, right);
            while (Infix() is { Precedence: ComparisonPrecedence } more)
            {
                QueryToken at = Peek;
                _at += more.Width;
                ColumnExpr after = Expression(ComparisonPrecedence + 1);
                chain = new Binary(BinaryOperator.And, chain, Compare(more, at, right, after));
                right = after;
            }

            left = chain;
        }
    }

    private ColumnExpr Prefix()
    {
        QueryToken token = Next();
        switch (token.Kind)
        {
            case QueryTokenKind.Integer:
                return long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                    ? new Literal(n)
                    : throw QueryTokenizer.Error($"the integer {token.Text} does not fit 64 bits", token.Position, _query);
            case QueryTokenKind.Float:
                return new Literal(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case QueryTokenKind.String:
                return new Literal(token.Text);
            case QueryTokenKind.QuotedName:
                return Column(token);
            case QueryTokenKind.Name when token.Text == "not":
                return new Not(Expression(NotPrecedence));
            case QueryTokenKind.Name when token.Text is "True" or "False":
                return new Literal(token.Text == "True");
            case QueryTokenKind.Name when token.Text is "and" or "or" or "in" or "is":
                throw Unexpected(token);
            case QueryTokenKind.Name when Peek.Is("("):
                throw new NotSupportedException($"Calling '{token.Text}' (at {token.Position} in '{_query}') is not supported in Query yet; compute it as a column first.");
            case QueryTokenKind.Name:
                return Column(token);
            case QueryTokenKind.Symbol when token.Text == "[":
                return List(token, "]", []);
            case QueryTokenKind.Symbol when token.Text == "(":
                ColumnExpr inner = Expression(OrPrecedence);
                if (Peek.Is(","))
                {
                    return inner is Literal first ? List(token, ")", [first.Value]) : throw NotALiteral(inner, token);
                }

                QueryToken close = Next();
                return close.Is(")") ? inner : throw QueryTokenizer.Error($"expected ')' to close the '(' at {token.Position} but found {close.Shown}", close.Position, _query);
            case QueryTokenKind.Symbol when token.Text == "-":
                return Negate(Expression(MultiplyPrecedence + 1));
            case QueryTokenKind.Symbol when token.Text == "+":
                return Expression(MultiplyPrecedence + 1);
            case QueryTokenKind.Symbol when token.Text == "~":
                return new Not(Expression(MultiplyPrecedence + 1));
            case QueryTokenKind.Symbol when token.Text == "@":
                throw new NotSupportedException($"Local variables ('@' at {token.Position} in '{_query}') are not supported in Query yet; put the value into the query text.");
            default:
                throw Unexpected(token);
        }
    }

    /// <summary><c>-x</c>: a negative literal, or <c>x * -1</c> (which keeps int64 int64).</summary>
    private static ColumnExpr Negate(ColumnExpr operand) => operand switch
    {
        Literal { Value: long n } => new Literal(-n),
        Literal { Value: double d } => new Literal(-d),
        _ => new Binary(BinaryOperator.Multiply, operand, new Literal(-1L)),
    };

    /// <summary>The binary operator at the next token, or null; <c>not in</c> is two tokens.</summary>
    private InfixOperator? Infix()
    {
        QueryToken token = Peek;
        if (token.Kind is not (QueryTokenKind.Symbol or QueryTokenKind.Name))
        {
            return null;
        }

        return token.Text switch
        {
            "or" or "|" => new InfixOperator(BinaryOperator.Or, OrPrecedence),
            "and" or "&" => new InfixOperator(BinaryOperator.And, AndPrecedence),
            "==" => new InfixOperator(BinaryOperator.Equal, ComparisonPrecedence),
            "!=" => new InfixOperator(BinaryOperator.NotEqual, ComparisonPrecedence),
            "<" => new InfixOperator(BinaryOperator.Less, ComparisonPrecedence),
            "<=" => new InfixOperator(BinaryOperator.LessOrEqual, ComparisonPrecedence),
            ">" => new InfixOperator(BinaryOperator.Greater, ComparisonPrecedence),
            ">=" => new InfixOperator(BinaryOperator.GreaterOrEqual, ComparisonPrecedence),
            "in" => new InfixOperator(BinaryOperator.Equal, ComparisonPrecedence, Membership: true),
            "not" when _tokens[_at + 1].Is("in") => new InfixOperator(BinaryOperator.NotEqual, ComparisonPrecedence, Width: 2, Membership: true),
            "+" => new InfixOperator(BinaryOperator.Add, AddPrecedence),
            "-" => new InfixOperator(BinaryOperator.Subtract, AddPrecedence),
            "*" => new InfixOperator(BinaryOperator.Multiply, MultiplyPrecedence),
            "/" => new InfixOperator(BinaryOperator.Divide, MultiplyPrecedence),
            "**" or "//" or "%" => throw new NotSupportedException($"'{token.Text}' (at {token.Position} in '{_query}') is not supported in Query yet."),
            _ => null,
        };
    }

    private ColumnRef Column(QueryToken token)
    {
        if (_schema.Has(token.Text))
        {
            return new ColumnRef(token.Text);
        }

        if (token.Text == "index" && token.Kind == QueryTokenKind.Name && _schema.Index is { } index)
        {
            return new ColumnRef(index);
        }

        KeyNotFoundException missing = FrameSchema.MissingColumn(token.Text, [.. _schema.Arrow.FieldsList.Select(f => f.Name)]);
        throw new KeyNotFoundException($"{missing.Message} (at {token.Position} in '{_query}')", missing);
    }

    private FormatException Unexpected(QueryToken token) => QueryTokenizer.Error(
        token.Kind == QueryTokenKind.End ? "unexpected end of query" : $"unexpected {token.Shown}", token.Position, _query);

    /// <summary>A binary operator as written: <c>in</c> is <c>==</c> and <c>not in</c> <c>!=</c> that need a list (pandas reads both as isin); <c>not in</c> is two tokens wide.</summary>
    private readonly record struct InfixOperator(BinaryOperator Operator, int Precedence, int Width = 1, bool Membership = false);
}
