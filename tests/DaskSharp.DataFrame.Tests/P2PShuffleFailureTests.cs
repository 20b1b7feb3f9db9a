using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>
/// kill -9 of a worker process that owns output partitions while the shuffle's transfers run: the
/// shuffle restarts on the workers left (and the nanny's new worker) and gives the task shuffle's
/// result, three times over; nothing deadlocks, and no shuffle file is left.
/// </summary>
[Collection(P2PClusterCollection.Name)]
public sealed class P2PShuffleFailureTests(P2PClusterFixture cluster)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    // 216,000 rows in 20 partitions, generated in the tasks: transfers that take a while on a loaded machine.
    private static DaskDataFrame Frame() => Dd.Datasets.Timeseries("2000-01-01", "2000-01-11", freq: "4s", partitionFreq: "12h", seed: 5);

    private static string Digest(LocalFrame frame) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(FrameCases.Canonical(frame))));

    /// <summary>What the scheduler holds that is not done, to say what a stalled shuffle waits for.</summary>
    private string Unfinished() => cluster.Scheduler.InvokeAsync(s => string.Join("; ", s.Tasks.Values
        .Where(t => t.State != DaskSharp.Distributed.Scheduling.TaskState.Memory)
        .OrderBy(t => t.Key).Take(40)
        .Select(t => $"{t.Key} {t.State} on={t.ProcessingOn} pin={t.WorkerRestriction} waits-on={t.WaitingOn.Count}"))
        + $" | logs: {string.Join(" // ", cluster.Cluster.GetLogs().Select(l => l.Key + ": " + string.Join(" / ", l.Value.TakeLast(15))))}"
        + $" | workers: {string.Join(", ", cluster.Scheduler.Snapshot().Workers.Select(w => $"{w.Address} executing={w.Executing} ready={w.Ready} paused={w.Paused} processing={w.Processing} in-memory={w.InMemory} rss={w.ProcessBytes >> 20} MiB"))} | shuffles: {string.Join(", ", cluster.Scheduler.ActiveShuffles.Values.Select(r => $"{r.Id} run {r.Run} on {string.Join("/", r.Participants)}"))}").GetAwaiter().GetResult();

    [Fact]
    public async Task KillingAParticipantMidShuffle_RestartsIt_AndGivesTheRightAnswer_ThreeTimes()
    {
        string expected = Digest(Frame().Shuffle("name", npartitions: 8, method: "tasks").Compute("sync"));
        for (int round = 1; round <= 3; round++)
        {
            cluster.Cluster.WaitForWorkers(P2PClusterFixture.Workers, TimeSpan.FromSeconds(90));
            int restartsBefore = cluster.Scheduler.ShuffleRestarts;
            long transfersBefore = cluster.MemoryTotals().GetValueOrDefault("shuffle-transfer");
            DaskDataFrame shuffled = Frame().Shuffle("name", npartitions: 8, method: "p2p");
            Task<LocalFrame> running = Task.Run(() => shuffled.Compute(P2PClusterFixture.SchedulerName));

            // Transfers are under way: the run exists and some transfer has finished.
            P2PClusterFixture.WaitFor(
                () => running.IsCompleted || (cluster.Scheduler.ActiveShuffles.Count == 1 && cluster.MemoryTotals().GetValueOrDefault("shuffle-transfer") > transfersBefore),
                Bound,
                $"round {round}: the shuffle's run to exist and a first transfer to finish");
            Assert.False(running.IsCompleted, $"round {round}: the shuffle finished before a worker could be killed mid-way");
            string victim = cluster.Scheduler.ActiveShuffles.Values.Single().Participants[0];
            long pid = cluster.Scheduler.Snapshot().Workers.Single(w => w.Address == victim).Pid;
            Process.GetProcessById((int)pid).Kill(); // SIGKILL: no goodbye to the scheduler or the peers

            LocalFrame result;
            try
            {
                result = await running.WaitAsync(Bound);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"round {round}: the shuffle did not finish within {Bound.TotalMinutes} minutes after killing {victim} (pid {pid}). Unfinished tasks: {Unfinished()}");
            }

            Assert.Equal(expected, Digest(result));
            Assert.True(cluster.Scheduler.ShuffleRestarts > restartsBefore, $"round {round}: the shuffle did not restart after {victim} was killed");
            Assert.Empty(cluster.ShuffleFiles());
        }
    }
}
