using System.Text.RegularExpressions;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

// Inside DaskSharp.Distributed.*, "Cluster" names the namespace; this alias names the type.
using Cluster = DaskSharp.Distributed.Cluster.Cluster;

/// <summary>
/// The public <see cref="Cluster"/> abstraction: adaptive policy and decisions as pure functions with
/// exact numbers, then a real in-process <see cref="LocalCluster"/> that adapts, waits, prints and logs.
/// </summary>
public sealed class ClusterAbstractionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    // Gated tasks block on this until the test opens it (bounded, so a failing test cannot hang a worker thread).
    private static readonly ManualResetEventSlim s_gate = new(false);

    private static AdaptiveWorker Idle(string name, int threads = 1, long limit = 0, long bytes = 0) => new(name, threads, 0, limit, bytes);

    private static int Gated(int x)
    {
        if (!s_gate.Wait(Bound))
        {
            throw new TimeoutException($"The test's gate did not open within {Bound.TotalSeconds} s.");
        }

        return x * 10;
    }

    [Fact]
    public void AdaptivePolicy_NoWorkersAndTasksThatCannotRun_WantsOne()
    {
        var load = new AdaptiveLoad([], Queued: 0, NoWorker: 10, Occupancy: 0, QueuedOccupancy: 10 * AdaptiveLoad.UnknownTaskDuration);
        Assert.Equal(1, AdaptivePolicy.DesiredWorkers(load, AdaptivePolicy.DefaultTargetDuration));
        Assert.Equal(1, AdaptivePolicy.Target(0, 10, load));
    }

    [Fact]
    public void AdaptivePolicy_TwentySecondsOfQueuedWork_WantsFourWorkersCappedAtTheMaximum()
    {
        var load = new AdaptiveLoad([Idle("0")], Queued: 40, NoWorker: 0, Occupancy: 0, QueuedOccupancy: 20);
        Assert.Equal(4, AdaptivePolicy.DesiredWorkers(load, AdaptivePolicy.DefaultTargetDuration)); // ceil(20 s / 5 s)
        Assert.Equal(3, AdaptivePolicy.Target(1, 3, load));
        Assert.Equal(20, AdaptivePolicy.DesiredWorkers(load, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void AdaptivePolicy_WorkIsDividedByThreadsPerWorker()
    {
        // 12 queued tasks of a prefix measured at 5 s: 60 s of work wants 12 threads, 3 workers of 4.
        var load = new AdaptiveLoad([Idle("0", threads: 4)], Queued: 12, NoWorker: 0, Occupancy: 0, QueuedOccupancy: 60);
        Assert.Equal(3, AdaptivePolicy.Target(0, 100, load));
    }

    [Fact]
    public void AdaptivePolicy_AFewLongTasks_DoNotAskForMoreWorkersAndBusyWorkersStay()
    {
        // 100 s of work in 4 tasks on 2 workers of 4 threads: no more workers than tasks need (1), and neither is idle, so 2 stay.
        AdaptiveWorker[] workers = [new("0", 4, 2, 0, 0), new("1", 4, 2, 0, 0)];
        var load = new AdaptiveLoad(workers, Queued: 0, NoWorker: 0, Occupancy: 100, QueuedOccupancy: 0);
        Assert.Equal(2, AdaptivePolicy.Target(0, 10, load));
    }

    [Fact]
    public void AdaptivePolicy_OverSixtyPercentOfMemoryHoldsResults_DoublesTheWorkers()
    {
        var load = new AdaptiveLoad([Idle("0", limit: 1000, bytes: 700), Idle("1", limit: 1000, bytes: 700)], 0, 0, 0, 0);
        Assert.Equal(4, AdaptivePolicy.Target(0, 10, load));
        var below = new AdaptiveLoad([Idle("0", limit: 1000, bytes: 600), Idle("1", limit: 1000, bytes: 600)], 0, 0, 0, 0);
        Assert.Equal(2, AdaptivePolicy.Target(0, 10, below)); // exactly 60% is not over; and one worker's 1000 bytes cannot hold twice the 1200 there are, so none goes
    }

    [Fact]
    public void AdaptivePolicy_IdleWorkers_CloseLeastDataFirstWhileTheRestHoldTwiceTheData()
    {
        AdaptiveWorker[] workers = [Idle("0", limit: 1000, bytes: 100), Idle("1", limit: 1000, bytes: 0), Idle("2", limit: 1000, bytes: 300)];
        Assert.Equal(["1", "0"], AdaptivePolicy.WorkersToClose(workers)); // 2000 ≥ 800, 1000 ≥ 800, 0 < 800
        Assert.Equal(1, AdaptivePolicy.Target(0, 10, new AdaptiveLoad(workers, 0, 0, 0, 0)));
        Assert.Equal(2, AdaptivePolicy.Target(2, 10, new AdaptiveLoad(workers, 0, 0, 0, 0)));
        Assert.Equal(["1"], AdaptivePolicy.WorkersToClose(workers, target: 2));
        Assert.Equal(["1", "0"], AdaptivePolicy.WorkersToClose(workers, target: 1));
        Assert.Empty(AdaptivePolicy.WorkersToClose(workers, target: 3));
    }

    [Fact]
    public void AdaptivePolicy_EqualWorkers_TheLaterClosesFirst_AndBusyOnesOnlyToReachATarget()
    {
        Assert.Equal(["b"], AdaptivePolicy.WorkersToClose([Idle("a"), Idle("b")], target: 1));
        AdaptiveWorker[] mixed = [new("busy", 1, 3, 0, 0), Idle("idle")];
        Assert.Equal(["idle"], AdaptivePolicy.WorkersToClose(mixed));
        Assert.Equal(["idle", "busy"], AdaptivePolicy.WorkersToClose(mixed, target: 0));
    }

    [Fact]
    public void AdaptiveCore_ScalesUpAtOnceAndDownOnlyAfterWaitCountRecommendationsInARow()
    {
        var core = new AdaptiveCore(minimum: 1, maximum: 5);
        string[] plan = ["0", "1", "2"];
        Assert.Equal(new AdaptiveRecommendation(AdaptiveStatus.Up, 4, []).ToString(), core.Recommend(4, plan, plan, plan, _ => []).ToString());

        int asked = 0;
        IReadOnlyList<string> Close(int target)
        {
            asked++;
            Assert.Equal(1, target);
            return ["2", "1"];
        }

        Assert.Equal(AdaptiveStatus.Same, core.Recommend(1, plan, plan, plan, Close).Status);
        Assert.Equal(AdaptiveStatus.Same, core.Recommend(1, plan, plan, plan, Close).Status);
        AdaptiveRecommendation down = core.Recommend(1, plan, plan, plan, Close);
        Assert.Equal(AdaptiveStatus.Down, down.Status);
        Assert.Equal(["2", "1"], down.Workers);
        Assert.Equal("down to 1: retire 2, 1", down.ToString());
        Assert.Equal(3, asked);

        // A step that wants the plan as it is starts the count over.
        Assert.Equal(AdaptiveStatus.Same, core.Recommend(1, plan, plan, plan, Close).Status);
        Assert.Equal(AdaptiveStatus.Same, core.Recommend(3, plan, plan, plan, Close).Status);
        Assert.Equal(AdaptiveStatus.Same, core.Recommend(1, plan, plan, plan, Close).Status);
        Assert.Equal(AdaptiveStatus.Same, core.Recommend(1, plan, plan, plan, Close).Status);
        Assert.Equal(AdaptiveStatus.Down, core.Recommend(1, plan, plan, plan, Close).Status);
    }

    [Fact]
    public void AdaptiveCore_WorkersNotYetArrived_AreClosedFirstWithoutAskingTheScheduler()
    {
        var core = new AdaptiveCore(minimum: 0, maximum: 5, waitCount: 2);
        string[] plan = ["0", "1", "2"];
        string[] observed = ["0", "1"];
        IReadOnlyList<string> Never(int target) => throw new InvalidOperationException($"asked the scheduler for {target}");
        Assert.Equal(AdaptiveStatus.Same, core.Recommend(2, plan, plan, observed, Never).Status);
        AdaptiveRecommendation down = core.Recommend(2, plan, plan, observed, Never);
        Assert.Equal(AdaptiveStatus.Down, down.Status);
        Assert.Equal(["2"], down.Workers);
    }

    [Fact]
    public void AdaptiveCore_ImpossibleBounds_AreRefusedNamingThem()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveCore(minimum: 3, maximum: 2));
        Assert.Equal("maximum", e.ParamName);
        Assert.StartsWith("Adaptive maximum 2 is below the minimum 3.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapt_ManyLongTasks_GrowsToTheMaximumThenShrinksToTheMinimumKeepingTheResults()
    {
        s_gate.Reset();
        await using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, memoryLimit: "1GiB", dashboardAddress: null, name: "adaptive");
        Adaptive adaptive = cluster.Adapt(minimum: 1, maximum: 3, interval: TimeSpan.FromMilliseconds(100));
        Assert.Same(adaptive, cluster.Adaptive);
        await using var client = new Client(cluster);
        Future<int>[] futures;
        try
        {
            // 40 tasks of unknown duration are 20 s of work: 4 workers wanted, 3 allowed.
            futures = client.Map(Gated, Enumerable.Range(0, 40));
            await cluster.WaitForWorkersAsync(3, Bound);
            Assert.Equal(3, cluster.PlannedWorkers.Count);
            Assert.Equal((AdaptiveStatus.Up, 3), (adaptive.Log[0].Recommendation.Status, adaptive.Log[0].Recommendation.Target));
            AdaptiveRecommendation held = await adaptive.AdaptAsync();
            Assert.Equal((AdaptiveStatus.Same, 3), (held.Status, held.Target)); // the work still wants more than the maximum
        }
        finally
        {
            s_gate.Set();
        }

        Client.Wait(futures, Bound);
        Assert.Equal(Enumerable.Range(0, 40).Select(x => x * 10), futures.Select(f => f.Result(Bound)));

        // Idle now: after three recommendations in a row two workers retire, their results moving to the one left.
        await cluster.WaitUntilAsync(() => cluster.WorkerCountNow == 1, () => $"LocalCluster adaptive still has {cluster.WorkerCountNow} workers {Bound.TotalSeconds} s after its work finished; adaptive log: {string.Join("; ", adaptive.Log.Select(l => l.Recommendation))}", Bound);
        AdaptiveRecommendation[] downs = [.. adaptive.Log.Select(l => l.Recommendation).Where(r => r.Status == AdaptiveStatus.Down)];
        Assert.Equal(2, downs.Sum(r => r.Workers.Count));
        Assert.All(downs, r => Assert.Equal(1, r.Target));
        Assert.Single(cluster.PlannedWorkers);
        Assert.Equal(1, cluster.WorkerCount);
        Future<int>[] next = client.Map((int x) => x + 1, futures); // their inputs were on the retired workers
        await WaitOrTellStories(cluster, next);
        Assert.Equal(Enumerable.Range(0, 40).Select(x => (x * 10) + 1), next.Select(f => f.Result(Bound)));
        Assert.Contains(cluster.Logs, line => line.EndsWith(" - LocalCluster - INFO - Adapting between 1 and 3 workers", StringComparison.Ordinal));
        Assert.Contains(cluster.Logs, line => line.Contains(" - LocalCluster - INFO - Retiring workers ", StringComparison.Ordinal));

        await adaptive.StopAsync();
        Assert.True(adaptive.Stopped.IsCompletedSuccessfully);
    }

    /// <summary>Waits for <paramref name="futures"/>; past the bound, fails with the scheduler's story of each one still pending.</summary>
    private static async Task WaitOrTellStories(LocalCluster cluster, Future[] futures)
    {
        try
        {
            Client.Wait(futures, Bound);
        }
        catch (TimeoutException e)
        {
            Key[] pending = [.. futures.Where(f => !f.WhenDone.IsCompleted).Select(f => f.Key)];
            string Told(Scheduling.SchedulerState s, Key k) =>
                $"{k}: {(s.Tasks.TryGetValue(k, out var t) ? $"{t.State} on {t.ProcessingOn ?? "-"}, held by [{string.Join(", ", t.WhoHas)}]" : "unknown")}; story: "
                + string.Join(" → ", s.Story(k).Select(x => $"{x.From}>{x.To} ({x.StimulusId})"));
            string stories = await cluster.Scheduler.InvokeAsync(s => string.Join("\n", pending.Take(3).Select(k =>
                Told(s, k) + string.Concat((s.Tasks.TryGetValue(k, out var t) ? t.Dependencies.Select(d => d.Key) : []).Select(d => "\n  input " + Told(s, d))))));
            throw new TimeoutException($"{e.Message}\nScheduler's view:\n{stories}\nCluster log tail:\n{string.Join("\n", cluster.Logs.TakeLast(20))}", e);
        }
    }

    [Fact]
    public async Task Adapt_AnIdleProcessCluster_RetiresWorkerProcessesDownToTheMinimum()
    {
        await using var cluster = new LocalCluster(nWorkers: 3, threadsPerWorker: 1, processes: true, memoryLimit: "1GiB", dashboardAddress: null, name: "processes");
        Assert.Equal(3, cluster.WorkerProcessIds.Count);
        Adaptive adaptive = cluster.Adapt(minimum: 1, maximum: 3, interval: TimeSpan.FromMilliseconds(100));
        await cluster.WaitUntilAsync(() => cluster.WorkerCountNow == 1, () => $"LocalCluster processes still has {cluster.WorkerCountNow} workers after {Bound.TotalSeconds} s idle; adaptive log: {string.Join("; ", adaptive.Log.Select(l => l.Recommendation))}", Bound);
        Assert.Equal(cluster.ObservedWorkers, cluster.PlannedWorkers); // the one the scheduler kept is the one the cluster plans
        Assert.Contains(Assert.Single(cluster.PlannedWorkers), new[] { "0", "1", "2" });
        Assert.Single(cluster.WorkerProcessIds);
        await using var client = new Client(cluster);
        Assert.Equal(11, client.Submit((int x) => x + 1, 10).Result(Bound));
    }

    [Fact]
    public void BatchEnvironment_InsideASlurmJob_BindsALoopbackDashboardEverywhereAndNamesTheTunnel()
    {
        string? saved = Environment.GetEnvironmentVariable("SLURM_JOB_ID");
        try
        {
            Environment.SetEnvironmentVariable("SLURM_JOB_ID", null);
            Assert.False(BatchEnvironment.InSlurmJob);
            Assert.Null(BatchEnvironment.DashboardBindHost("127.0.0.1"));
            Assert.Null(BatchEnvironment.DashboardTunnel("http://127.0.0.1:8787/status"));

            Environment.SetEnvironmentVariable("SLURM_JOB_ID", "4242");
            Assert.Equal("0.0.0.0", BatchEnvironment.DashboardBindHost("127.0.0.1"));
            Assert.Equal("0.0.0.0", BatchEnvironment.DashboardBindHost("localhost"));
            Assert.Null(BatchEnvironment.DashboardBindHost("10.1.2.3")); // a reachable host stays as given
            Assert.Null(BatchEnvironment.DashboardTunnel(null));
            Assert.StartsWith("ssh -N -L 8787:node3:8787 ", BatchEnvironment.DashboardTunnel("http://node3:8787/status"), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SLURM_JOB_ID", saved);
        }
    }

    [Fact]
    public async Task WaitForWorkers_TooFewWorkers_TimesOutNamingHowManyOfHowManyAndTheBound()
    {
        await using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: null, name: "waiting");
        var e = Assert.Throws<TimeoutException>(() => cluster.WaitForWorkers(2, TimeSpan.FromMilliseconds(200)));
        Assert.Equal("Only 1 of 2 workers joined LocalCluster waiting within 0.2 s.", e.Message);
        var e2 = await Assert.ThrowsAsync<TimeoutException>(() => cluster.WaitForWorkersAsync(3, TimeSpan.FromMilliseconds(100)));
        Assert.Equal("Only 1 of 3 workers joined LocalCluster waiting within 0.1 s.", e2.Message);

        await cluster.WaitForWorkersAsync(1, TimeSpan.FromMilliseconds(100)); // already there: returns at once
        Task two = cluster.WaitForWorkersAsync(2, Bound);
        await cluster.ScaleAsync(2);
        await two; // woken by the scheduler's news of the second worker, not by polling
        Assert.Equal(["0", "1"], cluster.ObservedWorkers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ToStringAndToHtml_AKnownCluster_PrintTypeNameAddressWorkersThreadsAndMemory()
    {
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 2, processes: false, memoryLimit: "1GiB", dashboardAddress: ":0", name: "reprs");
        Assert.Matches(@"^inproc://scheduler-[0-9a-f]{32}$", cluster.SchedulerAddress);
        Assert.Equal($"LocalCluster(reprs, '{cluster.SchedulerAddress}', workers=2, threads=4, memory=2.00 GiB)", cluster.ToString());

        int port = cluster.Scheduler.Dashboard!.Port;
        Assert.Equal($"http://127.0.0.1:{port}/status", cluster.DashboardLink);
        Assert.Equal(
            $"""
            <div class="dasksharp-cluster"><h3>LocalCluster</h3><p style="color:#9d9d9d">reprs</p>
            <table><tr><td><strong>Dashboard:</strong> <a href="http://127.0.0.1:{port}/status" target="_blank">http://127.0.0.1:{port}/status</a></td><td><strong>Workers:</strong> 2</td></tr>
            <tr><td><strong>Total threads:</strong> 4</td><td><strong>Total memory:</strong> 2.00 GiB</td></tr></table></div>
            """,
            cluster.ToHtml());

        using var unlimited = new LocalCluster(nWorkers: 1, threadsPerWorker: 3, processes: false, memoryLimit: null, dashboardAddress: null, name: "unlimited");
        Assert.Equal($"LocalCluster(unlimited, '{unlimited.SchedulerAddress}', workers=1, threads=3)", unlimited.ToString()); // as Dask: no memory without limits
    }

    [Fact]
    public void GetLogs_HasTheClusterTheSchedulerAndEachInProcessWorker()
    {
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 2, processes: false, dashboardAddress: null, name: "logs");
        IReadOnlyDictionary<string, IReadOnlyList<string>> logs = cluster.GetLogs();
        Assert.Equal(["0", "1", "Cluster", "Scheduler"], logs.Keys.Order(StringComparer.Ordinal));
        var register = new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - scheduler - INFO - Register worker inproc://worker-[0-9a-f]{32} \(2 threads\)$");
        Assert.Equal(2, logs["Scheduler"].Count(register.IsMatch));
    }

    [Fact]
    public async Task Client_GivenALocalClusterTypedAsCluster_RunsTasksAndLeavesTheClusterUp()
    {
        Cluster cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 2, processes: false, dashboardAddress: null, name: "typed");
        await using (cluster)
        {
            await using (var client = new Client(cluster))
            {
                Assert.Same(cluster, client.Cluster);
                Assert.Equal(cluster.SchedulerAddress, client.SchedulerAddress);
                Assert.Equal(11, client.Submit((int x) => x + 1, 10).Result(Bound));
                Assert.Contains("Connection method: Cluster object, Cluster type: LocalCluster", client.ToString(), StringComparison.Ordinal);
            }

            await using var again = new Client(cluster);
            Assert.Equal(3, again.Submit((int x) => x * 3, 1).Result(Bound)); // the first client's close left the cluster running
        }
    }
}
