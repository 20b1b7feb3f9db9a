using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Time-series mistakes get an error naming the problem, when the operation is written (or, where Dask's does, when the task runs).</summary>
public sealed class TimeSeriesBadInputTests
{
    [Theory]
    [InlineData("1M")]
    [InlineData("W")]
    [InlineData("often")]
    [InlineData("1.5h")]
    public void AnUnknownOrCalendarRule_IsNamed(string rule)
    {
        var e = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Resample(rule));
        Assert.StartsWith($"'{rule}' is not a fixed frequency (pandas' offset aliases such as \"30s\", \"15min\", \"1h\", \"1D\"); calendar frequencies", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleThatDoesNotDivideADay_IsRefused_SayingWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Resample("7h"));
        Assert.StartsWith("The rule '7h' does not divide a day: Dask resamples each partition from the midnight of its own first row", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Resample("0h"));
    }

    [Fact]
    public void ResampleOnANonDatetimeIndex_NamesTheIndex()
    {
        var noIndex = Assert.Throws<ArgumentException>(() => FrameCases.WithNulls().Resample("1h"));
        Assert.Equal("Resample needs a datetime index; this frame has a default range index (no index column).", noIndex.Message);
        DaskDataFrame ints = Dd.FromArrow(MergeCases.LeftTable(indexed: true), 2, "t");
        var e = Assert.Throws<ArgumentException>(() => ints["a"].Resample("1h"));
        Assert.Equal("Resample needs a datetime index; the index 't' is int64.", e.Message);
    }

    [Fact]
    public void ResampleWithUnknownDivisions_IsRefused_AsDask()
    {
        DaskDataFrame unknown = Dd.FromArrow([FrameCases.Hourly().Compute("sync").ToArrow()], "timestamp");
        var e = Assert.Throws<ArgumentException>(() => unknown.Resample("1h"));
        Assert.StartsWith("Can only resample dataframes with known divisions (as Dask)", e.Message, StringComparison.Ordinal);
        var rolling = Assert.Throws<ArgumentException>(() => unknown.Rolling("2h"));
        Assert.Contains("a time window takes rows from as many previous partitions as the window spans, which needs known divisions", rolling.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownAggregation_ListsTheKnownOnes()
    {
        var resample = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Resample("1h").Agg(("x", "median")));
        Assert.StartsWith("Unknown resample aggregation 'median' of 'x'; the known ones are sum, mean, min, max, count, first, last.", resample.Message, StringComparison.Ordinal);
        var sum = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Resample("1h").Sum());
        Assert.Equal("Cannot take the sum of column 'name' of type string.", sum.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void ARollingWindowOfNoRows_IsRefused(int window)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FrameCases.Hourly()["x"].Rolling(window));
        Assert.StartsWith("A rolling window must be at least one row.", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameCases.Hourly().Rolling(3, minPeriods: 4));
        Assert.Throws<ArgumentException>(() => FrameCases.Hourly()["x"].Rolling("0min"));
    }

    [Fact]
    public void RollingOverAStringColumn_OrATimeWindowOnAnIntIndex_NamesTheColumn()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Rolling(3).Mean());
        Assert.Equal("rolling(3).mean() needs numeric columns; 'name' is string. Select the numeric columns first.", e.Message);
        var diff = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Diff());
        Assert.Equal("diff(1) needs numeric columns; 'name' is string. Select the numeric columns first.", diff.Message);
        DaskDataFrame ints = Dd.FromArrow(MergeCases.LeftTable(indexed: true), 2, "t");
        var index = Assert.Throws<ArgumentException>(() => ints["a"].Rolling("2h"));
        Assert.StartsWith("rolling('2h').sum(): a time window needs a datetime index (Dask: Must have a `DatetimeIndex` when using string offset); the index 't' is int64.", index.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANeighbourSmallerThanTheOverlap_FailsTheTask_WithDasksMessage()
    {
        // Six rows a partition: shift(7) needs seven from the one before, as Dask's map_overlap does.
        var e = Assert.Throws<TaskFailedException>(() => FrameCases.Hourly()["x"].Shift(7).Compute("sync"));
        Assert.Contains("Partition size is less than overlapping window size. Try using ``df.repartition`` to increase the partition size. (shift(7) needs the last 7 rows of the previous partition; it has 6.)", e.Message, StringComparison.Ordinal);
        var rolling = Assert.Throws<TaskFailedException>(() => FrameCases.Hourly()["x"].Rolling(8).Sum().Compute("sync"));
        Assert.Contains("rolling(8).sum() needs the last 7 rows of the previous partition; it has 6.", rolling.Message, StringComparison.Ordinal);
        var after = Assert.Throws<TaskFailedException>(() => FrameCases.Hourly()["x"].Diff(-7).Compute("sync"));
        Assert.Contains("diff(-7) needs the first 7 rows of the next partition; it has 6.", after.Message, StringComparison.Ordinal);
    }
}
