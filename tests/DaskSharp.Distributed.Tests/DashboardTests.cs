using System.Net;
using System.Text.Json;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Dashboard;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Serialization;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

/// <summary>The dashboard's server over real HTTP on loopback, and the scheduler views it reads.</summary>
public sealed class DashboardTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static string Root(LocalCluster cluster) => $"http://127.0.0.1:{cluster.Scheduler.Dashboard!.Port}";

    [Fact]
    public void PrefixCountsFollowEveryTransitionAndStartAfreshOnceAllAreForgotten()
    {
        var s = new SchedulerState();
        s.Handle(new AddWorkerEvent("w1", 1, 1 << 30, "s0"));
        Key a = new("inc-1"), b = new("inc-2"), c = new("sum-9");
        s.Handle(new UpdateGraphEvent("c1", [new TaskSubmission(a, [], 0), new TaskSubmission(b, [], 1), new TaskSubmission(c, [a, b], 2)], [c], "s1"));
        s.Validate();
        TaskPrefix inc = s.Prefixes["inc"], sum = s.Prefixes["sum"];
        Assert.Equal((0, 1), (inc.Index, sum.Index));
        Assert.Equal((2, 0, 2), (inc.Count(TaskState.Processing), inc.Count(TaskState.Queued), inc.Total)); // ceil(1.1 × 1 thread) slots
        Assert.Equal(1, sum.Count(TaskState.Waiting));

        s.Handle(new TaskFinishedEvent(a, "w1", 8, "s2") { Duration = 0.5 }, new TaskFinishedEvent(b, "w1", 8, "s3") { Duration = 1.5 });
        s.Validate();
        Assert.Equal((2, 1.0, 2.0), (inc.Count(TaskState.Memory), inc.DurationAverage!.Value, inc.ComputeSeconds));

        s.Handle(new TaskFinishedEvent(c, "w1", 8, "s4") { Duration = 0.25 });
        s.Validate();
        // The inputs were released once the sum had them (kept as released while the sum is known).
        Assert.Equal((0, 2, 2), (inc.Count(TaskState.Memory), inc.Count(TaskState.Released), inc.Total));
        Assert.Equal(1, sum.Count(TaskState.Memory));
        Assert.Equal(2, inc.TotalInto(TaskState.Memory));

        s.Handle(new ReleaseKeysEvent("c1", [c], "s5"));
        s.Validate();
        Assert.Equal((0, 0), (inc.Total, sum.Total)); // all gone: the next computation starts a fresh bar
        Assert.Equal((2, 1), (inc.TotalInto(TaskState.Forgotten), sum.TotalInto(TaskState.Forgotten)));
    }

    [Fact]
    public void TaskStreamKeepsTheNewestEntriesAndResumesFromASequenceNumber()
    {
        var stream = new TaskStream(capacity: 4);
        for (int i = 0; i < 6; i++)
        {
            stream.AddTask("w", null, new Key($"t-{i}"), new TaskTiming(100 + i, 100.5 + i, i % 2), erred: i == 5);
        }

        stream.AddTask("w", null, new Key("unknown"), TaskTiming.Unknown, erred: false); // no timing, no bar
        stream.AddActivity("w", ActionKind.Transfer, 106, 106.2, 4096, "tcp://peer:1");
        Assert.Equal(7, stream.Count);
        Assert.Equal([3L, 4, 5, 6], stream.Since(0, 100).Select(e => e.Sequence)); // the ring keeps four
        Assert.Equal([5L, 6], stream.Since(5, 100).Select(e => e.Sequence));
        Assert.Equal([6L], stream.Since(0, 1).Select(e => e.Sequence)); // the newest when asked for fewer
        Assert.Empty(stream.Since(7, 100, out long next));
        Assert.Equal(7, next);
        Assert.Empty(stream.Since(2, 0, out next)); // none wanted: resume from the end
        Assert.Equal(7, next);
        TaskStreamEntry erred = stream.Since(5, 1)[0];
        Assert.Equal(ActionKind.Transfer, erred.Kind);
        Assert.Equal((ActionKind.Erred, "t-5", 1), (stream.Since(5, 2)[0].Kind, stream.Since(5, 2)[0].Key!.Name, stream.Since(5, 2)[0].Thread));
        Assert.Equal(4096, erred.NBytes);

        // Tasks finished at t = 100.5, 101.5, …, 105.5. At 105.6 the last five seconds (quarter-second
        // buckets from 100.75) hold five of them, the first at 101.5: 5 tasks over 4.1 s.
        Assert.Equal(5 / 4.1, stream.TasksPerSecond(105.6), 9);
        Assert.Equal(0, stream.TasksPerSecond(200));

        // A burst younger than a second counts over one second.
        var burst = new TaskStream();
        burst.AddTask("w", null, new Key("a"), new TaskTiming(50, 50.1, 0), erred: false);
        burst.AddTask("w", null, new Key("b"), new TaskTiming(50, 50.2, 0), erred: false);
        Assert.Equal(2.0, burst.TasksPerSecond(50.3), 9);
    }

    [Theory]
    [InlineData(":8787", "10.1.2.3", "10.1.2.3", 8787)]
    [InlineData("8787", "10.1.2.3", "10.1.2.3", 8787)]
    [InlineData("0.0.0.0:0", "10.1.2.3", "0.0.0.0", 0)]
    [InlineData("localhost:9000", "10.1.2.3", "localhost", 9000)]
    [InlineData("http://127.0.0.1:8788/", "x", "127.0.0.1", 8788)]
    public void DashboardAddressesReadAsDasksDo(string text, string defaultHost, string host, int port) =>
        Assert.Equal(new DashboardAddress(host, port), DashboardAddress.Parse(text, defaultHost));

    [Theory]
    [InlineData(":http")]
    [InlineData(":70000")]
    [InlineData("host:")]
    public void ABadDashboardAddressIsRefusedNamingIt(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: text));
        Assert.Contains($"The dashboard address '{text}' needs a port from 0 to 65535", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesHealthJsonAndPagesAndRedirectsTheRoot()
    {
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: false, memoryLimit: "1GB", dashboardAddress: ":0");
        using var client = new Client(cluster);
        Future<int>[] futures = client.Map(static (int x) => x * 2, Enumerable.Range(0, 300));
        client.Gather(futures);
        string root = Root(cluster);

        Assert.Equal("ok", await Http.GetStringAsync($"{root}/health"));
        using (HttpResponseMessage redirect = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync($"{root}/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/status", redirect.Headers.Location!.OriginalString);
        }

        foreach (string page in (string[])["/status", "/workers", "/tasks", "/info"])
        {
            string html = await Http.GetStringAsync(root + page);
            Assert.Contains("<script src=\"/dashboard.js\"></script>", html, StringComparison.Ordinal);
        }

        Assert.Contains("EventSource('/api/v1/stream", await Http.GetStringAsync($"{root}/dashboard.js"), StringComparison.Ordinal);

        using JsonDocument identity = JsonDocument.Parse(await Http.GetStringAsync($"{root}/json/identity.json"));
        Assert.Equal("Scheduler", identity.RootElement.GetProperty("type").GetString());
        Assert.Equal(cluster.SchedulerAddress, identity.RootElement.GetProperty("address").GetString());
        Assert.Equal(cluster.Scheduler.Dashboard!.Port, identity.RootElement.GetProperty("services").GetProperty("dashboard").GetInt32());
        Assert.Equal(2, identity.RootElement.GetProperty("workers").EnumerateObject().Count());
        Assert.DoesNotContain(cluster.Secret, identity.RootElement.GetRawText(), StringComparison.Ordinal);

        using JsonDocument counts = JsonDocument.Parse(await Http.GetStringAsync($"{root}/json/counts.json"));
        Assert.Equal(
            (2, 2, 1, 300, 300, 0, 0),
            (counts.RootElement.GetProperty("workers").GetInt32(), counts.RootElement.GetProperty("cores").GetInt32(), counts.RootElement.GetProperty("clients").GetInt32(),
             counts.RootElement.GetProperty("tasks").GetInt32(), counts.RootElement.GetProperty("memory").GetInt32(), counts.RootElement.GetProperty("processing").GetInt32(),
             counts.RootElement.GetProperty("erred").GetInt32()));

        using JsonDocument prefixes = JsonDocument.Parse(await Http.GetStringAsync($"{root}/api/v1/prefixes"));
        JsonElement lambda = Assert.Single(prefixes.RootElement.EnumerateArray());
        Assert.Equal((300, 300, 0), (lambda.GetProperty("total").GetInt32(), lambda.GetProperty("memory").GetInt32(), lambda.GetProperty("queued").GetInt32()));

        using JsonDocument stream = JsonDocument.Parse(await Http.GetStringAsync($"{root}/api/v1/task-stream?since=0&max=5000"));
        JsonElement[] entries = [.. stream.RootElement.GetProperty("entries").EnumerateArray()];
        string[] workers = [.. stream.RootElement.GetProperty("workers").EnumerateArray().Select(w => w.GetString()!)];
        Assert.Equal(["compute", "erred", "transfer", "disk-write", "disk-read", "recompute-drop"], stream.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(300, entries.Length);
        Assert.Equal(300, stream.RootElement.GetProperty("next").GetInt64());
        Assert.All(entries, e => Assert.Equal(0, e[2].GetInt32())); // compute
        Assert.Equal(futures.Select(f => f.Key.ToString()).Order(StringComparer.Ordinal), entries.Select(e => e[6].GetString()!).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.True(e[4].GetDouble() >= e[3].GetDouble() && e[3].GetDouble() >= 0));
        Assert.Equal(cluster.Scheduler.Snapshot().Workers.Select(w => w.Address).Order(StringComparer.Ordinal), workers.Order(StringComparer.Ordinal));
        Assert.Equal([0, 1], entries.Select(e => e[0].GetInt32()).Distinct().Order());
    }

    [Fact]
    public async Task TheTaskStreamMarksTransfersBetweenWorkersAndSpillsToDisk()
    {
        string directory = Directory.CreateTempSubdirectory("dask-dashboard-spill-").FullName;
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { DashboardAddress = ":0" });
        await using Working.Worker small = await Working.Worker.StartAsync(new Working.WorkerOptions
        {
            SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1, Name = "small",
            MemoryLimit = 8 << 20, // target 0.6: above 4.8 MiB of results it spills
            LocalDirectory = directory,
            Memory = new Working.MemoryThresholds(Recompute: false), // these cheap results are to be written, not dropped
        });
        await using Working.Worker other = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1, Name = "other" });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        client.WaitForWorkers(2);
        Future<NDArray<double>>[] chunks = client.Map((int i) => NDArray<double>.FromArray([.. Enumerable.Repeat(1.0, 1 << 17)], 1 << 17), Enumerable.Range(0, 24));
        Future<double> total = client.SubmitCall<double>((NDArray<double>[] parts) => parts.Sum(p => p.AsSpan().ToArray().Sum()), [chunks]);
        Assert.Equal(24.0 * (1 << 17), total.Result(TimeSpan.FromSeconds(60)));
        long chunkBytes = SizeOf.Of(NDArray<double>.FromArray(new double[1 << 17], 1 << 17));

        // Activity travels with the next batch of results or the next heartbeat (half a second):
        // wait until every spill file on the worker's disk has its write in the stream. (A file
        // outlives the read that brings its result back, so reads do not take files away; writes
        // can outnumber the files: a fetched input that spilled is dropped from disk once the task
        // that needed it has run.)
        TaskStreamEntry[] entries = [];
        bool Complete() =>
            entries.Any(e => e.Kind == ActionKind.Transfer)
            && small.Results.SpillFileCount > 0
            && entries.Count(e => e.Kind == ActionKind.DiskWrite) >= small.Results.SpillFileCount;
        await Eventually.True(
            () =>
            {
                entries = [.. scheduler.TaskStream.Since(0, 10_000)];
                return Complete();
            },
            TimeSpan.FromSeconds(30),
            "the task stream to hold a transfer and a disk write for every result on the small worker's disk");

        Assert.Equal(25, entries.Count(e => e.Kind == ActionKind.Compute));
        TaskStreamEntry[] transfers = [.. entries.Where(e => e.Kind == ActionKind.Transfer)];
        Assert.NotEmpty(transfers);
        Assert.All(transfers, t => Assert.True(t.NBytes > 0 && t.NBytes % chunkBytes == 0 && t.Peer is not null && t.Peer != t.Worker && t.Stop >= t.Start, $"transfer {t}"));
        TaskStreamEntry[] spills = [.. entries.Where(e => e.Kind == ActionKind.DiskWrite)];
        Assert.True(Complete(), $"{spills.Length} spills and {entries.Count(e => e.Kind == ActionKind.DiskRead)} reads in the stream, {small.Results.SpillFileCount} spill files on disk");
        Assert.All(spills, s => Assert.Equal((small.Address, chunkBytes), (s.Worker, s.NBytes)));

        // The page's JSON names them as Dask's startstops do.
        using JsonDocument json = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{scheduler.Dashboard!.Port}/api/v1/task-stream?max=10000"));
        string[] actions = [.. json.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!)];
        var named = json.RootElement.GetProperty("entries").EnumerateArray().Select(e => actions[e[2].GetInt32()]).ToHashSet();
        Assert.Superset(new HashSet<string> { "compute", "transfer", "disk-write" }, named);
        GC.KeepAlive(chunks);
        await small.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(0)]
    public async Task TheEventStreamUpdatesAtEachIntervalDuringWorkAndRarelyWhileIdle(int max)
    {
        using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: ":0");
        using var client = new Client(cluster);
        await Eventually.True(() => cluster.Scheduler.Snapshot().Workers.Single().ProcessBytes > 0, TimeSpan.FromSeconds(30), "the worker's first heartbeat to reach the scheduler");
        // max=0 is what /workers asks for: no bars, only the snapshot.
        using HttpResponseMessage response = await Http.GetAsync($"{Root(cluster)}/api/v1/stream?max={max}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new System.Collections.Concurrent.ConcurrentQueue<(DateTime At, JsonDocument Data)>();
        using var stop = new CancellationTokenSource();
        Task reading = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Enqueue((DateTime.UtcNow, JsonDocument.Parse(line["data: ".Length..])));
                }
            }
        });

        // The 1.6 s waits below measure the feed's own pace (an event per 400 ms while busy, a refresh per 2 s while idle): real time is what is under test.
        await Task.Delay(1600);
        Assert.Single(events); // the first; then nothing changes for 2 s
        Assert.Equal(1, events.Single().Data.RootElement.GetProperty("snapshot").GetProperty("totals").GetProperty("workers").GetInt32());

        DateTime busy = DateTime.UtcNow;
        Future<int>[] futures = client.Map(static (int x) => { Thread.Sleep(5); return x; }, Enumerable.Range(0, 400)); // two seconds of work
        await Task.Delay(1600);
        int during = events.Count(e => e.At > busy);
        Assert.InRange(during, 2, 5); // every 400 ms (four in 1.6 s; one may slip on a loaded machine)
        client.Gather(futures);
        await Eventually.True(
            () => events.Any(e => e.Data.RootElement.GetProperty("snapshot").GetProperty("totals").GetProperty("memory").GetInt32() == 400),
            TimeSpan.FromSeconds(30),
            "an event whose snapshot shows all 400 results in memory");
        int seen = events.Sum(e => e.Data.RootElement.GetProperty("stream").GetProperty("entries").GetArrayLength());
        Assert.Equal(max == 0 ? 0 : 400, seen); // every bar arrived once (none asked for with max=0)

        // Quiet again: at most the two-second refresh in the next 1.6 s.
        DateTime idle = DateTime.UtcNow;
        await Task.Delay(1600);
        Assert.InRange(events.Count(e => e.At > idle), 0, 1);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task MetricsParseAsPrometheusTextWithDasksNames()
    {
        using var cluster = new LocalCluster(nWorkers: 2, threadsPerWorker: 1, processes: false, memoryLimit: "1GB", dashboardAddress: ":0");
        using var client = new Client(cluster);
        Future<int>[] kept = client.Map(AddOne, Enumerable.Range(0, 500));
        client.Gather(kept);
        Future<int>[] failed = client.Map(Fragile, Enumerable.Range(0, 3));
        Client.Wait(failed);

        using HttpResponseMessage response = await Http.GetAsync($"{Root(cluster)}/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Dictionary<string, double> m = PrometheusParser.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(1, m["dask_scheduler_clients"]);
        Assert.Equal(2, m["dask_scheduler_workers{state=\"connected\"}"]);
        Assert.Equal(2, m["dask_scheduler_worker_threads"]);
        Assert.Equal(500, m["dask_scheduler_tasks{state=\"memory\"}"]);
        Assert.Equal(3, m["dask_scheduler_tasks{state=\"erred\"}"]);
        Assert.Equal(0, m["dask_scheduler_tasks{state=\"processing\"}"]);
        string prefix = kept[0].Key.Prefix;
        Assert.NotEqual(prefix, failed[0].Key.Prefix);
        Assert.Equal(500, m[$"dask_scheduler_prefix_state_totals_total{{task_prefix_name=\"{prefix}\",state=\"memory\"}}"]);
        Assert.Equal(500, m[$"dask_scheduler_prefix_state_totals_total{{task_prefix_name=\"{prefix}\",state=\"processing\"}}"]);
        Assert.Equal(3, m[$"dask_scheduler_prefix_state_totals_total{{task_prefix_name=\"{failed[0].Key.Prefix}\",state=\"erred\"}}"]);
        Assert.True(m[$"dask_scheduler_tasks_compute_seconds_total{{task_prefix_name=\"{prefix}\"}}"] > 0);
        // All 503 finished within the last five seconds, and the rate's window is at least a second.
        Assert.InRange(m["dask_scheduler_tasks_per_second"], 503 / 5.0, 503);
        Assert.Equal(cluster.Scheduler.Snapshot().Workers.Sum(w => w.ManagedBytes), m["dask_scheduler_tasks_output_bytes{state=\"memory\"}"]);
        Assert.All(m.Keys, series => Assert.True(series.StartsWith("dask_scheduler_", StringComparison.Ordinal) || series.StartsWith("dask_worker_", StringComparison.Ordinal), series));
    }

    private static int AddOne(int x) => x + 1;

    private static int Fragile(int x) => x > 2 ? x : throw new InvalidOperationException("small");

    [Fact]
    public void ThePrometheusParserRejectsWhatAScraperWould()
    {
        Assert.Throws<FormatException>(() => PrometheusParser.Parse("dask_x 1\n")); // no TYPE
        Assert.Throws<FormatException>(() => PrometheusParser.Parse("# TYPE dask_x gauge\ndask_x{a=\"1} 2\n"));
        Assert.Throws<FormatException>(() => PrometheusParser.Parse("# TYPE dask_x gauge\ndask_x 1\ndask_x 2\n"));
        Assert.Equal(
            new Dictionary<string, double> { ["dask_x{a=\"q\\\"\"}"] = 2.5 },
            PrometheusParser.Parse("# HELP dask_x Help.\n# TYPE dask_x gauge\ndask_x{a=\"q\\\\\\\"\"} 2.5\n"));
    }

    [Fact]
    public async Task InfoPagesShowAWorkerAndATaskWithItsStory()
    {
        using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: ":0");
        using var client = new Client(cluster);
        Future<int> one = client.Submit(static () => 41);
        Future<int> two = client.SubmitCall<int>(static (int x) => x + 1, [one]);
        Assert.Equal(42, two.Result());
        string worker = cluster.Scheduler.Snapshot().Workers.Single().Address;
        string root = Root(cluster);

        string workerPage = await Http.GetStringAsync($"{root}/info/worker/{Uri.EscapeDataString(worker)}");
        Assert.Contains($"<h2>Worker {WebUtility.HtmlEncode(worker)}</h2>", workerPage, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Threads</th><td>1</td></tr>", workerPage, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(two.Key.ToString()), workerPage, StringComparison.Ordinal);

        string taskPage = await Http.GetStringAsync($"{root}/info/task/{Uri.EscapeDataString(two.Key.ToString())}");
        Assert.Contains("<span class=\"state state-memory\">memory</span>", taskPage, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(one.Key.ToString()), taskPage, StringComparison.Ordinal); // its dependency
        foreach (string step in (string[])["<td>released</td><td>waiting</td>", "<td>waiting</td><td>processing</td>", "<td>processing</td><td>memory</td>"])
        {
            Assert.Contains(step, taskPage, StringComparison.Ordinal);
        }

        using JsonDocument task = JsonDocument.Parse(await Http.GetStringAsync($"{root}/api/v1/tasks/{Uri.EscapeDataString(two.Key.ToString())}"));
        Assert.Equal(("memory", worker), (task.RootElement.GetProperty("state").GetString(), task.RootElement.GetProperty("who_has")[0].GetString()));

        using HttpResponseMessage missing = await Http.GetAsync($"{root}/info/task/no-such-key");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("The scheduler does not know task no-such-key.", await missing.Content.ReadAsStringAsync());
        using HttpResponseMessage nobody = await Http.GetAsync($"{root}/info/worker/tcp%3A%2F%2Fnowhere%3A1");
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
    }

    [Fact]
    public async Task ASecondClusterMovesToAnotherPortAndSaysSo()
    {
        using DefaultDashboardPort turn = DefaultDashboardPort.Acquire();
        using var first = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: ":8787");
        var log = new CapturingLogger();
        using var second = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: ":8787", logger: log);

        Assert.Equal("http://127.0.0.1:8787/status", first.DashboardLink);
        int moved = second.Scheduler.Dashboard!.Port;
        Assert.NotEqual(8787, moved);
        Assert.Equal($"http://127.0.0.1:{moved}/status", second.DashboardLink);
        Assert.Contains(
            (Microsoft.Extensions.Logging.LogLevel.Warning, $"Port 8787 is already in use.\nPerhaps you already have a cluster running?\nHosting the HTTP server on port {moved} instead"),
            log.Entries);

        // Both serve their own scheduler.
        using JsonDocument a = JsonDocument.Parse(await Http.GetStringAsync("http://127.0.0.1:8787/json/identity.json"));
        using JsonDocument b = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{moved}/json/identity.json"));
        Assert.Equal((first.Scheduler.Id, second.Scheduler.Id), (a.RootElement.GetProperty("id").GetString(), b.RootElement.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task TheDashboardStopsWithItsClusterAndIsAbsentWhenTurnedOff()
    {
        int port;
        using (var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: ":0"))
        {
            port = cluster.Scheduler.Dashboard!.Port;
            Assert.Equal("ok", await Http.GetStringAsync($"http://127.0.0.1:{port}/health"));
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetStringAsync($"http://127.0.0.1:{port}/health"));

        using var off = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: false, dashboardAddress: null);
        using var client = new Client(off);
        Assert.Null(off.Scheduler.Dashboard);
        Assert.Null(client.DashboardLink);
        Assert.Null(client.DashboardTunnel());
    }

    [Fact]
    public void AClientConnectedByAddressLearnsTheDashboardFromTheScheduler()
    {
        using var cluster = new LocalCluster(nWorkers: 1, threadsPerWorker: 1, processes: true, dashboardAddress: ":0");
        using var client = new Client(cluster.SchedulerAddress, secret: cluster.Secret);
        Assert.Equal(cluster.DashboardLink, client.DashboardLink);
        Assert.Contains($"Dashboard: {cluster.DashboardLink}", client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsideASlurmJobTheClientPrintsTheSshTunnelAndTheDashboardListensBeyondLoopback()
    {
        var saved = new Dictionary<string, string?>();
        foreach (var (name, value) in new Dictionary<string, string> { ["SLURM_JOB_ID"] = "4242", ["SLURM_SUBMIT_HOST"] = "login1", ["SLURMD_NODENAME"] = "node7", ["USER"] = "alice" })
        {
            saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            using var client = new Client(processes: false, nWorkers: 1, threadsPerWorker: 1, dashboardAddress: ":0");
            int port = client.Cluster!.Scheduler.Dashboard!.Port;
            Assert.Equal("0.0.0.0", client.Cluster.Scheduler.Dashboard.Host); // the login node must reach it
            Assert.Equal($"ssh -N -L {port}:node7:{port} alice@login1", client.DashboardTunnel());
            string token = client.Cluster.Scheduler.Dashboard.Token!; // beyond loopback: it needs its token, and so does the tunnelled link
            Assert.Equal($"http://127.0.0.1:{port}/status?token={token}", client.DashboardLink);
            Assert.Contains($"Dashboard from your computer: run `ssh -N -L {port}:node7:{port} alice@login1` there, then open http://localhost:{port}/status?token={token}", client.ToString(), StringComparison.Ordinal);
            Assert.Contains($"then open http://localhost:{port}/status?token={token}</td>", client.ToHtml(), StringComparison.Ordinal);
            Assert.Contains($"then open http://localhost:{port}/status?token={token}</td>", client.Cluster.ToHtml(), StringComparison.Ordinal);
            Assert.Contains($"<code>ssh -N -L {port}:node7:{port} alice@login1</code>", client.ToHtml(), StringComparison.Ordinal);

            // Reachable on this machine's own (non-loopback) address, as the tunnel's far end is.
            string? external = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))?.ToString();
            if (external is not null)
            {
                Assert.Equal("ok", await Http.GetStringAsync($"http://{external}:{port}/health"));
            }
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
