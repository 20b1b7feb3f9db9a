using System.Diagnostics;

namespace DaskSharp.Core.Tests;

/// <summary>The README's first command must keep working: run the built quickstart and check what it prints.</summary>
public class QuickstartTests
{
    [Fact]
    public async Task Quickstart_Runs_AndPrintsTheResults()
    {
        string output = await RunQuickstart(new Dictionary<string, string> { ["DASK_NUM_WORKERS"] = "3" });

        Assert.Contains("scheduler: LocalScheduler(threads, 3 threads)", output);
        Assert.Contains("result is lazy: Delayed('total-", output);
        Assert.Contains("graph: 13 tasks", output);
        Assert.Contains("sum of inc(0..7) = 36", output);
        Assert.Contains("add(inc(0), inc(1)) = 3, total = 36", output);
        Assert.Matches(@"\[#{40}\] \| 100% Completed \| +\d+\.\ds", output);
        Assert.Contains("graph.dot", output);
        Assert.Contains("dask.array<random_sample, shape=(8000, 8000), dtype=float64, chunksize=(1448, 1448), chunktype=NDArray>", output);
        Assert.Contains("chunks: 6 x 6 blocks of 1448 x 1448", output);
        Assert.Matches(@"\(\(x \+ x\.T\) - x\.Mean\(axis: 0\)\)\.Sum\(\) = (3199|3200)\d{4}\.\d \(expected about 32000000\)", output);
        Assert.Contains("x.html", output);
        Assert.Contains("Connection method: Cluster object, Cluster type: LocalCluster", output);
        Assert.Contains("Dashboard: http://127.0.0.1:8787/status", output);
        Assert.Contains("Workers: 1, Total threads: 4, Total memory: 1.86 GiB", output);
        Assert.Contains("client.Submit(inc, 10) -> 11", output);
        Assert.Contains("client.Map(square, 0..999) then Gather: sum = 332833500", output);
        Assert.Matches(@"the array through the client: (3199|3200)\d{4}\.\d in", output);
    }

    [Fact]
    public async Task Quickstart_DaskSchedulerEnvironmentVariable_SelectsSync()
    {
        string output = await RunQuickstart(new Dictionary<string, string> { ["DASK_SCHEDULER"] = "sync" });

        Assert.Contains("scheduler: LocalScheduler(sync, 1 thread)", output);
        Assert.Contains("sum of inc(0..7) = 36", output);
    }

    private static async Task<string> RunQuickstart(Dictionary<string, string> environment)
    {
        // The quickstart's client serves its dashboard on port 8787, as the seed prints; so do
        // tests in DaskSharp.Distributed.Tests, which run at the same time: take turns.
        using DefaultDashboardPort turn = DefaultDashboardPort.Acquire();
        var start = new ProcessStartInfo("dotnet", [QuickstartPath()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("DASK_SCHEDULER");
        start.Environment.Remove("DASK_NUM_WORKERS");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token); // throws if the quickstart hangs past 60 s
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string QuickstartPath()
    {
        // tests/DaskSharp.Core.Tests/bin/<Configuration>/net10.0/ → examples/Quickstart/bin/<Configuration>/net10.0/
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string framework = Path.GetFileName(here);
        string configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        string dll = Path.Combine(ReadmeTests.RepositoryRoot(), "examples", "Quickstart", "bin", configuration, framework, "Quickstart.dll");
        Assert.True(File.Exists(dll), $"the quickstart is not built at {dll}");
        return dll;
    }
}
