using DaskSharp.DataFrames.Plan.Operators;
using DaskSharp.DataFrames.Plan.Query;

namespace DaskSharp.DataFrames;

// df.Query: pandas' query strings, parsed into one filter.
public sealed partial class DaskDataFrame
{
    /// <summary>
    /// The rows where <paramref name="expr"/> holds (pandas' and Dask's <c>df.query</c>): one
    /// <see cref="Plan.Operators.Filter"/>, so it fuses and is pushed down as <c>df[mask]</c> is. When
    /// comparisons of the index with constants are anded at its top and the divisions are known, only
    /// the partitions that may hold such rows are read (a <see cref="Plan.Operators.Loc"/> over the filter).
    /// </summary>
    /// <param name="expr">
    /// Comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>, chained as <c>0 &lt; x &lt; 1</c>), arithmetic
    /// (<c>+ - * /</c>), <c>and</c>/<c>&amp;</c>, <c>or</c>/<c>|</c>, <c>not</c>/<c>~</c>, parentheses, int,
    /// float, 'string' and True/False literals, columns by name or `backtick quoted`, and
    /// <c>index</c> for the index. <c>x in [a, b]</c> and <c>x not in (a, b)</c> are pandas' isin, as are
    /// <c>==</c> and <c>!=</c> with a list; a string compared with a datetime column or index is the
    /// timestamp at the start of what it names (<c>"timestamp &gt; '2000-01-03'"</c>). Function calls,
    /// <c>is</c> and <c>@</c> variables are not supported yet.
    /// </param>
    /// <example><c>df.Query("x > 0.5 and name in ['Alice', 'Bob']")</c></example>
    /// <exception cref="FormatException">for a syntax error, naming where and the query.</exception>
    /// <exception cref="KeyNotFoundException">for an unknown column, naming the nearest.</exception>
    /// <exception cref="ArgumentException">when the condition is not bool, types do not fit (a list item the column, say), or a string is not a date.</exception>
    public DaskDataFrame Query(string expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        Plan.ColumnExpr predicate = QueryParser.Parse(expr, Plan.Schema);
        Apache.Arrow.Types.IArrowType type = predicate.ResultType(Plan.Schema);
        if (type is not Apache.Arrow.Types.BooleanType)
        {
            throw new ArgumentException($"The query '{expr}' is {predicate}, of dtype {Dtype.Name(type)}; a query must be a bool condition.", nameof(expr));
        }

        var filter = new Filter(Plan, predicate);

        // Comparisons of the index with constants bound it: with known divisions, read only the partitions
        // they may hold, as Loc does (Dask's query reads every partition; the rows are the same). The Loc goes
        // above the filter, which keeps its input's divisions, so the filter still reaches a source.
        (object? lower, object? upper) = Plan.Divisions is null ? (null, null) : QueryIndexBounds.Of(predicate, Plan.Schema);
        return new DaskDataFrame(lower is null && upper is null ? filter : new Loc(filter, lower, upper));
    }
}
