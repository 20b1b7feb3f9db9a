using DaskSharp.DataFrames;
using Microsoft.Data.Analysis;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Frames to Microsoft.Data.Analysis and back, exactly, nulls included; unsupported types are named.</summary>
public sealed class MicrosoftDataFrameTests
{
    public sealed record Row(int Id, long? Volume, float? Ratio, double? Price, bool? Flag, string? Symbol, DateTime? At);

    internal static Row[] Rows() => [.. Enumerable.Range(0, 9).Select(i =>
    {
        bool none = i % 3 == 2;
        return new Row(i, none ? null : -(long)i << 33, none ? null : i / 8f, none ? null : i == 4 ? double.NaN : i * 0.3, none ? null : i % 2 == 0, none ? null : $"n{i}", none ? null : new DateTime(1999, 12, 31, 23, 0, 0, DateTimeKind.Utc).AddMinutes(i * 61).AddTicks(i));
    })];

    [Fact]
    public void ToMicrosoftDataFrame_GivesTypedColumnsWithNulls()
    {
        Microsoft.Data.Analysis.DataFrame mda = Dd.FromRecords(Rows(), 4).Compute("sync").ToMicrosoftDataFrame();
        Assert.Equal(9, mda.Rows.Count);
        Assert.IsType<Int32DataFrameColumn>(mda["Id"]);
        Assert.IsType<Int64DataFrameColumn>(mda["Volume"]);
        Assert.IsType<SingleDataFrameColumn>(mda["Ratio"]);
        Assert.IsType<DoubleDataFrameColumn>(mda["Price"]);
        Assert.IsType<BooleanDataFrameColumn>(mda["Flag"]);
        Assert.IsType<StringDataFrameColumn>(mda["Symbol"]);
        Assert.IsType<DateTimeDataFrameColumn>(mda["At"]);
        Assert.Equal([0L, -(1L << 33), null, -(3L << 33), -(4L << 33), null, -(6L << 33), -(7L << 33), null], ((Int64DataFrameColumn)mda["Volume"]).ToArray());
        Assert.Equal(3, mda["Symbol"].NullCount);
        Assert.True(double.IsNaN((double)mda["Price"][4]!));
        Assert.Equal(new DateTime(2000, 1, 1, 0, 1, 0).AddTicks(1), (DateTime)mda["At"][1]!);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Records_RoundTripThroughMicrosoftDataFrames(int npartitions)
    {
        Row[] rows = Rows();
        Microsoft.Data.Analysis.DataFrame mda = Dd.FromRecords(rows, npartitions).Compute("sync").ToMicrosoftDataFrame();
        DaskDataFrame back = Dd.FromDataFrame(mda, npartitions: 3);
        Assert.Equal([0L, 3L, 6L, 8L], back.Divisions!);
        Assert.Equal(Dd.FromRecords(rows).Dtypes, back.Dtypes);
        Assert.Equal(rows, back.Compute("sync").ToRecords<Row>());
    }

    [Fact]
    public void AnIndexComesFirst_AndDictionaryStringsAsStrings()
    {
        LocalFrame hourly = FrameCases.Hourly().Head(3);
        Microsoft.Data.Analysis.DataFrame mda = hourly.ToMicrosoftDataFrame();
        Assert.Equal(["timestamp", "id", "name", "x", "y"], mda.Columns.Select(c => c.Name));
        Assert.Equal(hourly.Values("name"), mda["name"].Cast<object?>());
        Assert.Equal(hourly.Values("x"), mda["x"].Cast<object?>());
    }

    [Fact]
    public void FromDataFrame_TakesArrowStringColumns()
    {
        // Microsoft.Data.Analysis' own Arrow import (built against Arrow 14, run on 23) makes ArrowString columns.
        Apache.Arrow.RecordBatch batch = LocalFrameDisplayTests.Frame(null, ("s", LocalFrameDisplayTests.Strings("p", null, "q")), ("k", LocalFrameDisplayTests.Longs(1, 2, null))).ToArrow();
        var mda = Microsoft.Data.Analysis.DataFrame.FromArrowRecordBatch(batch);
        Assert.IsType<ArrowStringDataFrameColumn>(mda["s"]);
        LocalFrame back = Dd.FromDataFrame(mda).Compute("sync");
        Assert.Equal(["p", null, "q"], back.Values("s"));
        Assert.Equal([1L, 2L, null], back.Values("k"));
    }

    [Fact]
    public void UnsupportedTypes_AreNamed()
    {
        var decimals = new Microsoft.Data.Analysis.DataFrame(new DecimalDataFrameColumn("amount", [1m, 2m]));
        var e = Assert.Throws<NotSupportedException>(() => Dd.FromDataFrame(decimals));
        Assert.StartsWith("Column 'amount' is a DecimalDataFrameColumn (Decimal), which has no dtype here", e.Message, StringComparison.Ordinal);

        LocalFrame zoned = Dd.FromRecords([new { When = DateTimeOffset.UnixEpoch }]).Compute("sync");
        var z = Assert.Throws<NotSupportedException>(() => zoned.ToMicrosoftDataFrame());
        Assert.StartsWith("Column 'When' is datetime64[ns, UTC], which has no Microsoft.Data.Analysis column here", z.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Dd.FromDataFrame(new Microsoft.Data.Analysis.DataFrame()));
    }
}
