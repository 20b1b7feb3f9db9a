using System.Text;

namespace DaskSharp.DataFrames.Plan.Query;

/// <summary>Splits a <c>df.Query</c> string into tokens; pure (text in, tokens out).</summary>
internal static class QueryTokenizer
{
    // Longest first, so "<=" is not read as "<" then "=".
    private static readonly string[] s_symbols = ["**", "//", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "(", ")", "&", "|", "~", ",", "@", "[", "]", "="];

    /// <summary>The tokens of <paramref name="query"/>, ending with an <see cref="QueryTokenKind.End"/> token.</summary>
    /// <exception cref="FormatException">naming the offending character, its position and the query.</exception>
    public static List<QueryToken> Tokenize(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokens = new List<QueryToken>();
        int i = 0;
        while (i < query.Length)
        {
            char c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < query.Length && char.IsAsciiDigit(query[i + 1])))
            {
                tokens.Add(Number(query, ref i));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new QueryToken(QueryTokenKind.Name, query[start..i], start));
            }
            else if (c == '`')
            {
                int end = query.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw Error($"unterminated `backtick` name starting", i, query);
                }

                tokens.Add(new QueryToken(QueryTokenKind.QuotedName, query[(i + 1)..end], i));
                i = end + 1;
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(Text(query, ref i));
            }
            else if (Symbol(query, i) is { } symbol)
            {
                tokens.Add(new QueryToken(QueryTokenKind.Symbol, symbol, i));
                i += symbol.Length;
            }
            else
            {
                throw Error($"unexpected character '{c}'", i, query);
            }
        }

        tokens.Add(new QueryToken(QueryTokenKind.End, string.Empty, query.Length));
        return tokens;
    }

    /// <summary>A syntax error: what was wrong, where, in which query.</summary>
    public static FormatException Error(string what, int position, string query) => new($"{what} at {position} in '{query}'");

    private static string? Symbol(string query, int i)
    {
        foreach (string s in s_symbols)
        {
            if (string.CompareOrdinal(query, i, s, 0, s.Length) == 0)
            {
                return s;
            }
        }

        return null;
    }

    private static QueryToken Number(string query, ref int i)
    {
        int start = i;
        bool isFloat = false;
        while (i < query.Length && (char.IsAsciiDigit(query[i]) || query[i] == '_'))
        {
            i++;
        }

        if (i < query.Length && query[i] == '.')
        {
            isFloat = true;
            i++;
            while (i < query.Length && char.IsAsciiDigit(query[i]))
            {
                i++;
            }
        }

        if (i < query.Length && query[i] is 'e' or 'E')
        {
            int exponent = i + 1;
            if (exponent < query.Length && query[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < query.Length && char.IsAsciiDigit(query[exponent]))
            {
                isFloat = true;
                i = exponent;
                while (i < query.Length && char.IsAsciiDigit(query[i]))
                {
                    i++;
                }
            }
        }

        if (i < query.Length && (char.IsLetter(query[i]) || query[i] == '_'))
        {
            throw Error($"unexpected '{query[i]}' after the number '{query[start..i]}'", i, query);
        }

        return new QueryToken(isFloat ? QueryTokenKind.Float : QueryTokenKind.Integer, query[start..i].Replace("_", string.Empty, StringComparison.Ordinal), start);
    }

    private static QueryToken Text(string query, ref int i)
    {
        char quote = query[i];
        int start = i++;
        var text = new StringBuilder();
        while (i < query.Length && query[i] != quote)
        {
            if (query[i] == '\\' && i + 1 < query.Length)
            {
                text.Append(query[i + 1] switch { 'n' => '\n', 't' => '\t', var e => e });
                i += 2;
            }
            else
            {
                text.Append(query[i++]);
            }
        }

        if (i >= query.Length)
        {
            throw Error("unterminated string starting", start, query);
        }

        i++; // the closing quote
        return new QueryToken(QueryTokenKind.String, text.ToString(), start);
    }
}
