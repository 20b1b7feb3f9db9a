using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Lazy frames and series print as Dask (dask-expr) prints them. The tables are pandas' own
/// <c>to_string(max_rows=5)</c> and <c>to_html(max_rows=5)</c> of Dask's <c>_repr_data</c> frame
/// for the same columns and divisions (made with /usr/bin/python3's pandas and pasted here).
/// </summary>
public sealed class FrameDisplayTests
{
    private const string TimeseriesText = "                   id    name        x        y\nnpartitions=30                                 \n2000-01-01      int64  string  float64  float64\n2000-01-02        ...     ...      ...      ...\n...               ...     ...      ...      ...\n2000-01-30        ...     ...      ...      ...\n2000-01-31        ...     ...      ...      ...";
    private const string TimeseriesHtml = "<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>id</th>\n      <th>name</th>\n      <th>x</th>\n      <th>y</th>\n    </tr>\n    <tr>\n      <th>npartitions=30</th>\n      <th></th>\n      <th></th>\n      <th></th>\n      <th></th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th>2000-01-01</th>\n      <td>int64</td>\n      <td>string</td>\n      <td>float64</td>\n      <td>float64</td>\n    </tr>\n    <tr>\n      <th>2000-01-02</th>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n    <tr>\n      <th>...</th>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n    <tr>\n      <th>2000-01-30</th>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n    <tr>\n      <th>2000-01-31</th>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n  </tbody>\n</table>";
    private const string HourlyText = "                        id    name        x        y\nnpartitions=8                                       \n2000-01-01 00:00:00  int64  string  float64  float64\n2000-01-01 06:00:00    ...     ...      ...      ...\n...                    ...     ...      ...      ...\n2000-01-02 18:00:00    ...     ...      ...      ...\n2000-01-03 00:00:00    ...     ...      ...      ...";
    private const string UnknownText = "                   k        v       s\nnpartitions=3                        \n               int64  float64  string\n                 ...      ...     ...\n                 ...      ...     ...\n                 ...      ...     ...";
    private const string UnknownHtml = "<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>k</th>\n      <th>v</th>\n      <th>s</th>\n    </tr>\n    <tr>\n      <th>npartitions=3</th>\n      <th></th>\n      <th></th>\n      <th></th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th></th>\n      <td>int64</td>\n      <td>float64</td>\n      <td>string</td>\n    </tr>\n    <tr>\n      <th></th>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n    <tr>\n      <th></th>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n    <tr>\n      <th></th>\n      <td>...</td>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n  </tbody>\n</table>";
    private const string RangeText = "                   k        v       s\nnpartitions=3                        \n0              int64  float64  string\n4                ...      ...     ...\n7                ...      ...     ...\n9                ...      ...     ...";
    private const string SeriesDaysText = "npartitions=30\n2000-01-01    float64\n2000-01-02        ...\n               ...   \n2000-01-30        ...\n2000-01-31        ...";
    private const string SeriesUnknownText = "npartitions=3\n    int64\n      ...\n      ...\n      ...";
    private const string SeriesRangeText = "npartitions=3\n0    int64\n4      ...\n7      ...\n9      ...";
    private const string EscapedHtml = "<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: right;\">\n      <th></th>\n      <th>a&lt;b</th>\n      <th>c&amp;d</th>\n    </tr>\n    <tr>\n      <th>npartitions=2</th>\n      <th></th>\n      <th></th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th>0</th>\n      <td>int64</td>\n      <td>string</td>\n    </tr>\n    <tr>\n      <th>1</th>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n    <tr>\n      <th>1</th>\n      <td>...</td>\n      <td>...</td>\n    </tr>\n  </tbody>\n</table>";
    private const string EscapedText = "                 a<b     c&d\nnpartitions=2               \n0              int64  string\n1                ...     ...\n1                ...     ...";
    private const string LongNameText = "              a_rather_long_column_name      b\nnpartitions=2                                 \n0                                  bool  int32\n1                                   ...    ...\n1                                   ...    ...";


    private static DaskDataFrame WithDivisions(IReadOnlyList<object> divisions, params (string Name, IArrowType Type)[] columns)
    {
        var schema = new Schema([.. columns.Select(c => new Field(c.Name, c.Type, true))], null);
        Partition Empty() => Partition.Empty(new FrameSchema(schema));
        return new DaskDataFrame(new FromPartitions([.. Enumerable.Range(0, divisions.Count - 1).Select(_ => Empty())], divisions));
    }

    [Fact]
    public void Timeseries_PrintsAsDasksDefaultTimeseries()
    {
        DaskDataFrame df = Dd.Datasets.Timeseries();
        Assert.Equal($"Dask DataFrame Structure:\n{TimeseriesText}\nDask Name: timeseries, 1 expression", df.ToString());
        Assert.Equal($"<div><strong>Dask DataFrame Structure:</strong></div>\n{TimeseriesHtml}\n<div>Dask Name: timeseries, 1 expression</div>", df.ToHtml());
    }

    [Fact]
    public void DivisionsWithTimes_ShowTheTimes() =>
        Assert.Equal($"Dask DataFrame Structure:\n{HourlyText}\nDask Name: timeseries, 1 expression", FrameCases.Hourly().ToString());

    [Fact]
    public void UnknownDivisions_AreBlank()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        Assert.Equal($"Dask DataFrame Structure:\n{UnknownText}\nDask Name: from-arrow, 1 expression", df.ToString());
        Assert.Equal($"<div><strong>Dask DataFrame Structure:</strong></div>\n{UnknownHtml}\n<div>Dask Name: from-arrow, 1 expression</div>", df.ToHtml());
    }

    [Fact]
    public void Operations_NameTheLastAndCountTheDistinctExpressions()
    {
        DaskDataFrame df = FrameCases.WithNulls();
        DaskDataFrame filtered = df[df["v"] > 0.0];
        Assert.Equal($"Dask DataFrame Structure:\n{UnknownText}\nDask Name: filter, 2 expressions", filtered.ToString());
        Assert.EndsWith("\nDask Name: projection, 3 expressions", filtered["k", "v"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NamesAndValues_AreEscapedInHtml_AndWideNamesWidenTheirColumn()
    {
        DaskDataFrame df = WithDivisions([0L, 1L, 1L], ("a<b", Int64Type.Default), ("c&d", StringType.Default));
        Assert.Equal($"Dask DataFrame Structure:\n{EscapedText}\nDask Name: from-arrow, 1 expression", df.ToString());
        Assert.Equal($"<div><strong>Dask DataFrame Structure:</strong></div>\n{EscapedHtml}\n<div>Dask Name: from-arrow, 1 expression</div>", df.ToHtml());
        DaskDataFrame wide = WithDivisions([0L, 1L, 1L], ("a_rather_long_column_name", BooleanType.Default), ("b", Int32Type.Default));
        Assert.Equal($"Dask DataFrame Structure:\n{LongNameText}\nDask Name: from-arrow, 1 expression", wide.ToString());
    }

    [Fact]
    public void Series_PrintsAsDasksSeries()
    {
        Assert.Equal($"Dask Series Structure:\n{SeriesDaysText}\nDask Name: projection, 2 expressions", Dd.Datasets.Timeseries()["x"].ToString());
        Assert.Equal($"Dask Series Structure:\n{SeriesUnknownText}\nDask Name: projection, 2 expressions", FrameCases.WithNulls()["k"].ToString());
        DaskDataFrame known = WithDivisions([0L, 4L, 7L, 9L], ("k", Int64Type.Default));
        Assert.Equal($"Dask Series Structure:\n{SeriesRangeText}\nDask Name: projection, 2 expressions", known["k"].ToString());
    }

    [Fact]
    public void KnownIntegerDivisions_LabelTheRows() =>
        Assert.Equal(
            $"Dask DataFrame Structure:\n{RangeText}\nDask Name: from-arrow, 1 expression",
            WithDivisions([0L, 4L, 7L, 9L], ("k", Int64Type.Default), ("v", DoubleType.Default), ("s", StringType.Default)).ToString());

    [Fact]
    public void NoColumns_PrintAsDasksEmptyStructure()
    {
        // pandas' to_string of Dask's empty _repr_data, Index read as Divisions.
        DaskDataFrame days = Dd.Datasets.Timeseries("2000-01-01", "2000-01-04", seed: 1)[System.Array.Empty<string>()];
        Assert.Equal("Empty Dask DataFrame Structure:\nColumns: []\nDivisions: [2000-01-01 00:00:00, 2000-01-02 00:00:00, 2000-01-03 00:00:00, 2000-01-04 00:00:00]\nDask Name: projection, 2 expressions", days.ToString());
        Assert.Equal("Empty Dask DataFrame Structure:\nColumns: []\nDivisions: [, , , ]\nDask Name: projection, 2 expressions", FrameCases.WithNulls()[System.Array.Empty<string>()].ToString());
        string many = WithDivisions([.. Enumerable.Range(0, 200).Select(i => (object)(long)i)], ("k", Int64Type.Default))[System.Array.Empty<string>()].ToString();
        Assert.Contains("Divisions: [0, 1, 2, ", many, StringComparison.Ordinal);
        Assert.Contains(", 98, 99, ...]\n", many, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeseries_HasDasksDefaults_AndARandomSeedUnlessOneIsGiven()
    {
        var a = (DaskSharp.DataFrames.Datasets.Timeseries)Dd.Datasets.Timeseries().Plan;
        var b = (DaskSharp.DataFrames.Datasets.Timeseries)Dd.Datasets.Timeseries().Plan;
        Assert.Equal((new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 31, 0, 0, 0, DateTimeKind.Utc)), (a.Start, a.End));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)), (a.Freq, a.PartitionFreq));
        Assert.Equal(["id", "name", "x", "y"], a.Columns);
        Assert.NotEqual(a.Seed, b.Seed); // two draws from 2e9 seeds; equal once in 2e9 runs
        Assert.Equal(5, ((DaskSharp.DataFrames.Datasets.Timeseries)Dd.Datasets.Timeseries(seed: 5).Plan).Seed);
    }
}
