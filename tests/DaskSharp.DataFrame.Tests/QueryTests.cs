using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Query;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Query: the parsed expression, its errors, and that it selects exactly what the equivalent filter does.</summary>
public sealed class QueryTests
{
    private static readonly FrameSchema Hourly = FrameCases.Hourly().Plan.Schema;

    private static readonly FrameSchema WithBool = Dd.FromArrow(BoolTable(), npartitions: 2, index: "k").Plan.Schema;

    private static Apache.Arrow.RecordBatch BoolTable()
    {
        var k = new Apache.Arrow.Int64Array.Builder().AppendRange([1L, 2, 3, 4]).Build();
        var b = new Apache.Arrow.BooleanArray.Builder().AppendRange([true, false, true, false]).Build();
        var v = new Apache.Arrow.DoubleArray.Builder().AppendRange([1.0, 2, 3, 4]).Build();
        var schema = new Apache.Arrow.Schema([new("k", Apache.Arrow.Types.Int64Type.Default, true), new("b", Apache.Arrow.Types.BooleanType.Default, true), new("my col", Apache.Arrow.Types.DoubleType.Default, true)], null);
        return new Apache.Arrow.RecordBatch(schema, [k, b, v], 4);
    }

    [Theory]
    [InlineData("x > 0 and name == 'Alice'", "((x > 0) & (name == 'Alice'))")]
    [InlineData("x > 0 or y > 0 and id > 5", "((x > 0) | ((y > 0) & (id > 5)))")]
    [InlineData("(x > 0 or y > 0) and id > 5", "(((x > 0) | (y > 0)) & (id > 5))")]
    [InlineData("x > 0 | y < 0 & id == 1000", "((x > 0) | ((y < 0) & (id == 1000)))")]
    [InlineData("not x > 0", "~(x > 0)")]
    [InlineData("not x > 0 and y < 1", "(~(x > 0) & (y < 1))")]
    [InlineData("x + y * 2 > 1", "((x + (y * 2)) > 1)")]
    [InlineData("(x + y) * 2 > 1", "(((x + y) * 2) > 1)")]
    [InlineData("x / 2 - y >= -0.5", "(((x / 2) - y) >= -0.5)")]
    [InlineData("-x < 1", "((x * -1) < 1)")]
    [InlineData("name == \"Bob\"", "(name == 'Bob')")]
    [InlineData("name != 'Bob'", "(name != 'Bob')")]
    [InlineData("`x` > 0", "(x > 0)")]
    [InlineData("0 < x < 1", "((0 < x) & (x < 1))")]
    [InlineData("id <= 1000", "(id <= 1000)")]
    public void Parse_GivesTheExpression(string query, string expected) =>
        Assert.Equal(expected, QueryParser.Parse(query, Hourly).ToString());

    [Theory]
    [InlineData("b == True", "(b == True)")]
    [InlineData("b == False or `my col` > 2", "((b == False) | (my col > 2))")]
    [InlineData("index > 2", "(k > 2)")]
    public void Parse_BooleansBacktickNamesAndTheIndex(string query, string expected) =>
        Assert.Equal(expected, QueryParser.Parse(query, WithBool).ToString());

    [Theory]
    [InlineData("x >", "unexpected end of query at 3 in 'x >'")]
    [InlineData("x > > 1", "unexpected '>' at 4 in 'x > > 1'")]
    [InlineData("(x > 1", "expected ')' to close the '(' at 0 but found end of query at 6 in '(x > 1'")]
    [InlineData("x > 'a", "unterminated string starting at 4 in 'x > 'a'")]
    public void MalformedQueries_FailNamingThePositionAndTheQuery(string query, string message)
    {
        var e = Assert.Throws<FormatException>(() => QueryParser.Parse(query, Hourly));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void AnUnknownColumn_NamesTheNearestColumns()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => FrameCases.Hourly().Query("xx > 1"));
        Assert.Equal("Column 'xx' not found; the columns are 'timestamp', 'id', 'name', 'x', 'y'. Did you mean 'x' or 'id' or 'y'? (at 0 in 'xx > 1')", e.Message);
    }

    [Fact]
    public void ANonBooleanQuery_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameCases.Hourly().Query("x + 1"));
        Assert.Contains("a query must be a bool condition", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_SelectsTheRowsOfTheEquivalentFilter_InOneFilter()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskDataFrame queried = df.Query("x > 0 and name == 'Alice'");
        LocalFrame whole = df.Compute("sync");
        object?[] x = whole.Values("x"), name = whole.Values("name");
        string expected = FrameOpsReference.Rows(whole, r => (double)x[r]! > 0.0 && (string?)name[r] == "Alice");
        Assert.Equal(expected, FrameCases.Canonical(queried.Compute("sync")));
        Assert.Equal(FrameCases.Canonical(df[(df["x"] > 0.0) & (df["name"] == "Alice")].Compute("sync")), FrameCases.Canonical(queried.Compute("sync")));
        Assert.True(expected.Split('\n').Length > 2, "the query should keep some rows");
        string after = queried.Explain()[queried.Explain().IndexOf("After optimisation:", StringComparison.Ordinal)..];
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(after, "Filter:"));
    }
}
