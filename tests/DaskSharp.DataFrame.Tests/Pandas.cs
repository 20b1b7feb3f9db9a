using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// Debian's pandas (/usr/bin/python3 with python3-pandas), run at test time: it makes the CSV
/// fixtures and reads what DaskSharp wrote, so the comparisons are with pandas itself. Nothing is
/// skipped: without python3 or pandas the tests fail, saying what to install.
/// </summary>
internal static class Pandas
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> (sys.argv[1:]) and returns what it printed.</summary>
    public static string Run(string script, params string[] args)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"These tests compare with pandas, but {Python} is missing: install python3-pandas (apt-get install python3-pandas; test.sh does it when run as root).");
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Python} did not finish within 120 s.");
        }

        if (process.ExitCode != 0)
        {
            string stderr = errors.Result;
            string hint = stderr.Contains("No module named 'pandas'", StringComparison.Ordinal) || stderr.Contains("No module named 'numpy'", StringComparison.Ordinal)
                ? " pandas is missing: install python3-pandas (apt-get install python3-pandas; test.sh does it when run as root)."
                : string.Empty;
            throw new InvalidOperationException($"{Python} failed (exit {process.ExitCode}).{hint}\n{stderr}");
        }

        return output.Result;
    }

    /// <summary>
    /// The Python that writes a frame pandas read as JSON: {"dtypes": {col: dtype}, "columns": {col:
    /// [values]}}, floats as repr strings (NaN as null), datetimes as int64 nanoseconds (NaT as null).
    /// </summary>
    public const string DumpFunction = """
        import json, math
        import numpy as np
        import pandas as pd

        def dump(df):
            columns = {}
            for c in df.columns:
                s = df[c]
                kind = str(s.dtype)
                if kind.startswith("datetime64"):
                    columns[c] = [None if pd.isna(v) else int(v.value) for v in s]
                elif kind == "float64":
                    columns[c] = [None if math.isnan(v) else repr(float(v)) for v in s]
                elif kind == "int64":
                    columns[c] = [int(v) for v in s]
                elif kind == "bool":
                    columns[c] = [bool(v) for v in s]
                else:
                    columns[c] = [None if (v is None or (isinstance(v, float) and math.isnan(v))) else (bool(v) if isinstance(v, (bool, np.bool_)) else str(v)) for v in s]
            return {"dtypes": {c: str(df[c].dtype) for c in df.columns}, "columns": columns}
        """;

    /// <summary>Asserts that <paramref name="frame"/> holds exactly what pandas read (<paramref name="expected"/>, as <see cref="DumpFunction"/> writes it).</summary>
    public static void AssertSame(JsonElement expected, LocalFrame frame)
    {
        JsonElement dtypes = expected.GetProperty("dtypes");
        Assert.Equal([.. dtypes.EnumerateObject().Select(p => p.Name)], frame.Index is { } index ? [index, .. frame.Columns] : frame.Columns);
        RecordBatch batch = frame.ToArrow();
        foreach (JsonProperty column in expected.GetProperty("columns").EnumerateObject())
        {
            string dtype = dtypes.GetProperty(column.Name).GetString()!;
            IArrowArray array = batch.Column(batch.Schema.GetFieldIndex(column.Name));
            string ours = Dtype.Name(array.Data.DataType);
            Assert.True(dtype == ours || (dtype == "object" && ours == "string"), $"column {column.Name}: pandas read {dtype}, DaskSharp {ours}");
            JsonElement[] values = [.. column.Value.EnumerateArray()];
            Assert.Equal(values.Length, array.Length);
            for (int r = 0; r < values.Length; r++)
            {
                object? want = Expected(values[r], dtype);
                object? got = Actual(array, r);
                if (!Equals(want, got))
                {
                    Assert.Fail($"column {column.Name} row {r}: pandas read {Show(want)}, DaskSharp {Show(got)}");
                }
            }
        }
    }

    private static object? Expected(JsonElement v, string dtype) => v.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => v.GetInt64(),
        _ when dtype == "float64" => v.GetString() switch
        {
            "inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
        },
        _ => v.GetString(),
    };

    private static object? Actual(IArrowArray a, int r)
    {
        if (a.NullCount > 0 && !a.IsValid(r))
        {
            return null;
        }

        return a switch
        {
            TimestampArray t => t.Values[r],
            DoubleArray d => d.Values[r],
            Int64Array l => l.Values[r],
            BooleanArray b => b.GetValue(r),
            StringArray s => s.GetString(r),
            DictionaryArray d => ((StringArray)d.Dictionary).GetString(((Int32Array)d.Indices).Values[r]),
            _ => throw new NotSupportedException(a.Data.DataType.Name),
        };
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => JsonSerializer.Serialize(s),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture)!,
    };
}
