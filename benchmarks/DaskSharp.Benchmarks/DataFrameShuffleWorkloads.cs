using System.Diagnostics;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames;
using DuckDB.NET.Data;

namespace DaskSharp.Benchmarks;

/// <summary>
/// The dataframe workloads that move rows between partitions, with dask_anchor.py's data formulas
/// and partition counts (500,000 rows a partition), on the threads scheduler. Building the input
/// frames in memory is outside the time, as in Dask's run (pandas frames made before the clock).
/// </summary>
internal static partial class Workloads
{
    /// <summary>
    /// <c>df-merge MILLIONS</c>: N million rows (k = i·7919 mod N/10, a = (i mod 1000)/1000) joined
    /// inner on k with N/10 million rows (k = j, b = j·31 mod 97); the sum of b. Dask runs a hash
    /// join (shuffle="tasks"); here the planner chooses, and prints which in <c>plan</c>.
    /// </summary>
    private static void DataFrameMerge(long? size, bool emit)
    {
        long n = (size ?? 10) * 1_000_000;
        long m = Math.Max(n / 10, 1);
        var leftK = new long[n];
        var leftA = new double[n];
        for (long i = 0; i < n; i++)
        {
            leftK[i] = (i * 7919) % m;
            leftA[i] = (i % 1000) / 1000.0;
        }

        var rightK = new long[m];
        var rightB = new long[m];
        for (long j = 0; j < m; j++)
        {
            rightK[j] = j;
            rightB[j] = (j * 31) % 97;
        }

        DaskDataFrame left = Dd.FromArrow(Batch(("k", Int64(leftK)), ("a", Float64(leftA))), (int)Math.Max(n / 500_000, 2));
        DaskDataFrame right = Dd.FromArrow(Batch(("k", Int64(rightK)), ("b", Int64(rightB))), (int)Math.Max(m / 500_000, 2));
        long start = Stopwatch.GetTimestamp();
        DaskDataFrame joined = left.Merge(right, how: "inner", on: ["k"]);
        long total = Convert.ToInt64(joined["b"].Sum().Compute("threads"), System.Globalization.CultureInfo.InvariantCulture);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Every left row finds exactly one right row (k < m): the sum is Σ b over the left's keys.
        long expected = 0;
        foreach (long k in leftK)
        {
            expected += (k * 31) % 97;
        }

        Check(total == expected, $"df-merge: sum of b is {total}, expected {expected}");
        (double duckSeconds, long duckTotal) = DuckDbTimed(
            [$"CREATE TABLE l AS SELECT (i * 7919) % {m} AS k, (i % 1000) / 1000.0 AS a FROM range({n}) t(i)", $"CREATE TABLE r AS SELECT j AS k, (j * 31) % 97 AS b FROM range({m}) t(j)"],
            "SELECT sum(b)::BIGINT FROM l JOIN r USING (k)");
        Check(duckTotal == expected, $"df-merge: DuckDB's sum of b is {duckTotal}, expected {expected}");
        if (emit)
        {
            Emit("df-merge-threads", seconds, ("left_rows", n), ("right_rows", m), ("value", total), ("peak_rss_mb", PeakWorkingSet() >> 20),
                ("duckdb_seconds", Math.Round(duckSeconds, 4)), ("plan", PlanDecisions(joined.Explain())));
        }
    }

    /// <summary>
    /// <c>df-sort MILLIONS</c>: <c>SetIndex("key")</c> on N million rows (key = (i·104729 mod N)/N,
    /// unsorted; v = i mod 97), then the first v of every output partition, as dask_anchor.py does.
    /// The first rows depend on where each library puts its divisions, so the check is the order:
    /// each partition's first key is at least the previous partition's.
    /// </summary>
    private static void DataFrameSort(long? size, bool emit)
    {
        long n = (size ?? 20) * 1_000_000;
        var key = new double[n];
        var v = new long[n];
        for (long i = 0; i < n; i++)
        {
            key[i] = ((i * 104729) % n) / (double)n;
            v[i] = i % 97;
        }

        DaskDataFrame df = Dd.FromArrow(Batch(("key", Float64(key)), ("v", Int64(v))), (int)Math.Max(n / 500_000, 2));
        long start = Stopwatch.GetTimestamp();
        DaskDataFrame sorted = df.SetIndex("key", scheduler: "threads");
        LocalFrame firsts = sorted.MapPartitions((RecordBatch p) => p.Slice(0, Math.Min(1, p.Length)), preservesIndex: true).Compute("threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        object?[] firstKeys = firsts.Values(firsts.Index ?? "key");
        for (int i = 1; i < firstKeys.Length; i++)
        {
            Check((double)firstKeys[i]! >= (double)firstKeys[i - 1]!, "df-sort: the partitions' first keys are not in order");
        }

        long firstSum = firsts.Values("v").Sum(x => (long)x!);

        // DuckDB sorts the same rows into a table (its equivalent of a frame sorted by key), then reads one value.
        (double duckSeconds, long duckRows) = DuckDbTimed(
            [$"CREATE TABLE t AS SELECT ((i * 104729) % {n}) / {n}.0 AS key, i % 97 AS v FROM range({n}) r(i)"],
            "CREATE TABLE s AS SELECT * FROM t ORDER BY key; SELECT count(*) FROM s");
        Check(duckRows == n, $"df-sort: DuckDB sorted {duckRows} rows");
        if (emit)
        {
            Emit("df-sort-threads", seconds, ("rows", n), ("partitions", sorted.NPartitions), ("first_sum", firstSum), ("peak_rss_mb", PeakWorkingSet() >> 20),
                ("duckdb_seconds", Math.Round(duckSeconds, 4)));
        }
    }

    /// <summary>
    /// <c>df-resample DAYS</c>: <c>Timeseries</c> at 1 s, a partition a day, x resampled to 1 h means;
    /// generation is part of the time, as in Dask's run. One bucket an hour (Dask's extra empty
    /// last bucket included).
    /// </summary>
    private static void DataFrameResample(long? size, bool emit)
    {
        int days = (int)(size ?? 365);
        string end = new DateTime(2000, 1, 1).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        DaskDataFrame df = Dd.Datasets.Timeseries("2000-01-01", end, freq: "1s", partitionFreq: "1D", seed: 1);
        long start = Stopwatch.GetTimestamp();
        LocalFrame r = df["x"].Resample("1h").Mean().Compute("threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(r.Length >= days * 24, $"df-resample: {r.Length} buckets for {days} days");
        if (emit)
        {
            Emit("df-resample-threads", seconds, ("rows", (long)days * 86400), ("buckets", r.Length), ("peak_rss_mb", PeakWorkingSet() >> 20));
        }
    }

    /// <summary>DuckDB in memory: <paramref name="setup"/> untimed, then <paramref name="query"/> timed; its one value.</summary>
    private static (double Seconds, long Value) DuckDbTimed(string[] setup, string query)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        foreach (string sql in setup)
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        command.CommandText = query;
        long start = Stopwatch.GetTimestamp();
        long value = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, value);
    }

    // The planner's decisions from Explain() (the lines after "Decisions:"), or the join operator's own line.
    private static string PlanDecisions(string explain)
    {
        string[] lines = [.. explain.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        int at = System.Array.IndexOf(lines, "Decisions:");
        return at >= 0 ? string.Join("; ", lines[(at + 1)..]) : lines.FirstOrDefault(l => l.Contains("Join", StringComparison.Ordinal)) ?? string.Empty;
    }

    private static RecordBatch Batch(params (string Name, IArrowArray Array)[] columns) =>
        new(new Schema([.. columns.Select(c => new Field(c.Name, c.Array.Data.DataType, nullable: false))], null), [.. columns.Select(c => c.Array)], columns[0].Array.Length);

    private static Int64Array Int64(long[] values) => new(Buffer(values), ArrowBuffer.Empty, values.Length, 0, 0);

    private static DoubleArray Float64(double[] values) => new(Buffer(values), ArrowBuffer.Empty, values.Length, 0, 0);

    private static ArrowBuffer Buffer<T>(T[] values)
        where T : unmanaged => new(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
