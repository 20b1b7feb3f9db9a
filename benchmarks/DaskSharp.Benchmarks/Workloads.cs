using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using DaskSharp;

namespace DaskSharp.Benchmarks;

/// <summary>The macro workloads, named as in dask_anchor.py.</summary>
internal static class Workloads
{
    private static readonly Dictionary<string, Action<long?, bool>> s_workloads = new(StringComparer.Ordinal)
    {
        ["tasks"] = Tasks,
        ["chain"] = Chain,
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
