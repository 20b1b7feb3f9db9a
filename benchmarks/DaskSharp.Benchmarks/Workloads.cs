using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using DaskSharp;

namespace DaskSharp.Benchmarks;

/// <summary>The macro workloads, named as in dask_anchor.py.</summary>
internal static partial class Workloads
{
    private static readonly Dictionary<string, Action<long?, bool>> s_workloads = new(StringComparer.Ordinal)
    {
        ["tasks"] = Tasks,
        ["chain"] = Chain,
        ["seed-array"] = SeedArray,
        ["seed-threads"] = SeedArray,
        ["random"] = RandomArray,
        ["matmul"] = MatMulWorkload,
        ["map-inproc"] = MapInproc,
        ["map-inproc-watched"] = MapInprocWatched,
        ["dashboard-overhead"] = DashboardOverhead,
        ["dashboard-overhead-nice"] = DashboardOverheadNice,
        ["map-procs"] = MapProcs,
        ["map-million"] = MapMillion,
        ["seed-distributed"] = SeedDistributed,
        ["seed-distributed-2GB"] = SeedDistributed2GB,
        ["seed-full"] = SeedFull,
        ["persist-4x"] = Persist4x,
        ["df-groupby"] = DataFrameGroupBy,
        ["df-parquet-groupby"] = DataFrameParquetGroupBy,
        ["hostile-load"] = HostileLoad,
        ["df-csv"] = DataFrameCsv,
        ["df-merge"] = DataFrameMerge,
        ["df-sort"] = DataFrameSort,
        ["df-resample"] = DataFrameResample,
    };

    public static IEnumerable<string> Names => s_workloads.Keys;

    public static bool TryGet(string name, [NotNullWhen(true)] out Action<long?, bool>? run) => s_workloads.TryGetValue(name, out run);

    private static int Inc(int x) => x + 1;

    /// <summary>n independent trivial tasks computed together (dask.compute(*parts), threaded).</summary>
    private static void Tasks(long? size, bool emit)
    {
        int n = (int)(size ?? 100_000);
        var inc = Dask.Delayed<int, int>(Inc);
        var parts = new Delayed<int>[n];
        for (int i = 0; i < n; i++)
        {
            parts[i] = inc(i);
        }

        long start = Stopwatch.GetTimestamp();
        int[] results = Dask.Compute(parts, scheduler: "threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long sum = 0;
        foreach (int v in results)
        {
            sum += v;
        }

        Check(sum == (long)n * (n + 1) / 2, "tasks: wrong sum");
        if (emit)
        {
            Emit("tasks-threaded", seconds, ("tasks", n), ("tasks_per_s", Math.Round(n / seconds)));
        }
    }

    /// <summary>n tasks each depending on the previous (x = inc(x) n times), threaded.</summary>
    private static void Chain(long? size, bool emit)
    {
        int n = (int)(size ?? 10_000);
        var inc = Dask.Delayed<int, int>(Inc);
        Delayed<int> x = inc(0);
        for (int i = 1; i < n; i++)
        {
            x = inc(x);
        }

        long start = Stopwatch.GetTimestamp();
        int result = x.Compute(scheduler: "threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(result == n, "chain: wrong result");
        if (emit)
        {
            Emit("chain-threaded", seconds, ("tasks", n), ("tasks_per_s", Math.Round(n / seconds)));
        }
    }

    /// <summary>The seed's expression, (x + x.T) - x.mean(axis=0), summed, on an n × n random array in 16 MiB chunks.</summary>
    private static void SeedArray(long? size, bool emit)
    {
        long n = size ?? 20_000;
        var x = Da.Random.Random((n, n), chunks: "16 MiB");
        var y = (x + x.T) - x.Mean(axis: 0);
        DaskScalar<double> total = y.Sum();
        int tasks = Optimization.GraphOptimizer.Optimize(total.Array.Graph, total.OutputKeys).Count;
        long peakBefore = PeakWorkingSet();
        long start = Stopwatch.GetTimestamp();
        double value = total.Compute(scheduler: "threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(Math.Abs((value / (n * (double)n)) - 0.5) < 0.01, "seed-array: mean of (x + x.T - mean) should be near 0.5");
        if (emit)
        {
            Emit("seed-array-threads", seconds, ("n", n), ("chunks", x.NumBlocks), ("graph_tasks", tasks), ("value", value),
                ("gb_per_s", Math.Round(n * n * 8 / seconds / 1e9, 3)), ("peak_rss_mb", Math.Max(peakBefore, PeakWorkingSet()) / (1 << 20)));
        }
    }

    /// <summary>GB/s of Da.Random.Random: n × n doubles generated and summed.</summary>
    private static void RandomArray(long? size, bool emit)
    {
        long n = size ?? 20_000;
        var x = Da.Random.DefaultRng(1).Random((n, n), chunks: "16 MiB");
        long start = Stopwatch.GetTimestamp();
        double value = x.Sum().Compute(scheduler: "threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Check(Math.Abs((value / (n * (double)n)) - 0.5) < 0.01, "random: mean should be near 0.5");
        if (emit)
        {
            Emit("random", seconds, ("n", n), ("gb_per_s", Math.Round(n * n * 8 / seconds / 1e9, 3)));
        }
    }

    /// <summary>(x @ x.T).sum() on an n × n random array in (n/4)-square chunks, as dask_anchor.py.</summary>
    private static void MatMulWorkload(long? size, bool emit)
    {
        long n = size ?? 4_000;
        var x = Da.Random.DefaultRng(1).Random((n, n), chunks: ((int)(n / 4), (int)(n / 4)));
        DaskScalar<double> total = x.MatMul(x.T).Sum();
        long start = Stopwatch.GetTimestamp();
        double value = total.Compute(scheduler: "threads");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (emit)
        {
            Emit("matmul-threads", seconds, ("n", n), ("gflops", Math.Round(2.0 * n * n * n / seconds / 1e9, 2)), ("value", value),
                ("blas", Arrays.Gemm.UsesOpenBlas ? "openblas" : "managed"));
        }
    }

    /// <summary>Peak resident memory of this process so far (VmHWM), in bytes.</summary>
    private static long PeakWorkingSet()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static void Emit(string workload, double seconds, params (string Name, object Value)[] figures)
    {
        var line = new Dictionary<string, object>
        {
            ["workload"] = workload,
            ["seconds"] = Math.Round(seconds, 4),
        };
        foreach (var (name, value) in figures)
        {
            line[name] = value;
        }

        Console.WriteLine(JsonSerializer.Serialize(line));
    }
}
