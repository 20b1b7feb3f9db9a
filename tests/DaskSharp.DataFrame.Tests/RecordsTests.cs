using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Objects to frames and back: every supported property type, nulls, Dask's range-index split, and clear errors.</summary>
public sealed class RecordsTests
{
    public sealed record Row(
        int Id, long Volume, float Ratio, double Price, bool Flag, string? Symbol, DateTime At, DateTimeOffset When,
        int? MaybeId, long? MaybeVolume, float? MaybeRatio, double? MaybePrice, bool? MaybeFlag, DateTime? MaybeAt, DateTimeOffset? MaybeWhen);

    public sealed class Settable
    {
        public long? K { get; set; }

        public double? V { get; set; }

        public string? S { get; set; }
    }

    public sealed record WithDecimal(int Id, decimal Amount);

    public sealed record Narrow(int K);

    public sealed record NotNullable(long K);

    public sealed record Missing(long? K, double Vx);

    public sealed record StringAsLong(long S);

    /// <summary>Ten rows: every type, a null in every nullable column (the string too) at rows 1, 5, 8 and 9.</summary>
    internal static Row[] Rows() => [.. Enumerable.Range(0, 10).Select(i =>
    {
        bool none = i % 4 == 1 || i == 8;
        var at = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 7.5).AddTicks(i * 1234);
        var when = new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.FromHours(i % 3)).AddMilliseconds(i);
        return new Row(
            i * 3 - 7, (long)i << 40, i / 4f, (i * 0.1) - 0.35, i % 3 == 0, none ? null : $"s{i}", at, when,
            none ? null : -i, none ? null : long.MaxValue - i, none ? null : i * 1.5f, none ? null : double.MinValue / (i + 1), none ? null : i % 2 == 0, none ? null : at.AddDays(1), none ? null : when.AddYears(-1));
    })];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(25)]
    public void Records_RoundTripExactly_ThroughAFrame(int npartitions)
    {
        Row[] rows = Rows();
        DaskDataFrame df = Dd.FromRecords(rows, npartitions);
        Assert.Equal(Math.Min(npartitions, 10), df.NPartitions);
        Assert.Equal(rows, df.Compute("sync").ToRecords<Row>());
    }

    [Fact]
    public void Properties_BecomeTypedColumns()
    {
        DaskDataFrame df = Dd.FromRecords(Rows(), 3);
        Assert.Equal(
            [("Id", "int32"), ("Volume", "int64"), ("Ratio", "float32"), ("Price", "float64"), ("Flag", "bool"), ("Symbol", "string"), ("At", "datetime64[ns]"), ("When", "datetime64[ns, UTC]"),
             ("MaybeId", "int32"), ("MaybeVolume", "int64"), ("MaybeRatio", "float32"), ("MaybePrice", "float64"), ("MaybeFlag", "bool"), ("MaybeAt", "datetime64[ns]"), ("MaybeWhen", "datetime64[ns, UTC]")],
            df.Dtypes);
        LocalFrame local = df.Compute("sync");
        Assert.Equal([0, null, -2, -3, -4, null, -6, -7, null, null], local.Values("MaybeId"));
        Assert.Equal(["s0", null, "s2", "s3", "s4", null, "s6", "s7", null, null], local.Values("Symbol"));
        Assert.Equal([-7, -4, -1, 2, 5, 8, 11, 14, 17, 20], local.Values("Id"));
    }

    [Theory]
    [InlineData(10, 3, new long[] { 0, 4, 7, 9 })]
    [InlineData(10, 4, new long[] { 0, 3, 6, 8, 9 })]
    [InlineData(7, 3, new long[] { 0, 3, 5, 6 })]
    [InlineData(3, 5, new long[] { 0, 1, 2, 2 })]
    [InlineData(1, 1, new long[] { 0, 0 })]
    [InlineData(100, 7, new long[] { 0, 15, 30, 44, 58, 72, 86, 99 })]
    public void Divisions_AreDasksFromPandasOnARangeIndex(int rows, int npartitions, long[] divisions)
    {
        // The expected divisions are dask.dataframe.io.io.sorted_division_locations(range(rows), npartitions=…)'s.
        DaskDataFrame df = Dd.FromRecords(Enumerable.Range(0, rows).Select(i => new Narrow(i)), npartitions);
        Assert.Equal(divisions.Cast<object>(), df.Divisions!);
        Assert.Equal(Enumerable.Range(0, rows).Select(i => (object?)i), df.Compute("sync").Values("K"));
    }

    [Fact]
    public void NoRecords_GiveOneEmptyPartition_WithUnknownDivisions()
    {
        DaskDataFrame df = Dd.FromRecords(Array.Empty<Narrow>(), 4);
        Assert.Equal(1, df.NPartitions);
        Assert.Null(df.Divisions);
        Assert.Empty(df.Compute("sync").ToRecords<Narrow>());
    }

    [Fact]
    public void ToRecords_BindsSettablePropertiesIgnoringCase_NullsToNullables()
    {
        IReadOnlyList<Settable> got = Dd.FromArrow(FrameCases.Table(), 3).Compute("sync").ToRecords<Settable>();
        Assert.Equal([1L, 2L, null, 1L, 3L, 2L, 1L, null, 3L, 3L], got.Select(r => r.K));
        Assert.Equal([1.5, null, 2.0, -4.0, 0.25, 8.0, null, 1.0, -1.0, 3.5], got.Select(r => r.V));
        Assert.Equal(["a", "b", "a", null, "c", "b", "a", "c", null, "a"], got.Select(r => r.S));
    }

    [Fact]
    public void BadInput_NamesTheProblem()
    {
        var unsupported = Assert.Throws<NotSupportedException>(() => Dd.FromRecords([new WithDecimal(1, 2m)]));
        Assert.Contains("WithDecimal.Amount is a Decimal", unsupported.Message, StringComparison.Ordinal);
        Assert.Contains("int, long, float, double, bool, string, DateTime, DateTimeOffset", unsupported.Message, StringComparison.Ordinal);

        LocalFrame withNulls = FrameCases.WithNulls().Compute("sync");
        var missing = Assert.Throws<KeyNotFoundException>(() => withNulls.ToRecords<Missing>());
        Assert.StartsWith("Missing's constructor parameter 'Vx' has no column: Column 'Vx' not found; the columns are 'k', 'v', 's'. Did you mean 'v'", missing.Message, StringComparison.Ordinal);

        var missingProperty = Assert.Throws<KeyNotFoundException>(() => Dd.FromRecords([new Narrow(1)]).Compute("sync").ToRecords<Settable>());
        Assert.StartsWith("Settable.V has no column: Column 'V' not found", missingProperty.Message, StringComparison.Ordinal);

        var mistyped = Assert.Throws<InvalidCastException>(() => withNulls.ToRecords<StringAsLong>());
        Assert.Equal("Column 's' is string, which does not convert to StringAsLong.S (long).", mistyped.Message);

        var nulls = Assert.Throws<InvalidOperationException>(() => withNulls.ToRecords<NotNullable>());
        Assert.Equal("Column 'k' is null in row 2, and NotNullable.K (long) cannot hold a null; make it long? to receive nulls.", nulls.Message);

        Assert.Throws<ArgumentException>(() => Dd.FromRecords(new Narrow[] { new(1), null! }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Dd.FromRecords([new Narrow(1)], 0));
    }
}
