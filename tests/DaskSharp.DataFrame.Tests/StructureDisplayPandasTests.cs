using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// A lazy frame's structure equals pandas' drawing of Dask's <c>_repr_data</c> (built in Python as
/// dask-expr builds it) for random columns, dtypes, partition counts and divisions (unknown,
/// integers, midnight dates, dates with times).
/// </summary>
public sealed class StructureDisplayPandasTests
{
    private const string Script = """
        import json, sys
        import pandas as pd

        out = []
        for case in json.load(open(sys.argv[1])):
            n = case["npartitions"]
            divisions = case["divisions"]
            if case["kind"] == "ts":
                divisions = [pd.Timestamp(v, unit="ns") for v in divisions]
            index = pd.Index(divisions if divisions is not None else [""] * (n + 1), name=f"npartitions={n}")
            data = pd.concat([pd.Series([d] + ["..."] * n, index=index, name=c) for c, d in case["columns"]], axis=1)
            out.append({"text": data.to_string(max_rows=5), "html": data.to_html(max_rows=5, show_dimensions=False)})
        print(json.dumps(out))
        """;

    private static readonly (string Dtype, IArrowType Type)[] s_types =
        [("int64", Int64Type.Default), ("float64", DoubleType.Default), ("string", StringType.Default), ("bool", BooleanType.Default), ("int32", Int32Type.Default), ("datetime64[ns]", new TimestampType(TimeUnit.Nanosecond, (string?)null))];

    [Fact]
    public void RandomStructures_AreDrawnAsPandasDrawsDasksReprData()
    {
        var random = new Random(13);
        var cases = new List<(int N, string Kind, long[]? Divisions, (string Name, int Type)[] Columns)>();
        for (int c = 0; c < 80; c++)
        {
            int n = random.Next(1, 40);
            string kind = new[] { "none", "int", "ts", "ts-times" }[random.Next(4)];
            long step = kind == "ts" ? 86_400_000_000_000L * random.Next(1, 3) : kind == "ts-times" ? 3_600_000_000_000L * random.Next(1, 30) : random.Next(1, 5000);
            long start = kind.StartsWith("ts", StringComparison.Ordinal) ? 946_684_800_000_000_000L : random.Next(-100, 100);
            long[]? divisions = kind == "none" ? null : [.. Enumerable.Range(0, n + 1).Select(i => start + (i * step))];
            (string, int)[] columns = [.. Enumerable.Range(0, random.Next(1, 7)).Select(j => (random.Next(3) == 0 ? $"column_{j}_with_a_long_name" : $"c{j}", random.Next(s_types.Length)))];
            cases.Add((n, kind, divisions, columns));
        }

        string path = Path.Combine(Path.GetTempPath(), $"daskSharp-structure-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, JsonSerializer.Serialize(cases.Select(c => new
            {
                npartitions = c.N,
                kind = c.Kind.StartsWith("ts", StringComparison.Ordinal) ? "ts" : c.Kind,
                divisions = c.Divisions,
                columns = c.Columns.Select(col => new object[] { col.Name, s_types[col.Type].Dtype }),
            })));
            JsonElement[] pandas = [.. JsonDocument.Parse(Pandas.Run(Script, path)).RootElement.EnumerateArray()];
            for (int i = 0; i < cases.Count; i++)
            {
                var (n, kind, divisions, columns) = cases[i];
                var schema = new Schema([.. columns.Select(col => new Field(col.Name, s_types[col.Type].Type, true))], null);
                IReadOnlyList<object>? labels = divisions?.Select(d => kind.StartsWith("ts", StringComparison.Ordinal) ? (object)DateTime.UnixEpoch.AddTicks(d / 100) : d).ToList();
                var df = new DaskDataFrame(new FromPartitions([.. Enumerable.Range(0, n).Select(_ => Partition.Empty(new FrameSchema(schema)))], labels));
                string text = pandas[i].GetProperty("text").GetString()!, html = pandas[i].GetProperty("html").GetString()!;
                Assert.True($"Dask DataFrame Structure:\n{text}\nDask Name: from-arrow, 1 expression" == df.ToString(), $"case {i}: pandas drew\n{text}\nDaskSharp\n{df}");
                Assert.Equal($"<div><strong>Dask DataFrame Structure:</strong></div>\n{html}\n<div>Dask Name: from-arrow, 1 expression</div>", df.ToHtml());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
