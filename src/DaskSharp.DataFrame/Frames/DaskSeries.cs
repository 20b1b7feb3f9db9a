using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>
/// One column of a frame, lazily (Dask's <c>Series</c>): a frame's plan and an expression over its
/// columns. Arithmetic and comparisons make new expressions on the same frame, so
/// <c>df[df["x"] > 0]</c> is one filter, fused with whatever else runs per partition.
/// </summary>
#pragma warning disable CS0660, CS0661 // == builds an expression (pandas' elementwise ==), so Equals stays reference equality
public sealed partial class DaskSeries
#pragma warning restore CS0660, CS0661
{
    internal DaskSeries(FrameExpr frame, ColumnExpr expression, string name)
    {
        Frame = frame;
        Expression = expression;
        Name = name;
        _ = expression.ResultType(frame.Schema); // a type mismatch fails now, naming the expression
    }

    /// <summary>The frame the series is computed from.</summary>
    internal FrameExpr Frame { get; }

    /// <summary>The expression over its columns.</summary>
    public ColumnExpr Expression { get; }

    /// <summary>The series' name.</summary>
    public string Name { get; }

    /// <summary>pandas' dtype name.</summary>
    public string Dtype => DataFrames.Dtype.Name(Expression.ResultType(Frame.Schema));

    /// <summary>
    /// The expression, to be evaluated on <paramref name="frame"/>'s partitions: the series must come
    /// from that frame, or from one it was made from by assigning columns the expression does not
    /// read (<c>df.Assign("a", …).Assign("b", df["k"] / 2)</c>: the rows are the same).
    /// </summary>
    internal ColumnExpr SameFrame(FrameExpr frame, string what)
    {
        FrameExpr? at = frame;
        var reads = Expression.Columns.ToHashSet(StringComparer.Ordinal);
        while (at is not null)
        {
            if (ReferenceEquals(Frame, at) || Frame.Name == at.Name)
            {
                return Expression;
            }

            at = SameRowsBelow(at, reads);
        }

        throw new ArgumentException($"{what} takes a series of the same frame; {Name} comes from another ({Frame.Describe()}). Aligning different frames needs a join.");
    }

    private DaskSeries With(BinaryOperator op, DaskSeries other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Frame, new Binary(op, Expression, other.SameFrame(Frame, $"'{Binary.Symbol(op)}'")), Name);
    }

    private DaskSeries With(BinaryOperator op, object constant) => new(Frame, new Binary(op, Expression, new Literal(constant)), Name);

#pragma warning disable CS1591, CA2225 // operators named by their symbols, as pandas'
    public static DaskSeries operator +(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Add, b);
    public static DaskSeries operator -(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Subtract, b);
    public static DaskSeries operator *(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Multiply, b);
    public static DaskSeries operator /(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Divide, b);
    public static DaskSeries operator +(DaskSeries a, double b) => a.With(BinaryOperator.Add, b);
    public static DaskSeries operator -(DaskSeries a, double b) => a.With(BinaryOperator.Subtract, b);
    public static DaskSeries operator *(DaskSeries a, double b) => a.With(BinaryOperator.Multiply, b);
    public static DaskSeries operator /(DaskSeries a, double b) => a.With(BinaryOperator.Divide, b);
    public static DaskSeries operator +(DaskSeries a, long b) => a.With(BinaryOperator.Add, b);
    public static DaskSeries operator -(DaskSeries a, long b) => a.With(BinaryOperator.Subtract, b);
    public static DaskSeries operator *(DaskSeries a, long b) => a.With(BinaryOperator.Multiply, b);
    public static DaskSeries operator >(DaskSeries a, double b) => a.With(BinaryOperator.Greater, b);
    public static DaskSeries operator <(DaskSeries a, double b) => a.With(BinaryOperator.Less, b);
    public static DaskSeries operator >=(DaskSeries a, double b) => a.With(BinaryOperator.GreaterOrEqual, b);
    public static DaskSeries operator <=(DaskSeries a, double b) => a.With(BinaryOperator.LessOrEqual, b);
    public static DaskSeries operator >(DaskSeries a, long b) => a.With(BinaryOperator.Greater, b);
    public static DaskSeries operator <(DaskSeries a, long b) => a.With(BinaryOperator.Less, b);
    public static DaskSeries operator >=(DaskSeries a, long b) => a.With(BinaryOperator.GreaterOrEqual, b);
    public static DaskSeries operator <=(DaskSeries a, long b) => a.With(BinaryOperator.LessOrEqual, b);
    public static DaskSeries operator >(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Greater, b);
    public static DaskSeries operator <(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Less, b);
    public static DaskSeries operator >=(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.GreaterOrEqual, b);
    public static DaskSeries operator <=(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.LessOrEqual, b);
    public static DaskSeries operator ==(DaskSeries a, string b) => a.With(BinaryOperator.Equal, b);
    public static DaskSeries operator !=(DaskSeries a, string b) => a.With(BinaryOperator.NotEqual, b);
    public static DaskSeries operator ==(DaskSeries a, long b) => a.With(BinaryOperator.Equal, b);
    public static DaskSeries operator !=(DaskSeries a, long b) => a.With(BinaryOperator.NotEqual, b);
    public static DaskSeries operator ==(DaskSeries a, double b) => a.With(BinaryOperator.Equal, b);
    public static DaskSeries operator !=(DaskSeries a, double b) => a.With(BinaryOperator.NotEqual, b);
    public static DaskSeries operator ==(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Equal, b);
    public static DaskSeries operator !=(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.NotEqual, b);
    public static DaskSeries operator &(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.And, b);
    public static DaskSeries operator |(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Or, b);
    public static DaskSeries operator !(DaskSeries a) => new(a.Frame, new Not(a.Expression), a.Name);
    public static DaskSeries operator ~(DaskSeries a) => !a;
#pragma warning restore CS1591, CA2225

    /// <summary>Sum of the non-null values.</summary>
    public FrameScalar Sum() => Reduce("sum");

    /// <summary>Mean of the non-null values.</summary>
    public FrameScalar Mean() => Reduce("mean");

    /// <summary>Number of non-null values.</summary>
    public FrameScalar Count() => Reduce("count");

    /// <summary>Smallest value.</summary>
    public FrameScalar Min() => Reduce("min");

    /// <summary>Largest value.</summary>
    public FrameScalar Max() => Reduce("max");

    /// <summary>Sample variance (ddof = 1), as pandas.</summary>
    public FrameScalar Var() => Reduce("var");

    /// <summary>Sample standard deviation (ddof = 1), as pandas.</summary>
    public FrameScalar Std() => Reduce("std");

    private FrameScalar Reduce(string how)
    {
        string column = Expression is ColumnRef r ? r.Name : Name;
        return new FrameScalar(new Reduce(OneColumn(), new AggregationPlan([], [new Aggregation(column, how, Name)])), Name);
    }

    /// <summary>The series as a one-column frame.</summary>
    public DaskDataFrame ToFrame() => new(OneColumn());

    // A column as it is, or the expression assigned under the series' name, alone.
    internal Projection OneColumn() =>
        Expression is ColumnRef c ? new Projection(Frame, [c.Name]) : new Projection(new Plan.Operators.Assign(Frame, Name, Expression), [Name]);

    /// <summary>Computes the series' values (as a one-column frame).</summary>
    public LocalFrame Compute(string? scheduler = null, CancellationToken cancellationToken = default) => ToFrame().Compute(scheduler, cancellationToken);
}
