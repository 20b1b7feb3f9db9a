using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Query;

namespace DaskSharp.DataFrame.Tests;

/// <summary>df.Query's parser: the exact expression each query becomes, and errors that say where.</summary>
public sealed class QueryParserTests
{
    private static readonly FrameSchema s_schema = new(
        new Schema(
            [
                new Field("timestamp", new TimestampType(TimeUnit.Nanosecond, (string?)null), false), new Field("id", Int64Type.Default, true),
                new Field("name", StringType.Default, true), new Field("x", DoubleType.Default, true), new Field("y", DoubleType.Default, true),
                new Field("flag", BooleanType.Default, true), new Field("my col", DoubleType.Default, true),
            ],
            null),
        "timestamp");

    [Theory]
    [InlineData("x > 0", "(x > 0)")]
    [InlineData("x>0.5", "(x > 0.5)")]
    [InlineData("x >= -1.5", "(x >= -1.5)")]
    [InlineData("id == 1000", "(id == 1000)")]
    [InlineData("id != 1_000", "(id != 1000)")]
    [InlineData("x < 1e3", "(x < 1000)")]
    [InlineData("x <= .25", "(x <= 0.25)")]
    [InlineData("name == 'Alice'", "(name == 'Alice')")]
    [InlineData("name == \"Bob\"", "(name == 'Bob')")]
    [InlineData("name != 'it\\'s'", "(name != 'it's')")]
    [InlineData("x > 0 and y < 0", "((x > 0) & (y < 0))")]
    [InlineData("x > 0 & y < 0", "((x > 0) & (y < 0))")]
    [InlineData("x > 0 or y < 0", "((x > 0) | (y < 0))")]
    [InlineData("x > 0 | y < 0", "((x > 0) | (y < 0))")]
    [InlineData("x > 0 or y < 0 and id > 5", "((x > 0) | ((y < 0) & (id > 5)))")]
    [InlineData("(x > 0 or y < 0) and id > 5", "(((x > 0) | (y < 0)) & (id > 5))")]
    [InlineData("not x > 0", "~(x > 0)")]
    [InlineData("not x > 0 and flag", "(~(x > 0) & flag)")]
    [InlineData("~flag", "~flag")]
    [InlineData("~(x > 0) | flag", "(~(x > 0) | flag)")]
    [InlineData("flag == True", "(flag == True)")]
    [InlineData("flag != False", "(flag != False)")]
    [InlineData("x + y * 2 > 1", "((x + (y * 2)) > 1)")]
    [InlineData("(x + y) * 2 > 1", "(((x + y) * 2) > 1)")]
    [InlineData("x - y - 1 > 0", "(((x - y) - 1) > 0)")]
    [InlineData("x / y / 2 < 3", "(((x / y) / 2) < 3)")]
    [InlineData("-x > 0", "((x * -1) > 0)")]
    [InlineData("x > -y", "(x > (y * -1))")]
    [InlineData("x > --1", "(x > 1)")]
    [InlineData("x > +1", "(x > 1)")]
    [InlineData("0 < x < 1", "((0 < x) & (x < 1))")]
    [InlineData("0 < x <= y < 1", "(((0 < x) & (x <= y)) & (y < 1))")]
    [InlineData("`my col` > 0", "(my col > 0)")]
    [InlineData("`x` == x", "(x == x)")]
    [InlineData("  ( ( x ) ) > 0  ", "(x > 0)")]
    public void AQuery_ParsesToExactlyThisExpression(string query, string expected) =>
        Assert.Equal(expected, QueryParser.Parse(query, s_schema).ToString());

    [Theory]
    [InlineData("x > (1))", "unexpected ')' at 7 in 'x > (1))'")]
    [InlineData("x >", "unexpected end of query at 3 in 'x >'")]
    [InlineData("x > 1 y", "unexpected 'y' at 6 in 'x > 1 y'")]
    [InlineData("(x > 1", "expected ')' to close the '(' at 0 but found end of query at 6 in '(x > 1'")]
    [InlineData("x > 1 and and y", "unexpected 'and' at 10 in 'x > 1 and and y'")]
    [InlineData("x $ 1", "unexpected character '$' at 2 in 'x $ 1'")]
    [InlineData("name == 'Al", "unterminated string starting at 8 in 'name == 'Al'")]
    [InlineData("`my col > 1", "unterminated `backtick` name starting at 0 in '`my col > 1'")]
    [InlineData("x > 1abc", "unexpected 'a' after the number '1' at 5 in 'x > 1abc'")]
    [InlineData("x > 99999999999999999999", "the integer 99999999999999999999 does not fit 64 bits at 4 in 'x > 99999999999999999999'")]
    public void ASyntaxError_NamesTheTokenItsPositionAndTheQuery(string query, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => QueryParser.Parse(query, s_schema)).Message);

    [Fact]
    public void Index_NamesTheIndexColumn_UnlessAColumnIsCalledSo()
    {
        var byId = new FrameSchema(s_schema.Arrow, "id");
        Assert.Equal("((id > 5) & (x < 1))", QueryParser.Parse("index > 5 and x < 1", byId).ToString());
        Assert.Equal("Column 'index' not found; the columns are 'x'. (at 0 in 'index > 1')", Assert.Throws<KeyNotFoundException>(() => QueryParser.Parse("index > 1", new FrameSchema(new Schema([new Field("x", DoubleType.Default, true)], null)))).Message);
    }

    [Fact]
    public void AnEmptyQuery_IsRefused() =>
        Assert.Equal("The query is empty.", Assert.Throws<FormatException>(() => QueryParser.Parse("   ", s_schema)).Message);

    [Fact]
    public void AnUnknownColumn_NamesTheNearestColumnsAndWhere()
    {
        string message = Assert.Throws<KeyNotFoundException>(() => QueryParser.Parse("x > 0 and idd == 3", s_schema)).Message;
        Assert.Equal("Column 'idd' not found; the columns are 'timestamp', 'id', 'name', 'x', 'y', 'flag', 'my col'. Did you mean 'id'? (at 10 in 'x > 0 and idd == 3')", message);
    }

    [Theory]
    [InlineData("abs(x) > 1", "Calling 'abs' (at 0 in 'abs(x) > 1') is not supported in Query yet; compute it as a column first.")]
    [InlineData("x > @limit", "Local variables ('@' at 4 in 'x > @limit') are not supported in Query yet; put the value into the query text.")]
    [InlineData("x ** 2 > 1", "'**' (at 2 in 'x ** 2 > 1') is not supported in Query yet.")]
    [InlineData("id % 2 == 0", "'%' (at 3 in 'id % 2 == 0') is not supported in Query yet.")]
    public void WhatIsNotSupportedYet_SaysSo(string query, string message) =>
        Assert.Equal(message, Assert.Throws<NotSupportedException>(() => QueryParser.Parse(query, s_schema)).Message);

    [Fact]
    public void ATypeMismatch_NamesTheExpressionAndTheQuery()
    {
        string message = Assert.Throws<ArgumentException>(() => QueryParser.Parse("name > 1", s_schema)).Message;
        Assert.Contains("(in 'name > 1')", message, StringComparison.Ordinal);
        Assert.Contains("name", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_OnAFrame_IsOneFilterThatFusesAndPushesDown()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame q = df.Query("x > 0.5 and name == 'Alice'")[new[] { "y" }];
        DaskDataFrame mask = df[(df["x"] > 0.5) & (df["name"] == "Alice")][new[] { "y" }];
        const string Source = "Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7";
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [y]\n"
            + "  Filter: ((x > 0.5) & (name == 'Alice'))\n"
            + $"    {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "Fused: Filter: ((x > 0.5) & (name == 'Alice')) -> Projection: [y]\n"
            + $"  {Source} [name, x, y]\n",
            q.Explain());
        Assert.Equal(FrameCases.Canonical(mask.Compute("sync")), FrameCases.Canonical(q.Compute("sync")));
    }

    [Fact]
    public void Query_GivesTheRowsAScalarLoopPicks()
    {
        DaskDataFrame df = FrameCases.Hourly();
        LocalFrame all = df.Compute("sync");
        object?[] x = all.Values("x"), y = all.Values("y"), id = all.Values("id");
        int expected = Enumerable.Range(0, all.Length).Count(r => (-0.5 < (double)x[r]! && (double)x[r]! < 0.5) || ((double)y[r]! * 2) + 1 > 2.5 || (long)id[r]! - 1000 >= 10);
        LocalFrame picked = df.Query("-0.5 < x < 0.5 or y * 2 + 1 > 2.5 or id - 1000 >= 10").Compute("sync");
        Assert.Equal(expected, picked.Length);
        Assert.InRange(expected, 1, all.Length - 1); // the condition is not trivially all or nothing
        Assert.Equal(
            "The query 'x + 1' is (x + 1), of dtype float64; a query must be a bool condition. (Parameter 'expr')",
            Assert.Throws<ArgumentException>(() => df.Query("x + 1")).Message);
    }
}
