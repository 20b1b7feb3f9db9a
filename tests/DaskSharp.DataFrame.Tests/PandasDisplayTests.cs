using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// LocalFrame's text and HTML equal pandas' own (Debian's pandas, run once at test time) for random
/// frames: ints, floats from 1e-8 to 1e10 with NaN and inf, strings, bools and datetimes (midnight
/// only, whole seconds, milliseconds), with and without nulls, short and long (past 60 rows),
/// narrow and wider than 80 characters, some with their first column as the index.
/// </summary>
public sealed class PandasDisplayTests
{
    private const string Script = """
        import json, sys
        import numpy as np
        import pandas as pd

        def column(c):
            kind, values = c["kind"], c["values"]
            nulls = any(v is None for v in values)
            if kind == "int":
                return pd.array(values, dtype="Int64") if nulls else np.array(values, dtype="int64")
            if kind == "float":
                return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
            if kind == "bool":
                return pd.array(values, dtype="boolean") if nulls else np.array(values, dtype="bool")
            if kind == "str":
                return pd.array(values, dtype="string")
            return pd.to_datetime([pd.NaT if v is None else pd.Timestamp(v, unit="ns") for v in values])

        out = []
        for case in json.load(open(sys.argv[1])):
            frame = case["columns"]
            df = pd.DataFrame({c["name"]: column(c) for c in frame})
            if case["index"]:
                df = df.set_index(frame[0]["name"])
            out.append({"repr": repr(df), "html": df._repr_html_()})
        print(json.dumps(out))
        """;

    private static (string Name, string Kind, object?[] Values) RandomColumn(Random random, int rows, int j, bool index = false)
    {
        string kind = new[] { "int", "float", "float", "bool", "str", "ts" }[random.Next(6)];
        bool nulls = !index && random.Next(3) == 0;
        int magnitude = random.Next(-8, 11);
        int tsStyle = random.Next(3);
        var values = new object?[rows];
        for (int r = 0; r < rows; r++)
        {
            if (nulls && random.Next(5) == 0)
            {
                continue;
            }

            values[r] = kind switch
            {
                "int" => (object)((long)random.Next(-5000, 5000) * (random.Next(4) == 0 ? 1_000_000L : 1)),
                "float" => random.Next(40) switch
                {
                    0 => double.PositiveInfinity,
                    1 => double.NegativeInfinity,
                    2 => double.NaN,
                    < 20 => random.Next(-100, 100) / 4.0,
                    _ => (random.NextDouble() - 0.3) * Math.Pow(10, magnitude),
                },
                "bool" => random.Next(2) == 0,
                "str" => new string('x', random.Next(0, 12)) + random.Next(100).ToString(CultureInfo.InvariantCulture),
                _ => tsStyle switch
                {
                    0 => (long)random.Next(0, 20000) * 86_400_000_000_000L,
                    1 => ((long)random.Next(0, 2_000_000_000) * 1_000_000_000L) + 946_684_800_000_000_000L,
                    _ => ((long)random.Next(0, 2_000_000_000) * 1_000_000L) + 946_684_800_000_000_000L,
                },
            };
        }

        string name = random.Next(5) == 0 ? $"a_longer_name_{j}" : $"c{j}";
        return (name, kind, values);
    }

    private static LocalFrame Build(IReadOnlyList<(string Name, string Kind, object?[] Values)> columns, bool index)
    {
        var arrays = new List<(string, IArrowArray)>();
        foreach ((string name, string kind, object?[] values) in columns)
        {
            arrays.Add((name, kind switch
            {
                "int" => LocalFrameDisplayTests.Longs([.. values.Select(v => (long?)v)]),
                "float" => LocalFrameDisplayTests.Doubles([.. values.Select(v => (double?)v)]),
                "bool" => LocalFrameDisplayTests.Bools([.. values.Select(v => (bool?)v)]),
                "str" => LocalFrameDisplayTests.Strings([.. values.Select(v => (string?)v)]),
                _ => Stamps(values),
            }));
        }

        return LocalFrameDisplayTests.Frame(index ? columns[0].Name : null, [.. arrays]);
    }

    private static TimestampArray Stamps(object?[] values)
    {
        var b = new TimestampArray.Builder(new TimestampType(TimeUnit.Nanosecond, (string?)null));
        foreach (object? v in values)
        {
            if (v is long ns) { b.Append(DateTimeOffset.UnixEpoch.AddTicks(ns / 100)); } else { b.AppendNull(); }
        }

        return b.Build();
    }

    [Fact]
    public void RandomFrames_PrintAndRenderAsPandas()
    {
        var random = new Random(20261202);
        var frames = new List<List<(string Name, string Kind, object?[] Values)>>();
        var indexed = new List<bool>();
        for (int f = 0; f < 150; f++)
        {
            int rows = random.Next(5) == 0 ? random.Next(61, 90) : random.Next(1, 12);
            int width = random.Next(4) == 0 ? random.Next(8, 16) : random.Next(1, 6);
            bool index = random.Next(4) == 0 && width > 1; // then the first column (no nulls, not floats) is the index
            var columns = Enumerable.Range(0, width).Select(j => RandomColumn(random, rows, j, index && j == 0)).ToList();
            while (index && columns[0].Kind == "float")
            {
                columns[0] = RandomColumn(random, rows, 0, index: true);
            }

            frames.Add(columns);
            indexed.Add(index);
        }

        string path = Path.Combine(Path.GetTempPath(), $"daskSharp-display-{Guid.NewGuid():N}.json");
        try
        {
            object Json(object? v) => v is double d && !double.IsFinite(d) ? (double.IsNaN(d) ? "nan" : d > 0 ? "inf" : "-inf") : v!;
            File.WriteAllText(path, JsonSerializer.Serialize(frames.Select((cols, f) => new { index = indexed[f], columns = cols.Select(c => new { name = c.Name, kind = c.Kind, values = c.Values.Select(v => v is null ? null : Json(v)) }) })));
            JsonElement[] pandas = [.. JsonDocument.Parse(Pandas.Run(Script, path)).RootElement.EnumerateArray()];
            for (int f = 0; f < frames.Count; f++)
            {
                LocalFrame ours = Build(frames[f], indexed[f]);
                Assert.True(pandas[f].GetProperty("repr").GetString() == ours.ToString(), $"frame {f}: pandas printed\n{pandas[f].GetProperty("repr").GetString()}\nDaskSharp\n{ours}");
                Assert.True(pandas[f].GetProperty("html").GetString() == ours.ToHtml(), $"frame {f}: pandas rendered\n{pandas[f].GetProperty("html").GetString()}\nDaskSharp\n{ours.ToHtml()}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
