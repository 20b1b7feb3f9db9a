using DaskSharp.Arrays;
using DaskSharp.Distributed;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;

namespace DaskSharp.JobQueue.Tests;

/// <summary>SLURMCluster on a real two-node SLURM (node1, node2, partition debug, all on 127.0.0.1), one cluster for the class.</summary>
public sealed class SlurmClusterTests(SlurmFixture fixture) : IClassFixture<SlurmFixture>
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(120);

    private SLURMCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Scale_TwoJobs_ComputeTheSeedsExpressionExactly()
    {
        await Cluster.ScaleAsync(jobs: 2);
        await WaitForWorkersAsync(2);
        IReadOnlyList<SlurmJob> planned = [.. Cluster.Jobs.Where(j => j.Planned)];
        Assert.Equal(2, planned.Count);
        Assert.All(planned, j => Assert.Single(j.Workers));

        var x = Da.Random.DefaultRng(7).Random((1200, 1200), chunks: 300);
        var y = (x + x.T) - x.Mean(axis: 0);
        double expected = y.Sum().Compute(scheduler: "sync");
        Assert.Equal(expected, y.Sum().Compute(scheduler: SlurmFixture.SchedulerName));

        await Cluster.WaitForJobsAsync(jobs => jobs.Where(j => j.Planned).All(j => j.State == "RUNNING" && j.Nodes.Count == 1), "both jobs RUNNING on a node", s_bound);
        string repr = Cluster.ToString();
        foreach (SlurmJob job in Cluster.Jobs.Where(j => j.Planned))
        {
            Assert.Contains($"Job {job.JobId} {job.Name}: RUNNING, 1 node\n  {job.Nodes[0]}: {job.Name} (tcp://127.0.0.1:", repr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scale_WorkersCoresMemory_RoundUpToJobs_AndScaleDownEndsTheNewest()
    {
        await Cluster.ScaleAsync(jobs: 0);
        await Cluster.ScaleAsync(workers: 3);
        Assert.Equal(3, Cluster.PlannedWorkers.Count);
        await WaitForWorkersAsync(3);
        string[] oldest = [.. Cluster.Jobs.Where(j => j.Planned).Take(2).Select(j => j.JobId)];
        string newest = Cluster.Jobs.Last(j => j.Planned).JobId;

        // 1 core is one job; 2 GB of 1 GB jobs is two: the larger wins, and the newest job goes.
        await Cluster.ScaleAsync(cores: 1, memory: "2GB");
        Assert.Equal(oldest, Cluster.Jobs.Where(j => j.Planned).Select(j => j.JobId));
        await Cluster.WaitForJobsAsync(jobs => jobs.Single(j => j.JobId == newest).State == "CANCELLED", $"job {newest} CANCELLED", s_bound);
        Assert.DoesNotContain(newest, SlurmFixture.LiveJobIds());
        Assert.Equal(2, Cluster.ObservedWorkers.Count);
        Assert.True(Cluster.Jobs.Single(j => j.JobId == newest).CancelRequested);
    }

    [Fact]
    public async Task ScaleDown_MovesResultsOfTheRetiredWorkers()
    {
        await Cluster.ScaleAsync(jobs: 2);
        await WaitForWorkersAsync(2);
        Future<int>[] futures = [.. Enumerable.Range(0, 20).Select(i => fixture.Client.Submit((int v) => v * v, i))];
        int[] before = fixture.Client.Gather(futures);
        await Cluster.ScaleAsync(jobs: 1);
        string remaining = Assert.Single(Cluster.Scheduler.Snapshot().Workers).Address;

        // The retired job's results moved before scancel: every one is in memory on the worker that
        // stays, and none was computed twice.
        foreach (Future<int> f in futures)
        {
            TaskSnapshot task = Cluster.Scheduler.TaskInfo(f.Key)!;
            Assert.Equal(TaskState.Memory, task.State);
            Assert.Equal([remaining], task.WhoHas);
            Assert.Single(task.Story, t => t.To == TaskState.Memory);
        }

        Assert.Equal(before, fixture.Client.Gather(futures));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * i), before);
    }

    [Fact]
    public async Task ExternalScancel_ShowsAsCancelledInTheClustersStatus()
    {
        await Cluster.ScaleAsync(jobs: 1);
        await WaitForWorkersAsync(1);
        SlurmJob job = Cluster.Jobs.Last(j => j.Planned);
        SlurmFixture.Run("scancel", job.JobId);
        await Cluster.WaitForJobsAsync(jobs => jobs.Single(j => j.JobId == job.JobId).State == "CANCELLED", $"job {job.JobId} CANCELLED", s_bound);
        Assert.Contains($"Job {job.JobId} {job.Name}: CANCELLED", Cluster.ToString(), StringComparison.Ordinal);
        Assert.Contains(Cluster.Logs, l => l.Contains($"Job {job.JobId} ({job.Name}) ended without the cluster ending it: CANCELLED", StringComparison.Ordinal));
        Assert.DoesNotContain(job.Workers[0], Cluster.PlannedWorkers);
    }

    [Fact]
    public async Task Close_CancelsEveryJob_SqueueListsNone()
    {
        string[] ids;
        using (SLURMCluster cluster = fixture.NewCluster())
        {
            await cluster.ScaleAsync(jobs: 2);
            ids = [.. cluster.Jobs.Select(j => j.JobId)];
            Assert.Equal(2, ids.Length);
            Assert.Contains(cluster.JobScript().Split('\n'), l => l == $"#SBATCH -J {fixture.JobName}");
        }

        Assert.Empty(SlurmFixture.LiveJobIds().Intersect(ids));
    }

    [Fact]
    public async Task NodesPerJob2_OneJobForTwoNodes_AWorkerOnEach()
    {
        using SLURMCluster cluster = fixture.NewCluster(nodesPerJob: 2);
        await cluster.ScaleAsync(workers: 2);
        SlurmJob job = Assert.Single(cluster.Jobs);
        Assert.Equal([$"{job.Name}-0", $"{job.Name}-1"], job.Workers);
        await WaitForWorkersAsync(2, cluster);
        await cluster.WaitForJobsAsync(jobs => jobs[0].Nodes.Count == 2, "the job's two nodes", s_bound);
        Assert.Equal(SlurmTestCluster.Nodes, cluster.Jobs[0].Nodes);

        string layout;
        using (var client = new Client(cluster, setAsDefault: false))
        {
            layout = client.ToString();
            var x = Da.Random.DefaultRng(7).Random((1200, 1200), chunks: 300);
            var y = (x + x.T) - x.Mean(axis: 0);
            DaskSharp.Execution.SchedulerRegistry.Register("slurm-two-nodes", client);
            try
            {
                Assert.Equal(y.Sum().Compute(scheduler: "sync"), y.Sum().Compute(scheduler: "slurm-two-nodes"));
            }
            finally
            {
                DaskSharp.Execution.SchedulerRegistry.Unregister("slurm-two-nodes", client);
            }
        }

        // The repr groups the workers by job and node (SLURM_NODEID 0 is the job's first node).
        var address = cluster.Scheduler.Snapshot().Workers.ToDictionary(w => w.Name, w => w.Address);
        string header = cluster.ToString().Split('\n')[0];
        Assert.Equal(
            $"{header}\nJob {job.JobId} {job.Name}: RUNNING, 2 nodes\n  node1: {job.Name}-0 ({address[$"{job.Name}-0"]})\n  node2: {job.Name}-1 ({address[$"{job.Name}-1"]})",
            cluster.ToString());
        Assert.StartsWith($"SLURMCluster({cluster.Name}, 'tcp://127.0.0.1:", header, StringComparison.Ordinal);
        Assert.EndsWith($"Workers: 2, Total threads: 2, Total memory: 1.86 GiB\n{cluster.WorkerLayout()}", layout, StringComparison.Ordinal); // the client prints the same
        Assert.EndsWith(", workers=2, threads=2, memory=1.86 GiB)", header, StringComparison.Ordinal);

        // Scaling counts workers and nodes: 3 workers need two 2-node jobs; 2 cores or 2 GB fit in one.
        await cluster.ScaleAsync(workers: 3);
        Assert.Equal(4, cluster.PlannedWorkers.Count);
        await cluster.ScaleAsync(cores: 2, memory: "2GB");
        Assert.Equal([job.JobId], cluster.Jobs.Where(j => j.Planned).Select(j => j.JobId));
    }

    [Fact]
    public async Task Adapt_QueuedWork_SubmitsUpToMaximumJobs_ThenEndsThemAllWhenIdle()
    {
        using SLURMCluster cluster = fixture.NewCluster();
        Adaptive adaptive = cluster.Adapt(minimumJobs: 0, maximumJobs: 2, interval: TimeSpan.FromMilliseconds(300), waitCount: 2);
        Assert.Equal((0, 2), (adaptive.Minimum, adaptive.Maximum));
        Future<int>[] futures;
        int[] results;
        using (var client = new Client(cluster, setAsDefault: false))
        {
            // 24 tasks of unknown duration are 12 s of work: 3 workers wanted, 2 jobs allowed.
            futures = client.Map((int i) => { Thread.Sleep(400); return i * 10; }, Enumerable.Range(0, 24));
            await WaitForWorkersAsync(2, cluster);
            Assert.Equal(2, cluster.Jobs.Count);
            Assert.Equal((AdaptiveStatus.Up, 2), (adaptive.Log[0].Recommendation.Status, adaptive.Log[0].Recommendation.Target));
            results = await client.GatherAsync(futures).WaitAsync(s_bound);
            foreach (Future<int> f in futures)
            {
                f.Dispose();
            }
        }

        Assert.Equal(Enumerable.Range(0, 24).Select(i => i * 10), results);

        // Idle and holding nothing: both jobs end, and squeue lists neither.
        await cluster.WaitForJobsAsync(jobs => jobs.All(j => j.CancelRequested && j.State == "CANCELLED"), "both jobs CANCELLED as idle", s_bound);
        Assert.Empty(cluster.PlannedWorkers);
        Assert.Empty(SlurmFixture.LiveJobIds().Intersect(cluster.Jobs.Select(j => j.JobId)));
        Assert.Contains(adaptive.Log, l => l.Recommendation.Status == AdaptiveStatus.Down && l.Recommendation.Target == 0);
    }

    [Fact]
    public async Task Walltime_WorkersRetireBeforeTheJobEnds_AdaptReplacesThem_LongWorkCompletes()
    {
        // A 1-minute walltime: workers retire 45 s ± 7.5 s after they start; 150 s of work on at most 2 workers outlives the first jobs.
        using SLURMCluster cluster = fixture.NewCluster(walltime: "00:01:00");
        Assert.Contains("--lifetime 45s --lifetime-stagger 7.5s", cluster.JobScript(), StringComparison.Ordinal);
        cluster.Adapt(minimumJobs: 0, maximumJobs: 2, interval: TimeSpan.FromMilliseconds(300), waitCount: 2);
        int[] results;
        using (var client = new Client(cluster, setAsDefault: false))
        {
            Future<int>[] futures = client.Map((int i) => { Thread.Sleep(500); return i * 10; }, Enumerable.Range(0, 300));
            try
            {
                results = await client.GatherAsync(futures).WaitAsync(TimeSpan.FromSeconds(130));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"The 150 s of work did not finish within 130 s: {e.Message}\n{cluster}\n{string.Join('\n', cluster.Logs.TakeLast(30))}", e);
            }

            // The replacements ran before the first workers retired, so those handed their results over: none was computed twice.
            foreach (Future<int> f in futures)
            {
                Assert.Single(cluster.Scheduler.TaskInfo(f.Key)!.Story, t => t.To == TaskState.Memory);
            }
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => i * 10), results);

        // The first jobs ended on their own (their workers left), before SLURM's time limit; replacements came.
        await cluster.WaitForJobsAsync(jobs => jobs.Take(2).All(j => j.State == "COMPLETED"), "the first two jobs COMPLETED on their own", TimeSpan.FromSeconds(30));
        SlurmJob[] ended = [.. cluster.Jobs.Where(j => j.Finished && !j.CancelRequested)];
        Assert.True(ended.Length >= 2, $"the first jobs ended on their own; the jobs: {string.Join("; ", cluster.Jobs.Select(j => $"{j.JobId} {j.State}"))}");
        Assert.All(ended, j => Assert.Equal("COMPLETED", j.State));
        Assert.True(cluster.Jobs.Count >= 3, $"expected replacement jobs; the jobs: {string.Join("; ", cluster.Jobs.Select(j => $"{j.JobId} {j.State}"))}");
        Assert.Contains(cluster.GetLogs()["Scheduler"], l => l.Contains("Retiring worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StageRuntime_WorkersOnEveryNodeRunFromTheNodeLocalCopy()
    {
        string shared = Directory.CreateTempSubdirectory("dasksharp-shared-").FullName;
        string local = Directory.CreateTempSubdirectory("dasksharp-node-local-").FullName;
        try
        {
            using SLURMCluster cluster = fixture.NewCluster(nodesPerJob: 2, localDirectory: local, stageRuntime: true, sharedTempDirectory: shared);
            WorkerRuntimeStage stage = cluster.Options.Stage!;
            Assert.Equal(Path.Combine(shared, stage.DirectoryName), stage.SharedPath);
            Assert.True(File.Exists(Path.Combine(stage.SharedPath, "DaskSharp.Cli.dll")), "the worker host is staged on the shared directory");
            Assert.Equal(stage, SlurmJobOptions.Create(cores: 1, memory: "1GB", stageRuntime: true, sharedTempDirectory: shared).Stage); // the same content: the same copy
            Assert.Single(Directory.GetDirectories(shared));
            Assert.Contains($"export DASKSHARP_WORKER_HOST={local}/{stage.DirectoryName}/DaskSharp.Cli.dll", cluster.JobScript().Split('\n'));

            await cluster.ScaleAsync(jobs: 1);
            await WaitForWorkersAsync(2, cluster);
            foreach (var worker in cluster.Scheduler.Snapshot().Workers)
            {
                string command = File.ReadAllText($"/proc/{worker.Pid}/cmdline").Replace('\0', ' ');
                Assert.Contains($" {local}/{stage.DirectoryName}/DaskSharp.Cli.dll worker ", command, StringComparison.Ordinal);
            }

            using var client = new Client(cluster, setAsDefault: false);
            Assert.Equal(11, client.Submit((int v) => v + 1, 10).Result(s_bound));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
            Directory.Delete(local, recursive: true);
        }
    }

    private Task WaitForWorkersAsync(int n) => WaitForWorkersAsync(n, Cluster);

    private async Task WaitForWorkersAsync(int n, SLURMCluster cluster)
    {
        try
        {
            await cluster.WaitForWorkersAsync(n, s_bound);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{cluster}\n{fixture.JobLogs()}", e);
        }
    }
}
