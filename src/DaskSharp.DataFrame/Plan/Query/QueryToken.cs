namespace DaskSharp.DataFrames.Plan.Query;

/// <summary>The kinds of token a query is made of.</summary>
internal enum QueryTokenKind
{
    /// <summary>A column or keyword, or a `backtick quoted` column.</summary>
    Name,

    /// <summary>A `backtick quoted` column (never a keyword).</summary>
    QuotedName,

    /// <summary>An integer literal.</summary>
    Integer,

    /// <summary>A float literal.</summary>
    Float,

    /// <summary>A 'single' or "double" quoted string.</summary>
    String,

    /// <summary>An operator or a parenthesis.</summary>
    Symbol,

    /// <summary>The end of the query.</summary>
    End,
}

/// <summary>One token of a query and where it starts (0-based), for errors.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The operator or name as written; a string's value without quotes.</param>
/// <param name="Position">The offset of its first character in the query.</param>
internal readonly record struct QueryToken(QueryTokenKind Kind, string Text, int Position)
{
    /// <summary>The token as an error message quotes it.</summary>
    public string Shown => Kind switch
    {
        QueryTokenKind.End => "end of query",
        QueryTokenKind.String => $"string '{Text}'",
        QueryTokenKind.QuotedName => $"`{Text}`",
        _ => $"'{Text}'",
    };

    /// <summary>True for the symbol or keyword <paramref name="text"/>.</summary>
    public bool Is(string text) => Kind is QueryTokenKind.Symbol or QueryTokenKind.Name && Text == text;
}
