using System.Globalization;
using System.Text;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The interop operations (records, Microsoft.Data.Analysis, arrays) every executor must agree on; each gives a printable, exact result.</summary>
internal static class InteropCases
{
    public static readonly Dictionary<string, Func<string, string>> Lazy = new()
    {
        ["records-filter"] = s =>
        {
            DaskDataFrame df = Dd.FromRecords(RecordsTests.Rows(), 4);
            return string.Join("\n", df[df["Price"] > 0.0].Compute(s).ToRecords<RecordsTests.Row>());
        },
        ["records-assign"] = s =>
        {
            DaskDataFrame df = Dd.FromRecords(RecordsTests.Rows(), 3);
            return FrameCases.Canonical(df.Assign("z", (df["Volume"] * 2L) + df["MaybeVolume"])["z", "MaybeAt", "Symbol"].Compute(s));
        },
        ["mda-roundtrip"] = s =>
        {
            Microsoft.Data.Analysis.DataFrame mda = Dd.FromRecords(MicrosoftDataFrameTests.Rows(), 2).Compute(s).ToMicrosoftDataFrame();
            DaskDataFrame back = Dd.FromDataFrame(mda, 3);
            return string.Join("\n", back[back["Id"] >= 2L].Compute(s).ToRecords<MicrosoftDataFrameTests.Row>());
        },
        ["from-array"] = s =>
        {
            DaskDataFrame df = Dd.FromDaskArray(Da.FromArray(ArrayInteropTests.Matrix(11, 3), (4, 2)), ["a", "b", "c"]);
            DaskDataFrame big = df[df["b"] > 30.0];
            return FrameCases.Canonical(big.Assign("d", big["a"] + big["c"]).Compute(s));
        },
        ["to-array-frame"] = s =>
        {
            DaskDataFrame df = FrameCases.Hourly();
            return Show(df[df["y"] < 0.0]["x", "y", "id"].ToDaskArray<double>(s), s);
        },
        ["to-array-series-nulls"] = s => Show(FrameCases.WithNulls()["v"].ToDaskArray<double>(s), s),
        ["chain"] = s => string.Join("\n", Chain(s)),
        ["array-roundtrip"] = s =>
        {
            DaskArray<double> x = Da.FromArray(ArrayInteropTests.Matrix(9, 2), (2, 1));
            return Show(Dd.FromDaskArray(x).ToDaskArray<double>(s) * 2.0, s);
        },
    };

    public sealed record Point(double? X, long Y);

    public sealed record Values(double X, double Y);

    /// <summary>Records → frame → Microsoft.Data.Analysis → frame → array → frame → records, computing on <paramref name="scheduler"/>.</summary>
    public static IReadOnlyList<Values> Chain(string scheduler)
    {
        Point[] points = [.. Enumerable.Range(0, 13).Select(i => new Point(i % 5 == 3 ? null : i * 0.75 - 2, (long)i * i))];
        Microsoft.Data.Analysis.DataFrame mda = Dd.FromRecords(points, 3).Compute(scheduler).ToMicrosoftDataFrame();
        DaskArray<double> values = Dd.FromDataFrame(mda, 4).ToDaskArray<double>(scheduler);
        return Dd.FromDaskArray(values, ["X", "Y"]).Compute(scheduler).ToRecords<Values>();
    }

    internal static string Show(DaskArray<double> a, string scheduler)
    {
        var text = new StringBuilder(a.Chunks.ToString()).Append('\n');
        foreach (double v in a.Compute(scheduler).ToArray())
        {
            text.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
        }

        return text.ToString();
    }
}
