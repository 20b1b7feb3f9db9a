using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Execution;

// Clients make themselves the default scheduler process-wide, as Dask's do: tests must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace DaskSharp.Distributed.Tests;

/// <summary>A real cluster in this process (processes: false): scheduler, workers and client over inproc comms.</summary>
public sealed class InprocClusterTests : IDisposable
{
    private static int s_flaky;

    private readonly LocalCluster _cluster = new(nWorkers: 2, threadsPerWorker: 2, processes: false, dashboardAddress: null);

    public void Dispose() => _cluster.Dispose();

    private static int Inc(int x) => x + 1;

    [Fact]
    public void MapAndGatherOfThousandsOfTasks()
    {
        using var client = new Client(_cluster);
        Future<int>[] futures = client.Map(Inc, Enumerable.Range(0, 5000));
        int[] results = client.Gather(futures);
        Assert.Equal(Enumerable.Range(1, 5000), results);
        Assert.All(futures, f => Assert.Equal(FutureStatus.Finished, f.Status));
    }

    [Fact]
    public async Task SubmitChainsFuturesAndAwaits()
    {
        await using var client = new Client(_cluster);
        Future<int> a = client.Submit(Inc, 10);
        Future<int> b = client.Submit((int x, int y) => x * y, a, client.Submit(Inc, 1));
        Assert.Equal(11, await a);
        Assert.Equal(22, b.Result(TimeSpan.FromSeconds(30)));
        Assert.StartsWith("lambda-", b.Key.Name, StringComparison.Ordinal);
        Assert.StartsWith("Inc-", a.Key.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void ExceptionsArriveWithTheOriginalTypeAndMessageAndReachDependents()
    {
        using var client = new Client(_cluster);
        Future<int> bad = client.Submit((int x) => x > 0 ? throw new InvalidOperationException($"bad input {x}") : x, 5);
        Future<int> dependent = client.Submit(Inc, bad);
        var e = Assert.Throws<TaskFailedException>(() => bad.Result());
        Assert.Equal(bad.Key, e.Key);
        var inner = Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Equal("bad input 5", inner.Message);
        Assert.Equal(FutureStatus.Error, bad.Status);
        var e2 = Assert.Throws<TaskFailedException>(() => dependent.Result());
        Assert.Equal("bad input 5", e2.InnerException!.Message);
        Assert.Equal(FutureStatus.Error, dependent.Status);
    }

    [Fact]
    public void RetriesRerunAFailingTask()
    {
        using var client = new Client(_cluster);
        s_flaky = 0;
        Future<int> f = client.Submit((int x) => Interlocked.Increment(ref s_flaky) < 3 ? throw new IOException("flaky") : x * 2, 21, retries: 2);
        Assert.Equal(42, f.Result(TimeSpan.FromSeconds(30)));
        Assert.Equal(3, s_flaky);
    }

    [Fact]
    public void RetryAfterAnErrorRunsTheTaskAgain()
    {
        using var client = new Client(_cluster);
        s_flaky = 0;
        Future<int> f = client.Submit((int x) => Interlocked.Increment(ref s_flaky) == 1 ? throw new IOException("first time") : x, 7);
        Assert.IsType<IOException>(f.Exception(TimeSpan.FromSeconds(30)));
        f.Retry();
        Assert.Equal(7, f.Result(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void DelayedGraphsComputeOnTheClientByDefault()
    {
        using var client = new Client(_cluster);
        var inc = Dask.Delayed<int, int>(Inc);
        Delayed<int>[] parts = [.. Enumerable.Range(0, 100).Select(i => inc(i))];
        Delayed<int> total = Dask.Delayed((int[] xs) => xs.Sum())(parts);
        Assert.Equal(5050, total.Compute());
        Assert.Equal("distributed", SchedulerRegistry.Resolve().Name);
        Assert.Equal(5050, client.Compute(total).Result(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task PersistKeepsResultsOnTheClusterForLaterGraphs()
    {
        using var client = new Client(_cluster);
        s_flaky = 0;
        var counted = Dask.Delayed((int x) => { Interlocked.Increment(ref s_flaky); return x * 10; }, name: "counted");
        Delayed<int>[] parts = [.. Enumerable.Range(0, 10).Select(i => counted(i))];
        Future[] kept = client.Persist(parts);
        Client.Wait(kept, TimeSpan.FromSeconds(30));
        Assert.Equal(10, s_flaky);

        // A later graph over the persisted values reads them from the cluster: nothing runs twice.
        Delayed<int> total = Dask.Delayed((int[] xs) => xs.Sum())(parts);
        Assert.Equal(450, total.Compute());
        Assert.Equal(10, s_flaky);
        Assert.Equal(10, await _cluster.Scheduler.InvokeAsync(s => s.Tasks.Values.Count(t => t.Key.Name.StartsWith("counted-", StringComparison.Ordinal) && t.State == Scheduling.TaskState.Memory)));
        GC.KeepAlive(kept);
    }

    [Fact]
    public void ArraysComputeOnTheCluster()
    {
        using var client = new Client(_cluster);
        var x = Da.Arange(0.0, 10_000.0, chunks: 1000);
        Assert.Equal(Enumerable.Range(0, 10_000).Sum(i => 2.0 * i), (x + x).Sum().Compute());
    }

    [Fact]
    public void ScatterRunAndBroadcast()
    {
        using var client = new Client(_cluster);
        Future<int[]> data = client.Scatter(new[] { 1, 2, 3 }, broadcast: true);
        Assert.Equal(6, client.Submit((int[] xs) => xs.Sum(), data).Result(TimeSpan.FromSeconds(30)));
        IReadOnlyDictionary<string, int> ran = client.Run(() => 7);
        Assert.Equal(2, ran.Count);
        Assert.All(ran.Values, v => Assert.Equal(7, v));
    }

    [Fact]
    public void TwoClientsShareOneClusterAndADataset()
    {
        using var first = new Client(_cluster);
        using var second = new Client(_cluster);
        Future<int> f = first.Submit(Inc, 41);
        first.PublishDataset("answer", [f]);
        Assert.Equal(["answer"], second.ListDatasets());
        Future<int> got = second.GetDataset<int>("answer")[0];
        Assert.Equal(42, got.Result(TimeSpan.FromSeconds(30)));
        Assert.Equal(43, second.Submit(Inc, got).Result(TimeSpan.FromSeconds(30)));
        var missing = Assert.Throws<InvalidOperationException>(() => second.GetDataset<int>("nope"));
        Assert.Contains("No dataset named 'nope'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CancelAndAsCompleted()
    {
        using var client = new Client(_cluster);
        Future<int> slow = client.Submit((int ms) => { Thread.Sleep(ms); return ms; }, 2000);
        slow.Cancel();
        Assert.Equal(FutureStatus.Cancelled, slow.Status);
        Assert.Throws<TaskCanceledException>(() => slow.Result());
        Future<int>[] many = client.Map(Inc, Enumerable.Range(0, 50));
        Assert.Equal(Enumerable.Range(1, 50).ToHashSet(), Client.AsCompleted(many).Select(f => f.Result()).ToHashSet());
    }

    [Fact]
    public async Task RestartForgetsEveryTaskAndBringsTheWorkersBack()
    {
        using var client = new Client(_cluster);
        Future<int> before = client.Submit(Inc, 1);
        Assert.Equal(2, before.Result(TimeSpan.FromSeconds(30)));
        client.Restart();
        Assert.Equal(FutureStatus.Cancelled, before.Status);
        Assert.Equal(2, client.SchedulerInfo().Workers.Count);
        Assert.Equal(0, await _cluster.Scheduler.InvokeAsync(s => s.Tasks.Count));
        Assert.Equal(11, client.Submit(Inc, 10).Result(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ScalingDownRetiresAWorkerWithoutLosingOrRecomputingItsResults()
    {
        using var client = new Client(_cluster);
        s_flaky = 0;
        Future<int>[] futures = client.Map((int x) => { Interlocked.Increment(ref s_flaky); return x * 3; }, Enumerable.Range(0, 200));
        Client.Wait(futures, TimeSpan.FromSeconds(30));
        Assert.Equal(2, await _cluster.Scheduler.InvokeAsync(s => s.Workers.Values.Count(w => w.HasWhat.Count > 0)));
        _cluster.Scale(1);
        Assert.Single(client.SchedulerInfo().Workers);
        Assert.Equal(Enumerable.Range(0, 200).Select(x => x * 3), client.Gather(futures));
        Assert.Equal(200, s_flaky); // copied, not recomputed
    }

    [Fact]
    public async Task AWorkerThatJoinsLateStealsWaitingTasks()
    {
        using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: null);
        using var client = new Client(cluster);
        Future<int> seed = client.Scatter(1);
        Future<int>[] slow = [.. Enumerable.Range(0, 12).Select(i => client.SubmitCall<int>((int s, int x) => { Thread.Sleep(100); return s + x; }, [seed, i]))];
        await Eventually.True(
            () => cluster.Scheduler.InvokeAsync(s => slow.All(f => s.Tasks.TryGetValue(f.Key, out Scheduling.SchedulerTask? t) && t.State is Scheduling.TaskState.Processing or Scheduling.TaskState.Memory)).Result,
            TimeSpan.FromSeconds(30),
            "all twelve slow tasks to be assigned to the only worker");
        cluster.Scale(2);
        Assert.Equal(Enumerable.Range(1, 12), client.Gather(slow));
        int[] perWorker = await cluster.Scheduler.InvokeAsync(s => s.Workers.Values.Select(w => w.HasWhat.Count(t => t.Key != seed.Key)).Order().ToArray());
        Assert.Equal(2, perWorker.Length);
        Assert.True(perWorker[0] >= 3, $"the new worker ran only {perWorker[0]} of 12 tasks");
    }

    [Fact]
    public void SchedulerInfoAndPrintedClient()
    {
        using var client = new Client(_cluster);
        SchedulerInfo info = client.SchedulerInfo();
        Assert.Equal(2, info.Workers.Count);
        Assert.Equal(4, info.TotalThreads);
        string text = client.ToString();
        Assert.Contains("Connection method: Cluster object, Cluster type: LocalCluster", text, StringComparison.Ordinal);
        Assert.Contains("Workers: 2, Total threads: 4", text, StringComparison.Ordinal);
        Assert.Contains("Dashboard: (none)", text, StringComparison.Ordinal);
    }
}

/// <summary>The seed's first cell, as written.</summary>
public sealed class SeedClientTests
{
    [Fact]
    public async Task SeedsFirstCellPrintsTheClientAndServesItsDashboard()
    {
        using DefaultDashboardPort turn = DefaultDashboardPort.Acquire();
        using var client = new Client(processes: false, threadsPerWorker: 4, nWorkers: 1, memoryLimit: "2GB");
        string text = client.ToString();
        Assert.Contains("Connection method: Cluster object, Cluster type: LocalCluster", text, StringComparison.Ordinal);
        Assert.Contains("Dashboard: http://127.0.0.1:8787/status", text, StringComparison.Ordinal);
        Assert.Contains("Workers: 1, Total threads: 4, Total memory: 1.86 GiB", text, StringComparison.Ordinal);
        Assert.Contains("href=\"http://127.0.0.1:8787/status\"", client.ToHtml(), StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Contains("<title>DaskSharp: Status</title>", await http.GetStringAsync(client.DashboardLink), StringComparison.Ordinal);
        client.Close();
        Assert.NotEqual("distributed", DaskConfig.Get("scheduler", "threads"));
    }
}
