using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Mistakes get an error that names the problem, when the operation is written, not at compute.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void AMissingColumn_IsNamed_WithTheNearestColumnsOffered()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => FrameCases.Hourly()["nmae"]);
        Assert.Equal("Column 'nmae' not found; the columns are 'timestamp', 'id', 'name', 'x', 'y'. Did you mean 'name'?", e.Message);
        Assert.Throws<KeyNotFoundException>(() => FrameCases.Hourly().GroupBy("nam"));
        Assert.Throws<KeyNotFoundException>(() => FrameCases.Hourly().GroupBy("name").Agg(("z", "sum")));
    }

    [Fact]
    public void ATypeMismatchInAnExpression_NamesTheExpressionAndBothTypes()
    {
        DaskDataFrame df = FrameCases.Hourly();
        var e = Assert.Throws<ArgumentException>(() => df[df["name"] > 1.0]);
        Assert.Equal("Cannot apply '>' to string and float64 in (name > 1).", e.Message);
        var notBool = Assert.Throws<ArgumentException>(() => df[df["x"] + 1.0]);
        Assert.StartsWith("A filter needs a bool condition; (x + 1) is float64.", notBool.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownAggregation_ListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().GroupBy("name").Agg(("x", "average")));
        Assert.StartsWith("Unknown aggregation 'average'; the known ones are sum, mean, count, min, max, size, var, std, first, last, nunique, median, quantile:<q>.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASeriesOfAnotherFrame_IsRefusedAsAFilter_SayingAJoinIsNeeded()
    {
        DaskDataFrame a = FrameCases.Hourly(), b = FrameCases.WithNulls();
        var e = Assert.Throws<ArgumentException>(() => a[b["v"] > 0.0]);
        Assert.Contains("Aligning different frames needs a join", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImpossibleDatasetParameters_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => Dd.Datasets.Timeseries("2000-01-02", "2000-01-01"));
        var e = Assert.Throws<ArgumentException>(() => Dd.Datasets.Timeseries(freq: "often"));
        Assert.StartsWith("'often' is not a frequency", e.Message, StringComparison.Ordinal);
    }
}
