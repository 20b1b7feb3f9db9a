using System.Globalization;
using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames.IO;

/// <summary>A row group's minimum, maximum and null count for one column, as its footer records them (Min/Max null when not recorded).</summary>
/// <param name="Min">The smallest value: a long, a double, a string or a bool.</param>
/// <param name="Max">The largest value, of Min's type.</param>
/// <param name="NullCount">How many rows are null.</param>
internal readonly record struct ColumnStatistics(object? Min, object? Max, long NullCount);

/// <summary>
/// <c>column op constant</c>, one conjunct of a filter, and whether a row group's statistics
/// leave room for a row that satisfies it. Comparisons follow the kernels': an integer column with
/// an integer constant as longs, otherwise as doubles; strings ordinally; a null row never matches.
/// </summary>
internal sealed record ParquetComparison(string Column, BinaryOperator Operator, object Value)
{
    /// <summary>The <c>column op constant</c> conjuncts of <paramref name="predicate"/>'s top-level <c>&amp;</c>s (others cannot be checked against statistics and are left out).</summary>
    public static IEnumerable<ParquetComparison> Conjuncts(ColumnExpr predicate) => predicate switch
    {
        Binary { Operator: BinaryOperator.And } b => Conjuncts(b.Left).Concat(Conjuncts(b.Right)),
        Binary { Right: Literal { Value: DateTime } } or Binary { Left: Literal { Value: DateTime } } => [], // timestamp statistics are not ordered against constants here (nor carried by the source's codec)
        Binary { Left: ColumnRef c, Right: Literal v } b when Kernels.ColumnKernels.IsComparison(b.Operator) => [new(c.Name, b.Operator, v.Value)],
        Binary { Left: Literal v, Right: ColumnRef c } b when Kernels.ColumnKernels.IsComparison(b.Operator) => [new(c.Name, Flip(b.Operator), v.Value)],
        _ => [],
    };

    /// <summary>The conjunct as an expression, for the filter over the rows.</summary>
    public ColumnExpr ToExpr() => new Binary(Operator, new ColumnRef(Column), new Literal(Value));

    /// <summary>False only when no row of a row group of <paramref name="rows"/> rows with <paramref name="stats"/> can satisfy the comparison.</summary>
    public bool CanMatch(ColumnStatistics stats, long rows)
    {
        if (stats.NullCount >= rows)
        {
            return false; // every row is null, and a null never satisfies a comparison
        }

        if (stats.Min is null || stats.Max is null)
        {
            return true;
        }

        int? low = Order(stats.Min), high = Order(stats.Max);
        if (low is not { } lo || high is not { } hi)
        {
            return true; // not comparable in the kernels' order: keep the row group
        }

        // lo = sign(min - value), hi = sign(max - value).
        return Operator switch
        {
            BinaryOperator.Equal => lo <= 0 && hi >= 0,
            BinaryOperator.NotEqual => !(lo == 0 && hi == 0) || stats.Min is double, // NaN is != everything and is left out of float statistics
            BinaryOperator.Less => lo < 0,
            BinaryOperator.LessOrEqual => lo <= 0,
            BinaryOperator.Greater => hi > 0,
            _ => hi >= 0,
        };
    }

    /// <summary>The sign of <paramref name="bound"/> - <see cref="Value"/>, or null when they cannot be ordered as the kernels would.</summary>
    private int? Order(object bound) => (bound, Value) switch
    {
        (long b, long v) => Math.Sign(b.CompareTo(v)),
        (long b, double v) => Sign((double)b, v),
        (double b, long v) => Sign(b, v),
        (double b, double v) => Sign(b, v),
        (bool b, bool v) => b.CompareTo(v),

        // Statistics order UTF-8 bytes (code points); the kernels order UTF-16 units. The two agree below the surrogates.
        (string b, string v) when BelowSurrogates(b) && BelowSurrogates(v) => Math.Sign(string.CompareOrdinal(b, v)),
        _ => null,
    };

    private static int? Sign(double b, double v) => double.IsNaN(b) || double.IsNaN(v) ? null : Math.Sign(b.CompareTo(v));

    private static bool BelowSurrogates(string s)
    {
        foreach (char c in s)
        {
            if (c >= '\uD800')
            {
                return false;
            }
        }

        return true;
    }

    private static BinaryOperator Flip(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };

    /// <summary>As the plan prints it: <c>x > 5</c>.</summary>
    public override string ToString() => $"{Column} {Binary.Symbol(Operator)} {new Literal(Value)}";

    /// <summary>Dask's operator names ("==", "!=", "&lt;", "&lt;=", "&gt;", "&gt;="; "=" as pyarrow's alias of "==").</summary>
    public static BinaryOperator ParseOperator(string op) => op switch
    {
        "==" or "=" => BinaryOperator.Equal,
        "!=" => BinaryOperator.NotEqual,
        "<" => BinaryOperator.Less,
        "<=" => BinaryOperator.LessOrEqual,
        ">" => BinaryOperator.Greater,
        ">=" => BinaryOperator.GreaterOrEqual,
        _ => throw new ArgumentException($"'{op}' is not a filter operator; use one of ==, !=, <, <=, >, >=.", nameof(op)),
    };

    /// <summary>A filter constant as a literal's value (numbers, strings, bools).</summary>
    public static object ParseValue(string column, object? value) => value switch
    {
        int or long or short or sbyte or byte or ushort or uint => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        double or float => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
        string or bool => value,
        null => throw new ArgumentException($"The filter on '{column}' compares with null; a comparison with null is never true (filter on the column's values instead)."),
        _ => throw new ArgumentException($"The filter on '{column}' compares with a {value.GetType().Name}; filter values are numbers, strings or bools."),
    };
}
