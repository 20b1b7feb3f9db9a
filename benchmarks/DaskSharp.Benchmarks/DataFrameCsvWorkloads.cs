using System.Diagnostics;
using System.Globalization;
using System.Text;
using DaskSharp.DataFrames;
using DaskSharp.DataFrames.IO;

namespace DaskSharp.Benchmarks;

/// <summary>The CSV workload, named as in dask_anchor.py.</summary>
internal static partial class Workloads
{
    /// <summary>
    /// <c>df-csv DAYS</c>: a CSV of <c>Timeseries</c> at 1 s (timestamp, id, name, x, y; DAYS × 86,400
    /// rows, about 1 GB for the default 165 days), made once under /tmp and reused, then
    /// <c>ReadCsv(path, blocksize: "64MB").GroupBy("name").x.mean()</c> on threads, as dask_anchor.py's
    /// <c>df-csv PATH</c> (the path is printed, to give it the same file). Reading is part of the time.
    /// Each timed run also prints DuckDB's time for the same query on the same file.
    /// </summary>
    private static void DataFrameCsv(long? size, bool emit)
    {
        int days = (int)(size ?? 165);
        string path = BenchmarkCsv(days);
        long start = Stopwatch.GetTimestamp();
        DaskDataFrame df = Dd.ReadCsv(path, blocksize: "64MB");
        LocalFrame r = df.GroupBy("name").Agg(("x", "mean")).Compute("threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(r.Length == 26, "df-csv: expected 26 groups");
        if (emit)
        {
            long bytes = new FileInfo(path).Length;
            Emit("df-csv-groupby", seconds, ("groups", r.Length), ("path", path), ("mb", bytes / 1_000_000), ("partitions", df.NPartitions),
                ("mb_per_s", Math.Round(bytes / 1e6 / seconds)), ("peak_rss_mb", PeakWorkingSet() >> 20));
            DuckDbCsv(path, bytes);
        }
    }

    /// <summary>DuckDB's <c>read_csv</c> and group-by of the same file, for a third figure beside Dask's (all cores, as DuckDB's default).</summary>
    private static void DuckDbCsv(string path, long bytes)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, avg(x) FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}') GROUP BY name";
        long start = Stopwatch.GetTimestamp();
        int groups = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                groups++;
            }
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(groups == 26, "df-csv: DuckDB found other than 26 groups");
        Emit("df-csv-groupby-duckdb", seconds, ("groups", groups), ("mb_per_s", Math.Round(bytes / 1e6 / seconds)));
    }

    /// <summary>The benchmark's CSV of <paramref name="days"/> days, written by DaskSharp's own CSV writer the first time it is asked for.</summary>
    private static string BenchmarkCsv(int days)
    {
        string directory = Path.Combine(Path.GetTempPath(), "dasksharp-bench");
        string path = Path.Combine(directory, $"df-csv-{days}d.csv");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        string end = new DateTime(2000, 1, 1).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var source = (DataFrames.Datasets.Timeseries)Dd.Datasets.Timeseries("2000-01-01", end, freq: "1s", partitionFreq: "1D", seed: 1).Plan;
        string partial = path + ".partial";
        using (var text = new StreamWriter(partial, false, new UTF8Encoding(false), 1 << 20))
        {
            for (int i = 0; i < source.NPartitions; i++)
            {
                CsvWriter.Write(text, index: true, source.Read(i), header: i == 0);
            }
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }
}
