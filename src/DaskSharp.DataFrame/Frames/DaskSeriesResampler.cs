using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

/// <summary><c>series.Resample(rule)</c>: as <see cref="DaskResampler"/>, one column; a single aggregation is a series of the same name.</summary>
public sealed class DaskSeriesResampler
{
    private readonly FrameExpr _frame;
    private readonly string _name;
    private readonly string _rule;
    private readonly long _freq;

    internal DaskSeriesResampler(FrameExpr oneColumn, string name, string rule)
    {
        _frame = oneColumn;
        _name = name;
        _rule = rule;
        _freq = DaskResampler.Check(oneColumn, rule);
    }

    /// <summary>Several aggregations, a column each named after it (pandas' <c>agg(["sum", "mean"])</c>).</summary>
    public DaskDataFrame Agg(params string[] hows)
    {
        ArgumentNullException.ThrowIfNull(hows);
        return new DaskDataFrame(DaskResampler.Build(_frame, _rule, _freq, [.. hows.Select(h => new Aggregation(_name, h, h))]));
    }

    /// <summary>The sum per bin (0 for an empty bin).</summary>
    public DaskSeries Sum() => One("sum");

    /// <summary>The mean per bin.</summary>
    public DaskSeries Mean() => One("mean");

    /// <summary>The smallest value per bin.</summary>
    public DaskSeries Min() => One("min");

    /// <summary>The largest value per bin.</summary>
    public DaskSeries Max() => One("max");

    /// <summary>The non-null count per bin.</summary>
    public DaskSeries Count() => One("count");

    /// <summary>The first non-null value per bin.</summary>
    public DaskSeries First() => One("first");

    /// <summary>The last non-null value per bin.</summary>
    public DaskSeries Last() => One("last");

    private DaskSeries One(string how)
    {
        Resample r = DaskResampler.Build(_frame, _rule, _freq, [new Aggregation(_name, how, _name)]);
        return new DaskSeries(r, new ColumnRef(_name), _name);
    }
}
