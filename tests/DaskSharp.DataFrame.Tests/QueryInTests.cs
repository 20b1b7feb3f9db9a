using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Query;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Query's <c>in</c>, <c>not in</c>, lists and date strings: the expressions they become, and errors that name the problem (the rows they select are in QueryInMatrixTests).</summary>
public sealed class QueryInTests
{
    // The table's columns, with the timestamp as the index (so both "timestamp" and "index" name it).
    private static readonly FrameSchema s_schema = QueryInCases.Frame("indexed").Plan.Schema;

    [Theory]
    [InlineData("name in ['Alice', 'Bob']", "name.isin(['Alice', 'Bob'])")]
    [InlineData("id not in [1000, 1001]", "~id.isin([1000, 1001])")]
    [InlineData("name == ['Alice']", "name.isin(['Alice'])")]
    [InlineData("name != ['Alice']", "~name.isin(['Alice'])")]
    [InlineData("[1, 2.5] in x", "x.isin([1, 2.5])")]
    [InlineData("id in (1, -2,)", "id.isin([1, -2])")]
    [InlineData("id in [True, False]", "id.isin([1, 0])")]
    [InlineData("x in [None, 1]", "x.isin([1])")]
    [InlineData("name in ['Alice', None]", "(name.isin(['Alice']) | name.isna())")]
    [InlineData("name not in [None]", "~(name.isin([]) | name.isna())")]
    [InlineData("not id in [] and flag", "(~id.isin([]) & flag)")]
    [InlineData("0 < id in [1, 2]", "((0 < id) & id.isin([1, 2]))")]
    [InlineData("timestamp > '2000-01-03'", "(timestamp > Timestamp('2000-01-03 00:00:00'))")]
    [InlineData("index <= '2000-01'", "(timestamp <= Timestamp('2000-01-01 00:00:00'))")]
    [InlineData("'2000-01-02 06:30' < timestamp", "(Timestamp('2000-01-02 06:30:00') < timestamp)")]
    [InlineData("timestamp == '2000-01-02 03:04:05.25'", "(timestamp == Timestamp('2000-01-02 03:04:05.25'))")]
    [InlineData("timestamp in ['2000-01-03', '20000104']", "timestamp.isin([Timestamp('2000-01-03 00:00:00'), Timestamp('2000-01-04 00:00:00')])")]
    [InlineData("name > '2000-01-03'", "(name > '2000-01-03')")]
    public void AQuery_ParsesToExactlyThisExpression(string query, string expected) =>
        Assert.Equal(expected, QueryParser.Parse(query, s_schema).ToString());

    [Theory]
    [InlineData("id in [1000, 1001", "unterminated list: the '[' at 6 has no closing ']' at 17 in 'id in [1000, 1001'")]
    [InlineData("id in [1000,", "unterminated list: the '[' at 6 has no closing ']' at 12 in 'id in [1000,'")]
    [InlineData("id in (1000, 1001", "unterminated list: the '(' at 6 has no closing ')' at 17 in 'id in (1000, 1001'")]
    [InlineData("id in [1000 1001]", "expected ',' or ']' in the list starting at 6 but found '1001' at 12 in 'id in [1000 1001]'")]
    [InlineData("id in 1000", "'in' needs a list ([a, b] or (a, b)) on its right, not 1000 at 3 in 'id in 1000'")]
    [InlineData("id not in x", "'not in' needs a list ([a, b] or (a, b)) on its right, not x at 3 in 'id not in x'")]
    [InlineData("name in 'Alice'", "'in' needs a list ([a, b] or (a, b)) on its right, not 'Alice' at 5 in 'name in 'Alice''")]
    [InlineData("id in [[1000]]", "a list holds only literals (numbers, strings, True, False, None), not [1000] at 7 in 'id in [[1000]]'")]
    [InlineData("id in [x]", "a list holds only literals (numbers, strings, True, False, None), not x at 7 in 'id in [x]'")]
    [InlineData("id in (x, 1)", "a list holds only literals (numbers, strings, True, False, None), not x at 6 in 'id in (x, 1)'")]
    public void AMalformedList_FailsNamingWhereAndWhy(string query, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => QueryParser.Parse(query, s_schema)).Message);

    [Theory]
    [InlineData("id in ['a', 'b']", "The list ['a', 'b'] (at 3 in 'id in ['a', 'b']') cannot match the column 'id' (int64): 'a' is a string.")]
    [InlineData("id not in [1, 'a']", "The list [1, 'a'] (at 3 in 'id not in [1, 'a']') cannot match the column 'id' (int64): 'a' is a string.")]
    [InlineData("x * 2 in ['a']", "The list ['a'] (at 6 in 'x * 2 in ['a']') cannot match the expression (x * 2) (float64): 'a' is a string.")]
    [InlineData("name in [1, 2]", "The list [1, 2] (at 5 in 'name in [1, 2]') cannot match the column 'name' (string): 1 is a number.")]
    [InlineData("0 < id in [1] < 2", "'<' (at 14 in '0 < id in [1] < 2') cannot compare 2 with the list [1]; only 'in', 'not in', '==' and '!=' take a list.")]
    [InlineData("flag in [1]", "The list [1] (at 5 in 'flag in [1]') cannot match the column 'flag' (bool): 1 is a number.")]
    [InlineData("timestamp in [1]", "The list [1] (at 10 in 'timestamp in [1]') cannot match the column 'timestamp' (datetime64[ns]): 1 is a number.")]
    [InlineData("id < [1, 2]", "'<' (at 3 in 'id < [1, 2]') cannot compare id with the list [1, 2]; only 'in', 'not in', '==' and '!=' take a list.")]
    [InlineData("[1] == [2]", "'==' (at 4 in '[1] == [2]') compares two lists, [1] and [2]; one side must be a column.")]
    [InlineData("timestamp > 'soon'", "'soon' (at 10 in 'timestamp > 'soon'') is not a date to compare with the datetime column timestamp (e.g. '2000-01-03', '2000-01-03 12:30').")]
    [InlineData("timestamp in ['2000-01-03', 'soon']", "'soon' (at 10 in 'timestamp in ['2000-01-03', 'soon']') is not a date to compare with the datetime column timestamp (e.g. '2000-01-03', '2000-01-03 12:30').")]
    [InlineData("timestamp > '2000-01-03T00:00:00+01:00'", "The date string '2000-01-03T00:00:00+01:00' (at 10 in 'timestamp > '2000-01-03T00:00:00+01:00'') has a time zone, but the column timestamp is naive (datetime64[ns]); pandas refuses the comparison too. Write the time without a zone.")]
    public void AListOrDateThatCannotMatch_FailsNamingTheColumnAndTheTypes(string query, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => QueryParser.Parse(query, s_schema)).Message);

    [Fact]
    public void AZonedColumn_AgainstADateString_IsRefused_AsPandasRefusesIt()
    {
        var zoned = new FrameSchema(new Schema([new Field("utc", new TimestampType(TimeUnit.Nanosecond, "UTC"), true)], null), null);
        Assert.Equal(
            "Cannot compare the datetime64[ns, UTC] column utc with the date string '2000-01-03' (at 4 in 'utc > '2000-01-03''): the string is a naive timestamp, and pandas refuses comparing it with a zoned column too; compare with a DateTime through a series instead.",
            Assert.Throws<ArgumentException>(() => QueryParser.Parse("utc > '2000-01-03'", zoned)).Message);
    }

    [Fact]
    public void AListOutsideAComparison_IsRefusedNamingIt()
    {
        string message = Assert.Throws<ArgumentException>(() => QueryParser.Parse("x + [1] > 0", s_schema)).Message;
        Assert.Equal("The list [1] (at 4) can only be compared with 'in', 'not in', '==' or '!='. (in 'x + [1] > 0')", message);
    }

    [Fact]
    public void AnUnknownColumnBeforeIn_NamesTheNearestColumns()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => QueryInCases.Frame("plain").Query("nme in ['Alice']"));
        Assert.Equal("Column 'nme' not found; the columns are 'timestamp', 'id', 'name', 'x', 'flag'. Did you mean 'name'? (at 0 in 'nme in ['Alice']')", e.Message);
    }

    [Fact]
    public void IsNotSupportedYet_AndSaysSo() =>
        Assert.Equal(
            "'is' (at 2 in 'x is None') is not supported in Query yet; use a comparison, or filter with a series.",
            Assert.Throws<NotSupportedException>(() => QueryParser.Parse("x is None", s_schema)).Message);

    [Fact]
    public void AnInQuery_IsOneFilter_ThatSelectsWhatTheIsInMaskSelects()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame q = df.Query("name in ['Alice', 'Bob'] and id not in [1000, 1001]");
        DaskDataFrame mask = df[df["name"].IsIn("Alice", "Bob") & !df["id"].IsIn(1000L, 1001L)];
        Assert.Equal(FrameCases.Canonical(mask.Compute("sync")), FrameCases.Canonical(q.Compute("sync")));
        string after = q.Explain()[q.Explain().IndexOf("After optimisation:", StringComparison.Ordinal)..];
        Assert.Contains("Filter: (name.isin(['Alice', 'Bob']) & ~id.isin([1000, 1001]))", after, StringComparison.Ordinal);
    }
}
