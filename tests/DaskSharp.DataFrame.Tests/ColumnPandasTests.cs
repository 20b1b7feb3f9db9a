using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Each column-level operation gives pandas' values exactly (on the sync scheduler; the matrix runs the rest).</summary>
public sealed class ColumnPandasTests
{
    public static TheoryData<string> Names => [.. ColumnCases.Operations.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Operation_GivesPandasValues(string name) => Assert.Equal(ColumnCases.Expected[name], ColumnCases.Run(name, "sync"));

    [Fact]
    public void EveryOperation_HasAnExpectedAnswer_AndEveryAnswerAnOperation() =>
        Assert.Equal(ColumnCases.Expected.Keys.Order(StringComparer.Ordinal), ColumnCases.Operations.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> StringNames => [.. ColumnCases.Operations.Keys.Where(k => k.StartsWith("s.", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(StringNames))]
    public void StringOperations_OnADictionaryColumn_GiveThePlainColumnsAnswer(string name)
    {
        DaskDataFrame df = ColumnCases.Frame();
        DaskDataFrame encoded = df.Drop("s").Rename(new Dictionary<string, string> { ["sd"] = "s" });
        Assert.Equal(ColumnCases.Expected[name], ColumnCases.Show(ColumnCases.Operations[name](encoded), "sync"));
    }
}
