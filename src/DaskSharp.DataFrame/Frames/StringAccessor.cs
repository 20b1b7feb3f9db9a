using DaskSharp.DataFrames.Plan.Expressions;

namespace DaskSharp.DataFrames;

/// <summary>
/// pandas' <c>Series.str</c>: string methods of a string series, each a new series of the same
/// frame. A null row stays null, tests included (pandas' nullable-bool answer; pandas' object
/// dtype gives NaN).
/// </summary>
public sealed class StringAccessor
{
    private readonly DaskSeries _series;

    internal StringAccessor(DaskSeries series) => _series = series;

    private DaskSeries Make(StringOperation op, string? pattern = null, bool regex = false, bool caseSensitive = true) =>
        _series.WithExpression(new StringMethod(op, _series.Expression, pattern, regex, caseSensitive));

    /// <summary>True where the string holds <paramref name="pattern"/>: a regular expression by default (as pandas), a plain substring with <paramref name="regex"/> false.</summary>
    public DaskSeries Contains(string pattern, bool regex = true, bool caseSensitive = true) => Make(StringOperation.Contains, pattern, regex, caseSensitive);

    /// <summary>True where the string starts with <paramref name="prefix"/>.</summary>
    public DaskSeries StartsWith(string prefix) => Make(StringOperation.StartsWith, prefix);

    /// <summary>True where the string ends with <paramref name="suffix"/>.</summary>
    public DaskSeries EndsWith(string suffix) => Make(StringOperation.EndsWith, suffix);

    /// <summary>Lower case.</summary>
    public DaskSeries Lower() => Make(StringOperation.Lower);

    /// <summary>Upper case.</summary>
    public DaskSeries Upper() => Make(StringOperation.Upper);

    /// <summary>Whitespace (or <paramref name="chars"/>) removed from both ends.</summary>
    public DaskSeries Strip(string? chars = null) => Make(StringOperation.Strip, chars);

    /// <summary>The length in characters (code points, as Python's <c>len</c>), int64.</summary>
    public DaskSeries Len() => Make(StringOperation.Len);
}
