using System.Diagnostics;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;

namespace DaskSharp.JobQueue.Tests;

/// <summary><c>dask worker --lifetime</c>, the option the job scripts give their workers, on a scheduler in this process.</summary>
public sealed class WorkerLifetimeTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Lifetime_WorkerRetiresAndExitsZero_WithRestartItComesBack()
    {
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tcp://127.0.0.1:0" });
                // Without a nanny the clock starts once the worker has registered; with nannies (the job scripts' way) when they start,
        // so that lifetime is longer than a loaded machine takes to start a worker process.
        using Process once = StartWorker(scheduler, "once", "--no-nanny", "--lifetime", "2s");
        using Process again = StartWorker(scheduler, "again", "--lifetime", "10s", "--lifetime-stagger", "0.5s", "--lifetime-restart");
        try
        {
            await EventuallyAsync(() => Names(scheduler).Contains("once"), "the worker with --lifetime 2s registered");
            string first = string.Empty;
            await EventuallyAsync(() => (first = Address(scheduler, "again")).Length > 0, "the worker with --lifetime-restart registered");
            Assert.True(await once.WaitForExitAsync().WaitAsync(s_bound).ContinueWith(t => t.IsCompletedSuccessfully), "the worker with --lifetime 2s exited");
            Assert.Equal(0, once.ExitCode);
            Assert.DoesNotContain("once", Names(scheduler));

            // With --lifetime-restart the process stays and a fresh worker of the same name registers (another address).
            await EventuallyAsync(() => Names(scheduler).Contains("again") && Address(scheduler, "again") != first, "the restarted worker registered again");
            Assert.False(again.HasExited);
        }
        finally
        {
            foreach (Process p in new[] { once, again }.Where(p => !p.HasExited))
            {
                p.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task LifetimeStagger_WithoutLifetime_IsRefused()
    {
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tcp://127.0.0.1:0" });
        using Process worker = StartWorker(scheduler, "bad", "--lifetime-stagger", "4m");
        Task<string> output = worker.StandardOutput.ReadToEndAsync();
        await worker.WaitForExitAsync().WaitAsync(s_bound);
        Assert.Equal(1, worker.ExitCode);
        Assert.Contains("--lifetime-stagger 4m is not possible; it needs --lifetime", await output, StringComparison.Ordinal);
    }

    private static Process StartWorker(Scheduler scheduler, string name, params string[] options)
    {
        var host = WorkerHost.Find() ?? throw new InvalidOperationException("The test needs the dask worker host (DaskSharp.Cli.dll) next to it.");
        var start = new ProcessStartInfo(host.FileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in host.Arguments.Concat(["worker", scheduler.Address, "--name", name, "--nthreads", "1", "--memory-limit", "0"]).Concat(options))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[WorkerHost.SecretVariable] = scheduler.Secret;
        return Process.Start(start)!;
    }

    private static IReadOnlyList<string> Names(Scheduler scheduler) => [.. scheduler.Snapshot().Workers.Select(w => w.Name)];

    private static string Address(Scheduler scheduler, string name) =>
        scheduler.Snapshot().Workers.FirstOrDefault(w => w.Name == name)?.Address ?? string.Empty;

    /// <summary>Waits for <paramref name="condition"/>, looking every 50 ms, failing with <paramref name="what"/> after the bound.</summary>
    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > s_bound)
            {
                throw new TimeoutException($"Not within {s_bound.TotalSeconds} s: {what}.");
            }

            await Task.Delay(50);
        }
    }
}
