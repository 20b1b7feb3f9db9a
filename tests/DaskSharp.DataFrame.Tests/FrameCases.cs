using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>The frames and operations every executor must agree on.</summary>
internal static partial class FrameCases
{
    /// <summary>Two days of hourly rows, a partition every 6 hours: 48 rows in 8 partitions.</summary>
    public static DaskDataFrame Hourly() => Dd.Datasets.Timeseries("2000-01-01", "2000-01-03", freq: "1h", partitionFreq: "6h", seed: 7);

    /// <summary>An in-memory frame with nulls in every column and repeated keys, in 3 partitions.</summary>
    public static DaskDataFrame WithNulls() => Dd.FromArrow(Table(), npartitions: 3);

    public static RecordBatch Table()
    {
        long?[] k = [1, 2, null, 1, 3, 2, 1, null, 3, 3];
        double?[] v = [1.5, null, 2.0, -4.0, 0.25, 8.0, null, 1.0, -1.0, 3.5];
        string?[] s = ["a", "b", "a", null, "c", "b", "a", "c", null, "a"];
        var kb = new Int64Array.Builder();
        var vb = new DoubleArray.Builder();
        var sb = new StringArray.Builder();
        for (int i = 0; i < k.Length; i++)
        {
            if (k[i] is { } kv) { kb.Append(kv); } else { kb.AppendNull(); }
            if (v[i] is { } vv) { vb.Append(vv); } else { vb.AppendNull(); }
            if (s[i] is { } sv) { sb.Append(sv); } else { sb.AppendNull(); }
        }

        var schema = new Schema([new Field("k", Int64Type.Default, true), new Field("v", DoubleType.Default, true), new Field("s", StringType.Default, true)], null);
        return new RecordBatch(schema, [kb.Build(), vb.Build(), sb.Build()], k.Length);
    }

    /// <summary>Named lazy operations; each gives a printable, exact result.</summary>
    public static readonly Dictionary<string, Func<string, string>> Lazy = new()
    {
        ["timeseries-whole"] = s => Canonical(Hourly().Compute(s)),
        ["filter-project"] = s => { var df = Hourly(); return Canonical(df[df["x"] > 0.0]["y"].Compute(s)); },
        ["assign-arithmetic"] = s => { var df = Hourly(); return Canonical(df.Assign("z", (df["x"] * df["y"]) + 1.0)["z", "id"].Compute(s)); },
        ["filter-string"] = s => { var df = Hourly(); return Canonical(df[(df["name"] == "Alice") | (df["id"] > 1010L)]["name", "id"].Compute(s)); },
        ["groupby-agg"] = s => Canonical(Hourly().GroupBy("name").Agg(("x", "mean"), ("y", "sum"), ("id", "count")).Compute(s)),
        ["groupby-minmax-size"] = s => Canonical(Hourly().GroupBy("name").Agg(("lo", "x", "min"), ("hi", "x", "max"), ("n", "id", "size")).Compute(s)),
        ["series-reductions"] = s =>
        {
            var df = Hourly();
            return string.Join(";", new[] { df["x"].Sum(), df["x"].Mean(), df["id"].Min(), df["id"].Max(), df["y"].Count(), df.Len() }.Select(r => Format(r.Compute(s))));
        },
        ["nulls-groupby"] = s => Canonical(WithNulls().GroupBy("k").Agg(("v", "sum"), ("v", "count")).Compute(s)),
        ["nulls-groupby-string"] = s => Canonical(WithNulls().GroupBy("s").Agg(("total", "v", "sum"), ("m", "v", "mean"), ("n", "k", "size")).Compute(s)),
        ["nulls-filter"] = s => { var df = WithNulls(); return Canonical(df[df["v"] >= 1.0].Compute(s)); },
        ["nulls-reductions"] = s => { var df = WithNulls(); return string.Join(";", new[] { df["v"].Sum(), df["v"].Mean(), df["k"].Count(), df["v"].Max() }.Select(r => Format(r.Compute(s)))); },
        ["groupby-two-keys"] = s => Canonical(WithNulls().GroupBy("s", "k").Agg(("v", "sum")).Compute(s)),
        ["groupby-var-std"] = s => Canonical(Hourly().GroupBy("name").Agg(("sd", "x", "std"), ("v", "y", "var")).Compute(s)),
        ["head"] = s => Canonical(Hourly().Head(8, npartitions: 2, scheduler: s)),
    };

    /// <summary>Every value of every column (the index first), exactly ("R" doubles), one row a line.</summary>
    public static string Canonical(LocalFrame frame)
    {
        string[] columns = [.. (frame.Index is { } i ? new[] { i } : []), .. frame.Columns];
        object?[][] values = [.. columns.Select(frame.Values)];
        var text = new StringBuilder(string.Join(",", columns)).Append('\n');
        for (int r = 0; r < frame.Length; r++)
        {
            text.AppendJoin(",", values.Select(v => Format(v[r]))).Append('\n');
        }

        return text.ToString();
    }

    public static string Format(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };
}
