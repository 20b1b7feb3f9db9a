using Apache.Arrow;
using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Plan.Query;

/// <summary>
/// A list <c>[a, b]</c> or tuple <c>(a, b)</c> of literals in a query. Only <c>in</c>, <c>not in</c>,
/// <c>==</c> and <c>!=</c> take one (pandas' isin); the parser turns each such comparison into an
/// <see cref="Expressions.IsIn"/>, so a list never reaches a plan, and one left anywhere else fails
/// the parser's type check with this type's message.
/// </summary>
/// <param name="values">The items: long, double, string or bool, and null for None.</param>
/// <param name="position">Where the list starts in the query.</param>
internal sealed class ListLiteral(IReadOnlyList<object?> values, int position) : ColumnExpr
{
    /// <summary>The items; null for None.</summary>
    public IReadOnlyList<object?> Values { get; } = values;

    /// <summary>Where the list starts in the query.</summary>
    public int Position { get; } = position;

    /// <inheritdoc/>
    public override IEnumerable<string> Columns => [];

    /// <inheritdoc/>
    public override IArrowType ResultType(FrameSchema schema) =>
        throw new ArgumentException($"The list {this} (at {Position}) can only be compared with 'in', 'not in', '==' or '!='.");

    /// <inheritdoc/>
    public override IArrowArray Evaluate(Partition partition) =>
        throw new InvalidOperationException($"The query list {this} is not a column; the parser turns it into isin.");

    /// <inheritdoc/>
    public override string ToString() => $"[{string.Join(", ", Values.Select(v => v is null ? "None" : new Literal(v).ToString()))}]";
}
