using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Expressions;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary>Frame-wide column operations (pandas' <c>fillna</c>, <c>isna</c>, <c>dropna</c>, <c>drop</c>, <c>rename</c>, <c>astype</c>, <c>where</c>, <c>mask</c>), all per partition.</summary>
public sealed partial class DaskDataFrame
{
    private DaskDataFrame Map(string label, IEnumerable<(string Column, ColumnExpr Value)> columns)
    {
        (string, ColumnExpr)[] values = [.. columns];
        return values.Length == 0 ? this : new DaskDataFrame(new MapColumns(Plan, label, values));
    }

    /// <summary>
    /// Missing values (null, NaN) of every column <paramref name="value"/> fits set to it (an int or a
    /// float for numeric columns, a string for string columns, …); other columns are left as they are
    /// (pandas would make them object columns of mixed values).
    /// </summary>
    public DaskDataFrame FillNa(object value)
    {
        var fill = new Literal(value);
        return Map("FillNa", Columns.Where(c => NullKernels.FillType(Plan.Schema.TypeOf(c), fill.Value) is not null).Select(c => (c, (ColumnExpr)new FillNa(new ColumnRef(c), fill))));
    }

    /// <summary>Missing values of each named column set to its value.</summary>
    /// <exception cref="KeyNotFoundException">for a column the frame lacks, naming the nearest.</exception>
    /// <exception cref="ArgumentException">when a value does not fit its column, naming both types.</exception>
    public DaskDataFrame FillNa(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Map("FillNa", values.Select(kv => (DataColumn(kv.Key), (ColumnExpr)new FillNa(new ColumnRef(kv.Key), new Literal(kv.Value)))));
    }

    /// <summary>Every column as bool: true where missing (null, or NaN in a float column).</summary>
    public DaskDataFrame IsNa() => Map("IsNa", Columns.Select(c => (c, (ColumnExpr)new IsNa(new ColumnRef(c), missing: true))));

    /// <summary>Every column as bool: true where a value is present.</summary>
    public DaskDataFrame NotNa() => Map("NotNa", Columns.Select(c => (c, (ColumnExpr)new IsNa(new ColumnRef(c), missing: false))));

    /// <summary>
    /// The rows without missing values: <paramref name="how"/> "any" drops a row missing any of
    /// <paramref name="subset"/> (default: every column), "all" only a row missing all of them.
    /// </summary>
    /// <exception cref="ArgumentException">for a <paramref name="how"/> other than "any" and "all".</exception>
    public DaskDataFrame DropNa(string how = "any", IReadOnlyList<string>? subset = null)
    {
        if (how is not ("any" or "all"))
        {
            throw new ArgumentException($"how must be 'any' or 'all', not '{how}'.", nameof(how));
        }

        IReadOnlyList<string> columns = subset ?? Columns;
        ColumnExpr? keep = null;
        foreach (string c in columns)
        {
            ColumnExpr present = new IsNa(new ColumnRef(DataColumn(c)), missing: false);
            keep = keep is null ? present : new Binary(how == "any" ? BinaryOperator.And : BinaryOperator.Or, keep, present);
        }

        return keep is null ? this : new DaskDataFrame(new Filter(Plan, keep));
    }

    /// <summary>The frame without <paramref name="columns"/>.</summary>
    /// <exception cref="KeyNotFoundException">for a column the frame lacks, naming the nearest.</exception>
    public DaskDataFrame Drop(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        foreach (string c in columns)
        {
            dropped.Add(DataColumn(c));
        }

        return new DaskDataFrame(new Projection(Plan, [.. Columns.Where(c => !dropped.Contains(c))]));
    }

    /// <summary>
    /// Columns (or the index) renamed, old name to new. A name the frame lacks is ignored, as pandas'
    /// default; <paramref name="errors"/> "raise" refuses it instead, naming the nearest columns.
    /// </summary>
    /// <exception cref="ArgumentException">when two columns would share a name, or <paramref name="errors"/> is not "ignore" or "raise".</exception>
    public DaskDataFrame Rename(IReadOnlyDictionary<string, string> columns, string errors = "ignore")
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (errors is not ("ignore" or "raise"))
        {
            throw new ArgumentException($"errors must be 'ignore' or 'raise', not '{errors}'.", nameof(errors));
        }

        (string, string)[] names = [.. columns.Where(kv => errors == "ignore" || Plan.Schema.Ordinal(kv.Key) >= 0).Select(kv => (kv.Key, kv.Value))];
        return new DaskDataFrame(new Rename(Plan, names));
    }

    /// <summary>Each named column converted to its pandas dtype ("int64", "float64", "string", …; see <see cref="DaskSeries.AsType"/>).</summary>
    /// <exception cref="KeyNotFoundException">for a column the frame lacks.</exception>
    /// <exception cref="ArgumentException">for an unknown dtype, or a column that cannot convert to it.</exception>
    public DaskDataFrame AsType(IReadOnlyDictionary<string, string> dtypes)
    {
        ArgumentNullException.ThrowIfNull(dtypes);
        return Map("AsType", dtypes.Select(kv => (DataColumn(kv.Key), (ColumnExpr)new AsType(new ColumnRef(kv.Key), kv.Value))));
    }

    /// <summary>Every column converted to <paramref name="dtype"/>.</summary>
    public DaskDataFrame AsType(string dtype) => Map("AsType", Columns.Select(c => (c, (ColumnExpr)new AsType(new ColumnRef(c), dtype))));

    /// <summary>Every column's values where <paramref name="condition"/> (a bool series of this frame) is true, elsewhere <paramref name="other"/> (a constant, or null for missing).</summary>
    public DaskDataFrame Where(DaskSeries condition, object? other = null) => Conditional(condition, other, mask: false);

    /// <summary>Every column's values where <paramref name="condition"/> is false, elsewhere <paramref name="other"/>.</summary>
    public DaskDataFrame Mask(DaskSeries condition, object? other = null) => Conditional(condition, other, mask: true);

    private DaskDataFrame Conditional(DaskSeries condition, object? other, bool mask)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ColumnExpr cond = condition.SameFrame(Plan, mask ? "mask" : "where");
        Literal? constant = other is null ? null : new Literal(other);
        return Map(mask ? "Mask" : "Where", Columns.Select(c => (c, (ColumnExpr)new WhereMask(new ColumnRef(c), cond, constant, mask))));
    }

    // A data column's name, checked: a missing one names its nearest; the index is not a data column.
    private string DataColumn(string name)
    {
        _ = Plan.Schema.Ordinal(name);
        return name != Plan.Schema.Index ? name : throw new ArgumentException($"'{name}' is the index, not a column; the columns are {string.Join(", ", Columns.Select(c => $"'{c}'"))}.", nameof(name));
    }
}
