using DaskSharp.DataFrames;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Reading and writing CSV gives the sync scheduler's answer, exactly, on threads and on worker processes (which open the files themselves).</summary>
[Collection(ProcessClusterCollection.Name)] // a class fixture would register a second cluster under the same name and unregister it under the others
public sealed class CsvMatrixTests(ProcessClusterFixture cluster, PandasCsvFixture files) : IClassFixture<PandasCsvFixture>
{
    private static readonly string[] s_dates = ["when", "day"];

    /// <summary>Named operations on pandas' files; each gives a printable, exact result.</summary>
    private static readonly Dictionary<string, Func<PandasCsvFixture, string, string>> s_cases = new()
    {
        ["read-blocks"] = (f, s) => FrameCases.Canonical(Dd.ReadCsv(f.Mixed, "32KB", parseDates: s_dates).Compute(s)),
        ["groupby"] = (f, s) => FrameCases.Canonical(Dd.ReadCsv(f.Mixed, "16KB").GroupBy("name").Agg(("x", "sum"), ("y", "mean"), ("maybe", "count"), ("id", "max")).Compute(s)),
        ["filter-project"] = (f, s) =>
        {
            DaskDataFrame df = Dd.ReadCsv(f.Mixed, "16KB", parseDates: s_dates);
            return FrameCases.Canonical(df[df["x"] > 0.0]["name", "y", "when"].Compute(s));
        },
        ["reductions"] = (f, s) =>
        {
            DaskDataFrame df = Dd.ReadCsv(f.Mixed, "16KB");
            return string.Join(";", new[] { df["x"].Sum(), df["y"].Mean(), df["maybe"].Count(), df["z"].Max(), df.Len() }.Select(r => FrameCases.Format(r.Compute(s))));
        },
        ["glob"] = (f, s) => FrameCases.Canonical(Dd.ReadCsv(f.Multi, parseDates: s_dates).Compute(s)),
        ["quoted"] = (f, s) => FrameCases.Canonical(Dd.ReadCsv(f.Quoted, blocksize: null).Compute(s)),
        ["to-csv"] = (f, s) =>
        {
            string dir = f.NewDirectory("matrix-" + s);
            IReadOnlyList<string> written = Dd.ReadCsv(f.Mixed, "64KB", parseDates: s_dates).ToCsv(Path.Combine(dir, "out-*.csv"), scheduler: s);
            string names = string.Join(",", written.Select(Path.GetFileName));
            return names + "\n" + FrameCases.Canonical(Dd.ReadCsv(Path.Combine(dir, "*.csv"), parseDates: s_dates).Compute("sync"));
        },
        ["type-error"] = (f, s) =>
        {
            // One bad value, in one block: the error is the same whichever block runs first.
            string late = Path.Combine(f.Directory, "matrix-late.csv");
            if (!File.Exists(late))
            {
                File.WriteAllLines(late, ["id,name", .. Enumerable.Range(0, 3000).Select(i => (i == 2500 ? "2.5" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)) + ",abc")]);
            }

            var e = Assert.Throws<TaskFailedException>(() => Dd.ReadCsv(late, "4KB", dtypes: new Dictionary<string, string> { ["id"] = "int64" }).Compute(s));
            string type = e.InnerException is RemoteException r ? r.TypeName : e.InnerException!.GetType().FullName!;
            return type + ": " + e.InnerException!.Message;
        },
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) =>
        Assert.Equal(s_cases[name](files, "sync"), s_cases[name](files, "threads"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(s_cases[name](files, "sync"), s_cases[name](files, ProcessClusterFixture.SchedulerName));
    }
}
