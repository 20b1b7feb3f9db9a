using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// Linear chains far deeper than the thread's stack: the bare state machine with a million tasks,
/// then a process cluster with 200,001. Each walk over dependencies must be iterative; a recursive
/// one kills the process with a stack overflow (at about 58,000 frames on a 1 MiB stack).
/// </summary>
public class DeepGraphTests
{
    private const int Million = 1_000_000;
    private const string Client = "client-1";
    private const string Worker = "w1";

    private static readonly Dictionary<Key, string[]> None = [];

    private static Key[] ChainKeys(int n)
    {
        var keys = new Key[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = new Key($"inc-{i}");
        }

        return keys;
    }

    /// <summary>inc-0 ← inc-1 ← … ← inc-(n-1), each reading the one before; the last is wanted.</summary>
    private static UpdateGraphEvent SubmitChain(Key[] keys, string stimulus)
    {
        var tasks = new TaskSubmission[keys.Length];
        tasks[0] = new TaskSubmission(keys[0], [], 0);
        for (int i = 1; i < keys.Length; i++)
        {
            tasks[i] = new TaskSubmission(keys[i], [keys[i - 1]], i);
        }

        return new UpdateGraphEvent(Client, tasks, [keys[^1]], stimulus);
    }

    /// <summary>Exact instructions, compared without xunit's per-call cost (a million steps).</summary>
    private static void Expect(List<SchedulerInstruction> actual, string step, params SchedulerInstruction[] expected)
    {
        if (!actual.SequenceEqual(expected))
        {
            Assert.Fail($"After {step}: expected [{string.Join(", ", expected.AsEnumerable())}], got [{string.Join(", ", actual)}].");
        }
    }

    private static ComputeTask Compute(Key[] keys, int i, string stimulus) =>
        new(Worker, keys[i], (1, i), i == 0 ? None : new Dictionary<Key, string[]> { [keys[i - 1]] = [Worker] }, stimulus);

    /// <summary>Feeds the finish of tasks [from, to) as a worker would, asserting each step's instructions exactly.</summary>
    private static void RunChain(SchedulerState s, Key[] keys, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            string stimulus = $"done-{i}";
            List<SchedulerInstruction> output = s.Handle(new TaskFinishedEvent(keys[i], Worker, 8, stimulus));
            if (i == keys.Length - 1)
            {
                Expect(output, stimulus, new ReportKey(Client, keys[i], TaskState.Memory, null, stimulus), new FreeKeys(Worker, [keys[i - 1]], stimulus));
            }
            else if (i == 0)
            {
                Expect(output, stimulus, Compute(keys, 1, stimulus));
            }
            else
            {
                Expect(output, stimulus, Compute(keys, i + 1, stimulus), new FreeKeys(Worker, [keys[i - 1]], stimulus));
            }
        }
    }

    private static void AssertEmpty(SchedulerState s, int forgotten)
    {
        Assert.Empty(s.Tasks);
        TaskPrefix inc = s.Prefixes["inc"];
        // With every task gone the prefix starts a fresh group (Total 0); the counter keeps the history.
        Assert.Equal((0, forgotten), (inc.Total, (int)inc.TotalInto(TaskState.Forgotten)));
        Assert.All(s.Workers.Values, w => Assert.Equal((0, 0, 0L), (w.Processing.Count, w.HasWhat.Count, w.NBytes)));
        s.Validate();
    }

    [Fact]
    public void MillionTaskChain_RunsToCompletion_ThenReleaseForgetsEveryTask()
    {
        Key[] keys = ChainKeys(Million);
        var s = new SchedulerState();
        Expect(s.Handle(new AddWorkerEvent(Worker, 1, 1 << 30, "add")), "add");
        Expect(s.Handle(SubmitChain(keys, "submit")), "submit", Compute(keys, 0, "submit"));

        RunChain(s, keys, 0, Million);

        // Every input was freed as its dependent finished; only the wanted result stays in memory.
        Assert.Equal(Million, s.Tasks.Count);
        Assert.Equal([Million - 1, 1], new[] { s.Prefixes["inc"].Count(TaskState.Released), s.Prefixes["inc"].Count(TaskState.Memory) });
        Assert.Equal([keys[^1]], s.Workers[Worker].HasWhat.Select(t => t.Key));
        Assert.Equal(8, s.Workers[Worker].NBytes);
        Assert.Empty(s.Workers[Worker].Processing);
        s.Validate();

        Expect(s.Handle(new ReleaseKeysEvent(Client, [keys[^1]], "release")), "release", new FreeKeys(Worker, [keys[^1]], "release"));
        AssertEmpty(s, Million);

        // Forgetting walks from the result to the root, so the root is the last transition the bounded log keeps.
        Assert.Equal([(keys[0], TaskState.Released, TaskState.Forgotten, "release")], s.Story(keys[0]));
    }

    [Fact]
    public void MillionTaskChain_CancelledMidway_ForgetsAllButTheRunningTask_ThenItsReportForgetsTheRest()
    {
        const int Half = Million / 2;
        Key[] keys = ChainKeys(Million);
        var s = new SchedulerState();
        s.Handle(new AddWorkerEvent(Worker, 1, 1 << 30, "add"));
        Expect(s.Handle(SubmitChain(keys, "submit")), "submit", Compute(keys, 0, "submit"));
        RunChain(s, keys, 0, Half);
        Assert.Equal(TaskState.Processing, s.Tasks[keys[Half]].State);

        // The client cancels: the half not yet run is forgotten at once; the running task is left to finish.
        Expect(s.Handle(new ReleaseKeysEvent(Client, [keys[^1]], "cancel")), "cancel");
        Assert.Equal(Half + 1, s.Tasks.Count);
        Assert.Equal(
            [Half - 1, 1, 1, Half - 1],
            new[] { TaskState.Released, TaskState.Memory, TaskState.Processing, TaskState.Forgotten }.Select(t => t == TaskState.Forgotten ? (int)s.Prefixes["inc"].TotalInto(t) : s.Prefixes["inc"].Count(t)));
        Assert.Equal(TaskState.Memory, s.Tasks[keys[Half - 1]].State);
        Assert.False(s.Tasks.ContainsKey(keys[Half + 1]));
        Assert.Equal([(keys[Half + 1], TaskState.Released, TaskState.Forgotten, "cancel")], s.Story(keys[Half + 1]));
        s.Validate();

        Expect(
            s.Handle(new TaskFinishedEvent(keys[Half], Worker, 8, "late")),
            "late",
            new FreeKeys(Worker, [keys[Half - 1]], "late"),
            new FreeKeys(Worker, [keys[Half]], "late"));
        AssertEmpty(s, Million);
    }

    [Fact]
    public void MillionTaskChain_ReleasedBeforeAnyWorkerCame_ForgetsEveryTaskAtOnce()
    {
        Key[] keys = ChainKeys(Million);
        var s = new SchedulerState();
        Expect(s.Handle(SubmitChain(keys, "submit")), "submit");
        Assert.Equal(TaskState.NoWorker, s.Tasks[keys[0]].State);
        Assert.Equal(Million - 1, s.Prefixes["inc"].Count(TaskState.Waiting));

        Expect(s.Handle(new ReleaseKeysEvent(Client, [keys[^1]], "release")), "release");
        AssertEmpty(s, Million);

        // Released from the result down to the root, then forgotten in the same order (the log keeps the last 100,000).
        Assert.Equal([(keys[0], TaskState.Released, TaskState.Forgotten, "release")], s.Story(keys[0]));

        // Nothing is left parked for a worker.
        Expect(s.Handle(new AddWorkerEvent(Worker, 1, 1 << 30, "add")), "add");
    }

    [Fact]
    public void MillionTaskChain_ErredAtItsRoot_FailsTheWantedKey_ThenReleaseForgetsEveryTask()
    {
        Key[] keys = ChainKeys(Million);
        var s = new SchedulerState();
        s.Handle(new AddWorkerEvent(Worker, 1, 1 << 30, "add"));
        s.Handle(SubmitChain(keys, "submit"));

        Expect(
            s.Handle(new TaskErredEvent(keys[0], Worker, "OverflowException: boom", "tb", "err")),
            "err",
            new ReportKey(Client, keys[^1], TaskState.Erred, "OverflowException: boom", "err"));
        Assert.Equal(Million, s.Prefixes["inc"].Count(TaskState.Erred));
        Assert.Equal("OverflowException: boom", s.Tasks[keys[^1]].Exception);
        s.Validate();

        Expect(s.Handle(new ReleaseKeysEvent(Client, [keys[^1]], "release")), "release");
        AssertEmpty(s, Million);
    }
}

/// <summary>A 200,001-task chain of delayed calls through worker processes, fused (the default) and unfused.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeepGraphProcessClusterTests : IDisposable
{
    private const int Length = 200_001;
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(4);

    private readonly LocalCluster _cluster = new(nWorkers: 2, threadsPerWorker: 1, processes: true, dashboardAddress: null);

    public void Dispose() => _cluster.Dispose();

    private static long Inc(long x) => x + 1;

    /// <summary>inc(inc(…inc(0)…)), as a user writes it: 200,001 delayed calls, each reading the one before.</summary>
    private static Delayed<long> Chain()
    {
        var inc = Dask.Delayed<long, long>(Inc);
        Delayed<long> chain = inc(0L);
        for (int i = 1; i < Length; i++)
        {
            chain = inc(chain);
        }

        return chain;
    }

    private Task<(int Tasks, int InMemory)> SchedulerTasks() =>
        _cluster.Scheduler.InvokeAsync(s => (s.Tasks.Count, s.Tasks.Values.Count(t => t.State == TaskState.Memory)));

    /// <summary>Polls the scheduler until it holds no task (releases reach it in a batch, a moment after the futures go).</summary>
    private Task WaitUntilSchedulerForgetsEverything(string what) =>
        Eventually.True(() => SchedulerTasks().Result.Tasks == 0, s_timeout, $"the scheduler to forget every task once {what} were released");

    [Fact]
    public async Task ChainOf200001DelayedCalls_FusedByDefault_ComputesOnWorkerProcesses_ThenReleaseForgetsIt()
    {
        using var client = new Client(_cluster);
        Future<long> result = client.Compute(Chain());
        Assert.Equal(Length, result.Result(s_timeout));

        // Linear fusion folded the chain into one task under the last key: the scheduler never saw its depth.
        Assert.Equal((1, 1), await SchedulerTasks());
        result.Dispose();
        await WaitUntilSchedulerForgetsEverything("the fused chain's future");
    }

    [Fact]
    public async Task ChainOf200001DelayedCalls_Unfused_RunsAsThatManySchedulerTasks_ThenReleaseForgetsThemAll()
    {
        using var client = new Client(_cluster);
        Future<long> result;
        using (DaskConfig.Set("optimization.fuse.active", false))
        {
            result = client.Compute(Chain());
        }

        Assert.Equal(Length, result.Result(s_timeout));

        // Every input was released as its dependent finished; only the wanted result is in memory.
        Assert.Equal((Length, 1), await SchedulerTasks());
        result.Dispose();
        await WaitUntilSchedulerForgetsEverything("the unfused chain's future");
    }

    [Fact]
    public async Task ChainOf200001DelayedCalls_Unfused_ReleasedWhileRunning_IsForgottenWithoutKillingTheScheduler()
    {
        using var client = new Client(_cluster);
        Future<long> result;
        using (DaskConfig.Set("optimization.fuse.active", false))
        {
            result = client.Compute(Chain());
        }

        // The release follows the submission on the same connection, long before 200,001 tasks can run:
        // the scheduler releases a chain of waiting tasks (this overflowed its stack when that walk recursed).
        result.Dispose();
        await WaitUntilSchedulerForgetsEverything("the running chain's future");
        Assert.InRange(await _cluster.Scheduler.InvokeAsync(s => s.Prefixes.Values.Sum(p => p.TotalInto(TaskState.Memory))), 0, Length - 2); // most never ran
        Assert.Equal(7, client.Submit(Inc, 6L).Result(s_timeout));
    }
}
