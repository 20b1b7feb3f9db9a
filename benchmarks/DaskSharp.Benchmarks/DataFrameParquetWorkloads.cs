using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DuckDB.NET.Data;

namespace DaskSharp.Benchmarks;

/// <summary>The Parquet dataframe workloads: db-benchmark's groupby questions read from Parquet.</summary>
internal static partial class Workloads
{
    private const int ParquetPartitionRows = 1_000_000;

    /// <summary>
    /// <c>df-parquet-groupby ROWS</c>: db-benchmark's groupby data (id1: 100 string groups
    /// "id001".."id100"; id3: about 1M int groups; v1 int 1..5; v3 float in [0, 100)), ROWS rows
    /// (1e7 by default) written once by ToParquet (cached under /tmp, a file per million rows), then
    /// q1 (sum v1 by id1) and q3 (sum v1, mean v3 by id3) read from those files on the threads
    /// scheduler, each also run by DuckDB on the same files in the same process for comparison.
    /// </summary>
    private static void DataFrameParquetGroupBy(long? size, bool emit)
    {
        long rows = size ?? 10_000_000;
        string dir = GroupByDataset(rows);

        long start = Stopwatch.GetTimestamp();
        LocalFrame q1 = Dd.ReadParquet(dir).GroupBy("id1").Agg(("v1", "sum")).Compute("threads");
        double q1Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long v1Total = q1.Values("v1").Sum(v => (long)v!);
        Check(q1.Length == 100, "df-parquet-groupby q1: expected 100 groups");

        start = Stopwatch.GetTimestamp();
        LocalFrame q3 = Dd.ReadParquet(dir).GroupBy("id3").Agg(("v1", "sum"), ("v3", "mean")).Compute("threads");
        double q3Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(q3.Values("v1").Sum(v => (long)v!) == v1Total, "df-parquet-groupby q3: the v1 sums differ from q1's");

        // Where the time goes: reading (and decoding) the key column alone, counted, on the same scheduler.
        double readId1 = Timed(() => Dd.ReadParquet(dir)["id1"].Count().Compute("threads"));
        double readId3 = Timed(() => Dd.ReadParquet(dir)["id3"].Count().Compute("threads"));
        (double duckQ1, long duckQ1Groups) = DuckDb($"SELECT id1, sum(v1) FROM read_parquet('{dir}/*.parquet') GROUP BY id1");
        (double duckQ3, long duckQ3Groups) = DuckDb($"SELECT id3, sum(v1), avg(v3) FROM read_parquet('{dir}/*.parquet') GROUP BY id3");
        Check(duckQ1Groups == q1.Length && duckQ3Groups == q3.Length, "df-parquet-groupby: DuckDB finds other group counts");
        if (emit)
        {
            Emit("df-parquet-groupby-q1", q1Seconds, ("rows", rows), ("groups", q1.Length), ("rows_per_s", Math.Round(rows / q1Seconds)), ("duckdb_seconds", Math.Round(duckQ1, 4)), ("read_id1_seconds", Math.Round(readId1, 4)), ("peak_rss_mb", PeakWorkingSet() >> 20), ("csv", GroupByCsv(dir)));
            Emit("df-parquet-groupby-q3", q3Seconds, ("rows", rows), ("groups", q3.Length), ("rows_per_s", Math.Round(rows / q3Seconds)), ("duckdb_seconds", Math.Round(duckQ3, 4)), ("read_id3_seconds", Math.Round(readId3, 4)), ("peak_rss_mb", PeakWorkingSet() >> 20));
        }
    }

    private static double Timed(Func<object?> run)
    {
        long start = Stopwatch.GetTimestamp();
        _ = run();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>The query's wall time in DuckDB (its result read whole) and its rows.</summary>
    private static (double Seconds, long Rows) DuckDb(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        long start = Stopwatch.GetTimestamp();
        long n = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                n++;
            }
        }

        return (Stopwatch.GetElapsedTime(start).TotalSeconds, n);
    }

    /// <summary>The dataset as one CSV beside its directory (written by DuckDB on first use), for Python Dask, which cannot read Parquet here.</summary>
    private static string GroupByCsv(string dir)
    {
        string csv = dir + ".csv";
        if (!File.Exists(csv))
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_parquet('{dir}/*.parquet')) TO '{csv}.partial' (HEADER, DELIMITER ',')";
            command.ExecuteNonQuery();
            File.Move(csv + ".partial", csv);
        }

        return csv;
    }

    /// <summary>The dataset's directory, written on first use (a marker file says it is complete).</summary>
    private static string GroupByDataset(long rows)
    {
        string dir = Path.Combine(Path.GetTempPath(), "dasksharp-bench", $"groupby-{rows}");
        string done = Path.Combine(dir, "_complete");
        if (File.Exists(done))
        {
            return dir;
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        int parts = (int)Math.Ceiling(rows / (double)ParquetPartitionRows);
        var batches = new List<RecordBatch>(parts);
        for (int p = 0; p < parts; p++)
        {
            batches.Add(GroupByPart(p, (int)Math.Min(ParquetPartitionRows, rows - ((long)p * ParquetPartitionRows)), (int)Math.Max(1, rows / 10)));
        }

        Dd.FromArrow(batches).ToParquet(dir, scheduler: "threads");
        File.WriteAllText(done, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return dir;
    }

    private static RecordBatch GroupByPart(int part, int n, int id3Groups)
    {
        var rng = new Random(part + 1);
        string[] id1Names = [.. Enumerable.Range(1, 100).Select(i => $"id{i:D3}")];
        var id1 = new StringArray.Builder();
        var id3 = new int[n];
        var v1 = new int[n];
        var v3 = new double[n];
        for (int i = 0; i < n; i++)
        {
            id1.Append(id1Names[rng.Next(100)]);
            id3[i] = 1 + rng.Next(id3Groups);
            v1[i] = 1 + rng.Next(5);
            v3[i] = Math.Round(rng.NextDouble() * 100, 6);
        }

        var schema = new Schema([new Field("id1", StringType.Default, false), new Field("id3", Int32Type.Default, false), new Field("v1", Int32Type.Default, false), new Field("v3", DoubleType.Default, false)], null);
        return new RecordBatch(schema, [id1.Build(), new Int32Array(new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(id3.AsSpan()).ToArray()), ArrowBuffer.Empty, n, 0, 0), new Int32Array(new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v1.AsSpan()).ToArray()), ArrowBuffer.Empty, n, 0, 0), new DoubleArray(new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v3.AsSpan()).ToArray()), ArrowBuffer.Empty, n, 0, 0)], n);
    }
}
