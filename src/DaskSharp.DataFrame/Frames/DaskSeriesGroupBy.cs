using DaskSharp.DataFrames.Plan;

namespace DaskSharp.DataFrames;

/// <summary>
/// One column of a group-by (Dask's <c>SeriesGroupBy</c>): <c>df.GroupBy("name")["x"].Mean()</c>
/// is a series named "x", indexed by the key (for one key), one value a group.
/// </summary>
public sealed class DaskSeriesGroupBy
{
    private readonly DaskGroupBy _groups;
    private readonly string _column;

    internal DaskSeriesGroupBy(DaskGroupBy groups, string column)
    {
        _groups = groups;
        _column = column;
    }

    /// <summary>Sum per group.</summary>
    public DaskSeries Sum(int? splitOut = null) => One("sum", splitOut);

    /// <summary>Mean per group.</summary>
    public DaskSeries Mean(int? splitOut = null) => One("mean", splitOut);

    /// <summary>Non-null count per group.</summary>
    public DaskSeries Count(int? splitOut = null) => One("count", splitOut);

    /// <summary>Smallest value per group.</summary>
    public DaskSeries Min(int? splitOut = null) => One("min", splitOut);

    /// <summary>Largest value per group.</summary>
    public DaskSeries Max(int? splitOut = null) => One("max", splitOut);

    /// <summary>Sample variance per group.</summary>
    public DaskSeries Var(int? splitOut = null) => One("var", splitOut);

    /// <summary>Sample standard deviation per group.</summary>
    public DaskSeries Std(int? splitOut = null) => One("std", splitOut);

    /// <summary>First non-null value per group.</summary>
    public DaskSeries First(int? splitOut = null) => One("first", splitOut);

    /// <summary>Last non-null value per group.</summary>
    public DaskSeries Last(int? splitOut = null) => One("last", splitOut);

    /// <summary>Number of distinct non-null values per group.</summary>
    public DaskSeries NUnique(int? splitOut = null) => One("nunique", splitOut);

    /// <summary>Median per group.</summary>
    public DaskSeries Median(int? splitOut = null) => One("median", splitOut);

    /// <summary>Rows per group (nulls included), named after the column as Dask's series size is.</summary>
    public DaskSeries Size(int? splitOut = null) => Series(new Aggregation(null, "size", _column), splitOut);

    /// <summary>Several aggregations of the column: a frame with a column per aggregation, named by it ("sum", "mean").</summary>
    public DaskDataFrame Agg(params string[] hows) => Agg(hows, null);

    /// <summary>Several aggregations of the column, the result in <paramref name="splitOut"/> partitions.</summary>
    public DaskDataFrame Agg(string[] hows, int? splitOut)
    {
        ArgumentNullException.ThrowIfNull(hows);
        return new DaskDataFrame(_groups.Reduction([.. hows.Select(h => new Aggregation(_column, h, h))], splitOut));
    }

    private DaskSeries One(string how, int? splitOut) => Series(new Aggregation(_column, how, _column), splitOut);

    private DaskSeries Series(Aggregation aggregation, int? splitOut) =>
        new(_groups.Reduction([aggregation], splitOut), new ColumnRef(_column), _column);
}
