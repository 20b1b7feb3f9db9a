using System.Text.Json;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// CSV files written by pandas' <c>to_csv</c> in a fresh directory, and what pandas' <c>read_csv</c>
/// makes of them (<c>expected.json</c>), generated once per test class by <see cref="Script"/>:
/// <list type="bullet">
/// <item>mixed.csv: 3,000 rows of int64, float64 (quarters, 17-digit values, huge and tiny ones, nulls),
/// an int column with empty fields, strings with commas, quotes, spaces, non-ASCII and nulls, bools,
/// timestamps to the microsecond and dates;</item>
/// <item>multi/part-0.csv … part-11.csv: the same rows in twelve files (natural order matters);</item>
/// <item>quoted.csv: strings holding newlines, quotes and commas;</item>
/// <item>mixed-rewritten.csv: mixed.csv as pandas read it, written again by pandas (the bytes ToCsv must write).</item>
/// </list>
/// </summary>
public sealed class PandasCsvFixture : IDisposable
{
    public const string Script = Pandas.DumpFunction + """

        import sys, os
        out = sys.argv[1]
        rng = np.random.default_rng(7)
        n = 3000
        names = np.array(["Alice", "Bob", "Charlie", "Dan", "Edith"])
        notes = np.array(["plain", "with, comma", 'say "hi"', " lead", "trail ", "ünïcødé", "", "x" * 50, "NA"])
        y = rng.standard_normal(n) * 1e3
        y[rng.random(n) < 0.05] = np.nan
        z = np.exp(rng.uniform(-300, 300, n)) * np.where(rng.random(n) < 0.5, -1, 1)
        z[:6] = [0.0, -0.0, 1e16, 1e15, 1e-5, 0.0001]
        maybe = pd.array(rng.integers(0, 100, n), dtype="Int64")
        maybe[rng.random(n) < 0.1] = pd.NA
        label = pd.Series(names[rng.integers(0, 5, n)], dtype=object)
        label[rng.random(n) < 0.1] = None
        df = pd.DataFrame({
            "id": np.arange(n, dtype=np.int64) * 7 - 1000,
            "name": names[rng.integers(0, 5, n)],
            "x": rng.integers(-400, 400, n) / 4,
            "y": y,
            "z": z,
            "maybe": maybe,
            "note": notes[rng.integers(0, len(notes), n)],
            "label": label,
            "flag": rng.integers(0, 2, n).astype(bool),
            "when": pd.Timestamp("2000-01-01") + pd.to_timedelta(rng.integers(0, 10**15, n) // 1000 * 1000, unit="ns"),
            "day": pd.Timestamp("2001-03-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="D"),
        })
        df.to_csv(os.path.join(out, "mixed.csv"), index=False)
        os.makedirs(os.path.join(out, "multi"))
        for i, part in enumerate(np.array_split(df, 12)):
            part.to_csv(os.path.join(out, "multi", f"part-{i}.csv"), index=False)
        pd.DataFrame({"k": [1, 2, 3, 4], "text": ["one\nline two", 'a "quoted"\nword', "comma, then\r\nCRLF", None]}).to_csv(os.path.join(out, "quoted.csv"), index=False)

        kw = dict(parse_dates=["when", "day"], float_precision="round_trip")
        mixed = pd.read_csv(os.path.join(out, "mixed.csv"), **kw)
        multi = pd.concat([pd.read_csv(os.path.join(out, "multi", f"part-{i}.csv"), **kw) for i in range(12)], ignore_index=True)
        quoted = pd.read_csv(os.path.join(out, "quoted.csv"))
        mixed.to_csv(os.path.join(out, "mixed-rewritten.csv"), index=False)
        g = mixed.groupby("name").agg(x_sum=("x", "sum"), x_mean=("x", "mean"), x_count=("x", "count"), id_max=("id", "max"), maybe_sum=("maybe", "sum"))
        g = g.reset_index()
        expected = {
            "mixed": dump(mixed),
            "multi": dump(multi),
            "quoted": dump(quoted),
            "groupby": dump(g),
            "x_sum": repr(float(mixed["x"].sum())),
            "rows": len(mixed),
        }
        with open(os.path.join(out, "expected.json"), "w") as f:
            json.dump(expected, f)
        """;

    public PandasCsvFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "dasksharp-csv-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        Pandas.Run(Script, Directory);
        Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "expected.json")));
    }

    /// <summary>The directory holding the files.</summary>
    public string Directory { get; }

    /// <summary>What pandas read.</summary>
    public JsonDocument Expected { get; }

    public string Mixed => Path.Combine(Directory, "mixed.csv");

    public string Multi => Path.Combine(Directory, "multi", "*.csv");

    public string Quoted => Path.Combine(Directory, "quoted.csv");

    public string Rewritten => Path.Combine(Directory, "mixed-rewritten.csv");

    /// <summary>A fresh directory under the fixture's, for files a test writes.</summary>
    public string NewDirectory(string name)
    {
        string path = Path.Combine(Directory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        Expected.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still hold a file open for a moment; the temp directory is cleaned eventually.
        }
    }
}
