using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Expressions;

namespace DaskSharp.DataFrames;

/// <summary>The column-level operations of a series (pandas' <c>isna</c>, <c>fillna</c>, <c>where</c>, <c>astype</c>, … and the <c>.str</c>/<c>.dt</c> accessors); each is one more expression, so it fuses with whatever else runs per partition.</summary>
#pragma warning disable CS0660, CS0661 // == builds an expression, as in DaskSeries.cs
public sealed partial class DaskSeries
#pragma warning restore CS0660, CS0661
{
    private DaskSeries Derived(ColumnExpr expression) => new(Frame, expression, Name);

    /// <summary>True where a row is missing: null, or NaN in a float column (never null itself).</summary>
    public DaskSeries IsNa() => Derived(new IsNa(Expression, missing: true));

    /// <summary>True where a row holds a value (the opposite of <see cref="IsNa"/>).</summary>
    public DaskSeries NotNa() => Derived(new IsNa(Expression, missing: false));

    /// <summary>pandas' alias of <see cref="IsNa"/>.</summary>
    public DaskSeries IsNull() => IsNa();

    /// <summary>pandas' alias of <see cref="NotNa"/>.</summary>
    public DaskSeries NotNull() => NotNa();

    /// <summary>
    /// Missing rows set to <paramref name="value"/>: a number for a numeric column (an int column
    /// stays int with an integer, becomes float64 with a float), a string, a bool or a
    /// <see cref="DateTime"/> for those columns.
    /// </summary>
    /// <exception cref="ArgumentException">when the value does not fit the column, naming both types.</exception>
    public DaskSeries FillNa(object value) => Derived(new FillNa(Expression, new Literal(value)));

    /// <summary>
    /// pandas' <c>where</c>: the values where <paramref name="condition"/> (a bool series of the same
    /// frame) is true, elsewhere <paramref name="other"/> — a series of the same frame, a constant, or
    /// null for a missing value. A null condition counts as false.
    /// </summary>
    public DaskSeries Where(DaskSeries condition, object? other = null) => Conditional(condition, other, mask: false);

    /// <summary>pandas' <c>mask</c>: the opposite of <see cref="Where"/>, the values replaced where <paramref name="condition"/> is true.</summary>
    public DaskSeries Mask(DaskSeries condition, object? other = null) => Conditional(condition, other, mask: true);

    private DaskSeries Conditional(DaskSeries condition, object? other, bool mask)
    {
        ArgumentNullException.ThrowIfNull(condition);
        string what = mask ? "mask" : "where";
        ColumnExpr? replacement = other switch
        {
            null => null,
            DaskSeries s => s.SameFrame(Frame, what),
            var constant => new Literal(constant),
        };
        return Derived(new WhereMask(Expression, condition.SameFrame(Frame, what), replacement, mask));
    }

    /// <summary>True where <paramref name="left"/> ≤ value ≤ <paramref name="right"/>; <paramref name="inclusive"/> is "both", "neither", "left" or "right". A missing row is false.</summary>
    public DaskSeries Between(object left, object right, string inclusive = "both") =>
        Derived(new Between(Expression, new Literal(left), new Literal(right), inclusive));

    /// <summary>True where the value is one of <paramref name="values"/> (numbers, strings, bools or <see cref="DateTime"/>s, or one array or list of them); a missing row is false.</summary>
    public DaskSeries IsIn(params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);

        // IsIn(new[] { 1L, 2L }) binds here with one argument, the array: its elements are meant.
        return values is [System.Collections.IEnumerable list and not string]
            ? Derived(new IsIn(Expression, list.Cast<object>()))
            : Derived(new IsIn(Expression, values));
    }

    /// <summary>True where the value is one of <paramref name="values"/> (a list of strings, say).</summary>
    public DaskSeries IsIn(IEnumerable<object> values) => Derived(new IsIn(Expression, values));

    /// <summary>
    /// The values converted to pandas' <paramref name="dtype"/>: "int64", "int32" (a null fails;
    /// "Int64"/"Int32" keep nulls), "float64", "float32", "bool", "string", "datetime64[ns]". A value
    /// that does not convert fails at compute, naming the column, the row and the value.
    /// </summary>
    public DaskSeries AsType(string dtype) => Derived(new AsType(Expression, dtype));

    /// <summary>The absolute values, of the same type.</summary>
    public DaskSeries Abs() => Derived(new UnaryMath(UnaryMathOperator.Abs, Expression));

    /// <summary>numpy's rounding (half to even) to <paramref name="decimals"/> places; negative rounds to tens, hundreds, ….</summary>
    public DaskSeries Round(int decimals = 0) => Derived(new Round(Expression, decimals));

    /// <summary>Floor division (Python's and pandas' <c>//</c>): the quotient rounded toward minus infinity.</summary>
    public DaskSeries FloorDiv(DaskSeries other) => With(BinaryOperator.FloorDivide, other);

    /// <summary>Floor division by a constant.</summary>
    public DaskSeries FloorDiv(long other) => With(BinaryOperator.FloorDivide, other);

    /// <summary>Floor division by a constant.</summary>
    public DaskSeries FloorDiv(double other) => With(BinaryOperator.FloorDivide, other);

    /// <summary>The string methods (pandas' <c>.str</c>).</summary>
    public StringAccessor Str => new(this);

    /// <summary>The datetime fields (pandas' <c>.dt</c>).</summary>
    public DatetimeAccessor Dt => new(this);

    /// <summary>
    /// The input of <paramref name="at"/> when a series reading <paramref name="reads"/> has the same
    /// rows and values on both: an assign or a map of columns it does not read, a projection keeping
    /// all it reads, a rename of none of them; else null.
    /// </summary>
    private static FrameExpr? SameRowsBelow(FrameExpr at, HashSet<string> reads) => at switch
    {
        Plan.Operators.Assign a when !reads.Contains(a.Column) => a.Input,
        Plan.Operators.MapColumns m when !m.Values.Any(v => reads.Contains(v.Column)) => m.Input,
        Plan.Operators.Projection p when reads.All(p.Schema.Has) => p.Input,
        Plan.Operators.Rename r when !r.Names.Any(n => reads.Contains(n.From) || reads.Contains(n.To)) => r.Input,
        _ => null,
    };

    internal DaskSeries WithExpression(ColumnExpr expression) => Derived(expression);

    private DaskSeries WithLeft(BinaryOperator op, object constant) => Derived(new Binary(op, new Literal(constant), Expression));

#pragma warning disable CS1591, CA2225 // operators named by their symbols, as pandas'
    public static DaskSeries operator -(DaskSeries a) => a.Derived(new UnaryMath(UnaryMathOperator.Negate, a.Expression));
    public static DaskSeries operator %(DaskSeries a, DaskSeries b) => a.With(BinaryOperator.Modulo, b);
    public static DaskSeries operator %(DaskSeries a, long b) => a.With(BinaryOperator.Modulo, b);
    public static DaskSeries operator %(DaskSeries a, double b) => a.With(BinaryOperator.Modulo, b);
    public static DaskSeries operator /(DaskSeries a, long b) => a.With(BinaryOperator.Divide, b);
    public static DaskSeries operator +(long a, DaskSeries b) => b.WithLeft(BinaryOperator.Add, a);
    public static DaskSeries operator -(long a, DaskSeries b) => b.WithLeft(BinaryOperator.Subtract, a);
    public static DaskSeries operator *(long a, DaskSeries b) => b.WithLeft(BinaryOperator.Multiply, a);
    public static DaskSeries operator /(long a, DaskSeries b) => b.WithLeft(BinaryOperator.Divide, a);
    public static DaskSeries operator +(double a, DaskSeries b) => b.WithLeft(BinaryOperator.Add, a);
    public static DaskSeries operator -(double a, DaskSeries b) => b.WithLeft(BinaryOperator.Subtract, a);
    public static DaskSeries operator *(double a, DaskSeries b) => b.WithLeft(BinaryOperator.Multiply, a);
    public static DaskSeries operator /(double a, DaskSeries b) => b.WithLeft(BinaryOperator.Divide, a);
    public static DaskSeries operator ==(DaskSeries a, bool b) => a.With(BinaryOperator.Equal, b);
    public static DaskSeries operator !=(DaskSeries a, bool b) => a.With(BinaryOperator.NotEqual, b);
    public static DaskSeries operator >(DaskSeries a, DateTime b) => a.With(BinaryOperator.Greater, b);
    public static DaskSeries operator <(DaskSeries a, DateTime b) => a.With(BinaryOperator.Less, b);
    public static DaskSeries operator >=(DaskSeries a, DateTime b) => a.With(BinaryOperator.GreaterOrEqual, b);
    public static DaskSeries operator <=(DaskSeries a, DateTime b) => a.With(BinaryOperator.LessOrEqual, b);
    public static DaskSeries operator ==(DaskSeries a, DateTime b) => a.With(BinaryOperator.Equal, b);
    public static DaskSeries operator !=(DaskSeries a, DateTime b) => a.With(BinaryOperator.NotEqual, b);
    public static DaskSeries operator >(DaskSeries a, string b) => a.With(BinaryOperator.Greater, b);
    public static DaskSeries operator <(DaskSeries a, string b) => a.With(BinaryOperator.Less, b);
    public static DaskSeries operator >=(DaskSeries a, string b) => a.With(BinaryOperator.GreaterOrEqual, b);
    public static DaskSeries operator <=(DaskSeries a, string b) => a.With(BinaryOperator.LessOrEqual, b);
#pragma warning restore CS1591, CA2225
}
