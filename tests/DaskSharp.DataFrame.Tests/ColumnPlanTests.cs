using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Expressions;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The column-level operations in <c>Explain()</c>, exactly: their text, and how projections pass through rename, drop and the column maps.</summary>
public sealed class ColumnPlanTests
{
    private const string Source = "Timeseries: 2000-01-01 00:00:00 to 2000-01-03 00:00:00 freq=01:00:00 partition_freq=06:00:00 seed=7";

    [Fact]
    public void Expressions_PrintAsPandasWritesThem()
    {
        DaskDataFrame df = FrameCases.Hourly();
        string[] printed =
        [
            .. new[]
            {
                df["x"].IsNa(), df["x"].NotNull(), df["x"].FillNa(0), df["name"].FillNa("?"), df["x"].Where(df["x"] > 0.0), df["x"].Mask(df["y"] < 0.0, df["y"]),
                df["x"].Between(0, 1), df["id"].Between(990, 1010, "neither"), df["id"].IsIn(1000, 1001), df["name"].IsIn("Alice", "Bob"), df["id"].AsType("float64"),
                -df["x"], df["x"].Abs(), df["x"].Round(2), df["id"] % 7, df["id"].FloorDiv(7), df["name"].Str.Contains("A"),
                df["name"].Str.Contains("a", regex: false, caseSensitive: false), df["name"].Str.StartsWith("Al"), df["name"].Str.Lower(), df["name"].Str.Len(),
                df["name"].Str.Strip("x"), df["timestamp"].Dt.Hour, df["timestamp"].Dt.DayOfWeek, df["timestamp"].Dt.Floor("1h"), df["timestamp"] > new DateTime(2000, 1, 1, 12, 0, 0),
                2.0 - df["x"],
            }.Select(s => s.Expression.ToString()),
        ];
        Assert.Equal(
            [
                "x.isna()", "x.notna()", "x.fillna(0)", "name.fillna('?')", "x.where((x > 0))", "x.mask((y < 0), y)",
                "x.between(0, 1, inclusive='both')", "id.between(990, 1010, inclusive='neither')", "id.isin([1000, 1001])", "name.isin(['Alice', 'Bob'])", "id.astype('float64')",
                "(-x)", "x.abs()", "x.round(2)", "(id % 7)", "(id // 7)", "name.str.contains('A')",
                "name.str.contains('a', case=False, regex=False)", "name.str.startswith('Al')", "name.str.lower()", "name.str.len()",
                "name.str.strip('x')", "timestamp.dt.hour", "timestamp.dt.dayofweek", "timestamp.dt.floor('1h')", "(timestamp > Timestamp('2000-01-01 12:00:00'))",
                "(2 - x)",
            ],
            printed);
    }

    [Fact]
    public void ARenameBelowAGroupBy_IsAskedForTheOldNames_AndTheDropDisappears()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal(
            "Before optimisation:\n"
            + "GroupByAggregate: by=[who] [x: sum] split_every=8\n"
            + "  Projection: [id, who, x]\n"
            + "    Rename: {name: who}\n"
            + $"      {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "GroupByAggregate: by=[who] [x: sum] split_every=8\n"
            + "  Fused: Rename: {name: who}\n"
            + $"    {Source} [name, x]\n",
            df.Rename(new Dictionary<string, string> { ["name"] = "who" }).Drop("y").GroupBy("who").Agg(("x", "sum")).Explain());
    }

    [Fact]
    public void RenamingTheIndex_KeepsItTheIndex_AndReadsOnlyTheRenamedColumn()
    {
        DaskDataFrame df = FrameCases.Hourly().Rename(new Dictionary<string, string> { ["timestamp"] = "when", ["x"] = "ex" });
        Assert.Equal(["id", "name", "ex", "y"], df.Columns);
        Assert.Equal("when", df.Plan.Schema.Index);
        Assert.Equal("datetime64[ns]", Dtype.Name(df.Plan.Schema.TypeOf("when")));
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [ex]\n"
            + "  Rename: {timestamp: when, x: ex}\n"
            + $"    {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "Fused: Rename: {timestamp: when, x: ex}\n"
            + $"  {Source} [x]\n",
            df["ex"].ToFrame().Explain());
        LocalFrame head = df["ex"].ToFrame().Head(2);
        Assert.Equal("when", head.Index);
        Assert.Equal([new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2000, 1, 1, 1, 0, 0, DateTimeKind.Utc)], head.Values("when"));
    }

    [Fact]
    public void FrameWideMaps_ComputeOnlyTheColumnsRead()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [x]\n"
            + "  IsNa: id=id.isna(), name=name.isna(), x=x.isna(), y=y.isna()\n"
            + "    FillNa: id=id.fillna(0), x=x.fillna(0), y=y.fillna(0)\n"
            + $"      {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "Fused: FillNa: x=x.fillna(0) -> IsNa: x=x.isna()\n"
            + $"  {Source} [x]\n",
            df.FillNa(0.0).IsNa()["x"].ToFrame().Explain());
    }

    [Fact]
    public void AFrameWideWhere_ReadsItsConditionsColumns_ThoughItReplacesNoneOfThem()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [id]\n"
            + "  Where: id=id.where((x > 0)), name=name.where((x > 0)), x=x.where((x > 0)), y=y.where((x > 0))\n"
            + "    AsType: id=id.astype('float64')\n"
            + $"      {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "Fused: AsType: id=id.astype('float64') -> Where: id=id.where((x > 0)) -> Projection: [id]\n"
            + $"  {Source} [id, x]\n",
            df.AsType(new Dictionary<string, string> { ["id"] = "float64" }).Where(df["x"] > 0.0)["id"].ToFrame().Explain());
    }

    [Fact]
    public void DropNa_IsAFilterOnThePresenceOfItsColumns()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal(
            "Before optimisation:\n"
            + "Projection: [y]\n"
            + "  Filter: (x.notna() | y.notna())\n"
            + $"    {Source} [id, name, x, y]\n"
            + "After optimisation:\n"
            + "Fused: Filter: (x.notna() | y.notna()) -> Projection: [y]\n"
            + $"  {Source} [x, y]\n",
            df.DropNa("all", ["x", "y"])["y"].ToFrame().Explain());
    }

    [Fact]
    public void IsIn_TakesValuesOrOneListOfThem()
    {
        DaskDataFrame df = ColumnCases.Frame();
        string expected = ColumnCases.Expected["i.isin(7,0,2)"];
        Assert.Equal(expected, ColumnCases.Show(df["i"].IsIn(new[] { 7L, 0L, 2L }), "sync"));
        Assert.Equal(expected, ColumnCases.Show(df["i"].IsIn(new List<int> { 7, 0, 2 }), "sync"));
        Assert.Equal(expected, ColumnCases.Show(df["i"].IsIn(7, 0.0, 2), "sync"));
        Assert.Equal("i.isin([7, 0, 2])", df["i"].IsIn(new[] { 7, 0, 2 }).Expression.ToString());
    }

    [Fact]
    public void TheIndexColumn_IsUsableInExpressions()
    {
        DaskDataFrame df = FrameCases.Hourly();
        DaskSeries hour = df["timestamp"].Dt.Hour;
        Assert.Equal("int32", hour.Dtype);
        LocalFrame evening = df[hour >= 22L]["x"].Compute("sync");
        Assert.Equal([22, 23, 22, 23], evening.Values("timestamp").Select(t => ((DateTime)t!).Hour));
        Assert.Equal(new DateTime(2000, 1, 2, 23, 0, 0, DateTimeKind.Utc), evening.Values("timestamp")[^1]);
    }

    [Fact]
    public void Dtypes_FollowPandas()
    {
        DaskDataFrame df = ColumnCases.Frame();
        Assert.Equal(
            ["bool", "int64", "float64", "string", "int32", "float32", "datetime64[ns]", "int64", "float64", "int64", "float64", "bool", "string", "datetime64[ns, Europe/Berlin]", "int64", "int64"],
            new[]
            {
                df["i"].IsNa(), df["i"].FillNa(0), df["i"].FillNa(0.5), df["sd"].Str.Lower(), df["t"].Dt.Year, df["f"].AsType("float32"), df["n"].AsType("datetime64[ns]"),
                df["i"].Where(df["b"]), df["i"].Where(df["b"], df["f"]), df["i"] % df["z"], df["f"].FloorDiv(df["i"]), df["s"].Str.Contains("a"), df["i"].AsType("string"),
                df["tz"].Dt.Floor("1D"), df["s"].Str.Len(), -df["i"],
            }.Select(s => s.Dtype));
        Assert.Equal([("i", "float64"), ("z", "int64"), ("f", "string")], df["i", "z", "f"].AsType(new Dictionary<string, string> { ["i"] = "float64", ["f"] = "string" }).Dtypes);
        DaskDataFrame narrow = df.AsType(new Dictionary<string, string> { ["f"] = "float32", ["i"] = "Int32", ["z"] = "Int32" });
        Assert.Equal(
            ["float32", "int32", "int32", "int32", "float32", "float64"],
            new[] { narrow["f"].Round(1).Abs(), narrow["i"].Where(narrow["b"], narrow["z"]), narrow["i"].FillNa(0).Round(-1), narrow["i"].Where(narrow["b"]), -narrow["f"].FillNa(1.5), narrow["f"].Where(narrow["b"], narrow["i"]) }.Select(x => x.Dtype));
        Assert.Equal("int64", narrow["i"].FillNa(3_000_000_000L).Dtype); // a fill an int32 cannot hold widens
        Assert.Equal([("j", "int64"), ("f", "float64")], df["i", "f"].Rename(new Dictionary<string, string> { ["i"] = "j", ["nope"] = "x" }).Dtypes);
    }

    [Fact]
    public void AStringMethod_OnADictionaryColumn_TransformsEachWordOnce_AndGivesPlainStrings()
    {
        var words = new Apache.Arrow.StringArray.Builder().AppendRange(["Ab", "aB"]).Build();
        var codes = new Apache.Arrow.Int32Array.Builder().AppendRange([0, 1, 1, 0]).Build();
        var column = new Apache.Arrow.DictionaryArray(new Apache.Arrow.Types.DictionaryType(Apache.Arrow.Types.Int32Type.Default, Apache.Arrow.Types.StringType.Default, false), codes, words);
        var lower = (Apache.Arrow.StringArray)StringKernels.Apply(StringOperation.Lower, column, null, false, true);
        Assert.Equal(["ab", "ab", "ab", "ab"], Enumerable.Range(0, 4).Select(i => lower.GetString(i))); // two codes, one word: not a dictionary any more
        var test = (Apache.Arrow.BooleanArray)StringKernels.Apply(StringOperation.StartsWith, column, "A", false, true);
        Assert.Equal([true, false, false, true], Enumerable.Range(0, 4).Select(i => test.GetValue(i)!.Value));
        Assert.Equal("name.str.upper()", new StringMethod(StringOperation.Upper, new ColumnRef("name")).ToString());
    }
}
