using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Mistakes in column-level operations get an error naming the problem: when written for types, names and options; at compute, naming the row and value, for a value that does not convert.</summary>
public sealed class ColumnBadInputTests
{
    private static ArgumentException Refused(Func<object> make) => Assert.ThrowsAny<ArgumentException>(make);

    [Fact]
    public void TypeMismatches_NameTheExpressionAndTheTypes()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal("Cannot fill a string column with 1 (int64) in name.fillna(1).", Refused(() => df["name"].FillNa(1)).Message);
        Assert.Equal("where needs a bool condition; x is float64 in x.where(x).", Refused(() => df["x"].Where(df["x"])).Message);
        Assert.Equal("Cannot mix float64 with string in x.where((x > 0), 'a').", Refused(() => df["x"].Where(df["x"] > 0.0, "a")).Message);
        Assert.Equal("Cannot mix string with float64 in name.mask((x > 0), x).", Refused(() => df["name"].Mask(df["x"] > 0.0, df["x"])).Message);
        Assert.Equal("Cannot compare string with bounds int64 and int64 in name.between(0, 1, inclusive='both').", Refused(() => df["name"].Between(0, 1)).Message);
        Assert.Equal("'a' cannot be in a float64 column, in x.isin(['a']).", Refused(() => df["x"].IsIn("a")).Message);
        Assert.Equal("Cannot convert datetime64[ns] to float64 in timestamp.astype('float64').", Refused(() => df["timestamp"].AsType("float64")).Message);
        Assert.Equal(".str needs a string column; x is float64, in x.str.lower().", Refused(() => df["x"].Str.Lower()).Message);
        Assert.Equal(".dt needs a datetime column; name is string, in name.dt.hour.", Refused(() => df["name"].Dt.Hour).Message);
        Assert.Equal(".dt needs a datetime column; x is float64, in x.dt.floor('1h').", Refused(() => df["x"].Dt.Floor("1h")).Message);
        Assert.Equal("name.abs() needs a numeric column; it is string.", Refused(() => df["name"].Abs()).Message);
        Assert.Equal("(-name) needs a numeric column; it is string.", Refused(() => -df["name"]).Message);
        Assert.Equal("Cannot apply '%' to string and int64 in (name % 2).", Refused(() => df["name"] % 2).Message);
        Assert.Equal("Cannot apply '>' to datetime64[ns] and float64 in (timestamp > 1).", Refused(() => df["timestamp"] > 1.0).Message);
    }

    [Fact]
    public void BadOptions_AreRefused_ListingTheValidOnes()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.Equal("inclusive must be one of 'both', 'neither', 'left', 'right', not 'all'. (Parameter 'inclusive')", Refused(() => df["x"].Between(0, 1, "all")).Message);
        Assert.StartsWith("Unknown dtype 'int'; astype knows 'int64', 'int32', 'Int64', 'Int32', 'float64', 'float32', 'bool', 'string', 'str', 'datetime64[ns]'.", Refused(() => df["x"].AsType("int")).Message, StringComparison.Ordinal);
        Assert.StartsWith("'soon' is not a fixed frequency", Refused(() => df["timestamp"].Dt.Floor("soon")).Message, StringComparison.Ordinal);
        Assert.StartsWith("'(' is not a regular expression", Refused(() => df["name"].Str.Contains("(")).Message, StringComparison.Ordinal);
        Assert.StartsWith("how must be 'any' or 'all', not 'some'.", Refused(() => df.DropNa("some")).Message, StringComparison.Ordinal);
        Assert.StartsWith("errors must be 'ignore' or 'raise', not 'warn'.", Refused(() => df.Rename(new Dictionary<string, string>(), "warn")).Message, StringComparison.Ordinal);
        Assert.StartsWith("A column expression's constant must be a number, a string or a bool, not Guid.", Refused(() => df["x"].IsIn(Guid.Empty)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => df["x"].Round(400));
    }

    [Fact]
    public void MissingColumns_AreNamed_WithTheNearestOffered()
    {
        DaskDataFrame df = FrameCases.Hourly();
        string[] messages =
        [
            Assert.Throws<KeyNotFoundException>(() => df.Drop("nmae")).Message,
            Assert.Throws<KeyNotFoundException>(() => df.DropNa(subset: ["nmae"])).Message,
            Assert.Throws<KeyNotFoundException>(() => df.FillNa(new Dictionary<string, object> { ["nmae"] = "?" })).Message,
            Assert.Throws<KeyNotFoundException>(() => df.AsType(new Dictionary<string, string> { ["nmae"] = "string" })).Message,
            Assert.Throws<KeyNotFoundException>(() => df.Rename(new Dictionary<string, string> { ["nmae"] = "who" }, errors: "raise")).Message,
        ];
        Assert.All(messages, m => Assert.Equal("Column 'nmae' not found; the columns are 'timestamp', 'id', 'name', 'x', 'y'. Did you mean 'name'?", m));
        Assert.Equal(["id", "name", "x", "y"], df.Rename(new Dictionary<string, string> { ["nmae"] = "who" }).Columns); // pandas' default ignores it
    }

    [Fact]
    public void TheIndexIsNotADataColumn_AndRenamesMayNotCollide()
    {
        DaskDataFrame df = FrameCases.Hourly();
        Assert.StartsWith("'timestamp' is the index, not a column; the columns are 'id', 'name', 'x', 'y'.", Refused(() => df.Drop("timestamp")).Message, StringComparison.Ordinal);
        Assert.StartsWith("Renaming would give two columns the name 'y'.", Refused(() => df.Rename(new Dictionary<string, string> { ["x"] = "y" })).Message, StringComparison.Ordinal);
        Assert.Equal(["id", "name", "y", "x"], df.Rename(new Dictionary<string, string> { ["x"] = "y", ["y"] = "x" }).Columns); // a swap is fine
    }

    [Fact]
    public void AValueThatDoesNotConvert_FailsTheCompute_NamingTheColumnRowAndValue()
    {
        DaskDataFrame df = ColumnCases.Frame();
        Exception notANumber = Assert.ThrowsAny<Exception>(() => df["s"].FillNa("0").AsType("int64").Compute("sync"));
        Assert.Contains("s.fillna('0').astype('int64'): row 0 of a partition holds 'Alice', which is not a valid int64.", Flatten(notANumber), StringComparison.Ordinal);
        Exception aNull = Assert.ThrowsAny<Exception>(() => df["i"].AsType("int64").Compute("sync"));
        Assert.Contains("i.astype('int64'): row 2 of a partition is null, and int64 cannot hold a null", Flatten(aNull), StringComparison.Ordinal);
        Assert.Contains("use 'Int64' to keep nulls", Flatten(aNull), StringComparison.Ordinal);
        Exception notADate = Assert.ThrowsAny<Exception>(() => df["s"].AsType("datetime64[ns]").Compute("sync"));
        Assert.Contains("s.astype('datetime64[ns]'): row 0 of a partition holds 'Alice', which is not a valid datetime64[ns].", Flatten(notADate), StringComparison.Ordinal);
        Exception nan = Assert.ThrowsAny<Exception>(() => df["f"].FillNa(0).Where(df["f"] < 100.0, double.NaN).AsType("int32").Compute("sync"));
        Assert.Contains("which is not a valid int32", Flatten(nan), StringComparison.Ordinal);
    }

    [Fact]
    public void ASeriesOfAnotherFrame_IsRefusedByWhereAndMask()
    {
        DaskDataFrame a = FrameCases.Hourly(), b = FrameCases.WithNulls();
        Assert.Contains("Aligning different frames needs a join", Refused(() => a["x"].Where(b["v"] > 0.0)).Message, StringComparison.Ordinal);
        Assert.Contains("Aligning different frames needs a join", Refused(() => a.Mask(b["v"] > 0.0)).Message, StringComparison.Ordinal);
        Assert.Contains("Aligning different frames needs a join", Refused(() => a["x"].Mask(a["x"] > 0.0, b["v"])).Message, StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
