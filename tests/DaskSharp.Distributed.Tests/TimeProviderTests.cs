using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Working;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The shells read time only through their <see cref="TimeProvider"/>: on a <see cref="ManualTimeProvider"/>
/// their heartbeats, flushes and timeouts happen when the test moves the clock, and never before.
/// </summary>
public sealed class TimeProviderTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(1);

    private static Task<Scheduler> StartSchedulerAsync(TimeProvider time) =>
        Scheduler.StartAsync(new SchedulerOptions { Address = $"inproc://scheduler-{Guid.NewGuid():N}", TimeProvider = time });

    private static Task<Worker> StartWorkerAsync(Scheduler scheduler, TimeProvider time) =>
        Worker.StartAsync(new WorkerOptions
        {
            SchedulerAddress = scheduler.Address,
            Secret = scheduler.Secret,
            ListenAddress = $"inproc://worker-{Guid.NewGuid():N}",
            Threads = 1,
            HeartbeatInterval = s_heartbeat,
            TimeProvider = time,
        });

    [Fact]
    public async Task WorkerHeartbeat_FiresWhenItsClockPassesTheInterval_AndNotBefore()
    {
        var schedulerClock = new ManualTimeProvider();
        var workerClock = new ManualTimeProvider();
        await using Scheduler scheduler = await StartSchedulerAsync(schedulerClock);
        await using Worker worker = await StartWorkerAsync(scheduler, workerClock);
        await workerClock.WaitForTimerAsync(s_heartbeat, s_bound, "the worker's heartbeat timer");

        // Seven seconds pass for the scheduler, none for the worker: nothing has come since registering.
        schedulerClock.Advance(TimeSpan.FromSeconds(7));
        WorkerSnapshot quiet = Assert.Single(scheduler.Snapshot().Workers);
        Assert.Equal(7.0, quiet.LastSeen);
        Assert.Equal(0, quiet.ProcessBytes); // no heartbeat yet: the snapshot's zero heartbeat
        Assert.Equal(0, workerClock.Advance(s_heartbeat - TimeSpan.FromMilliseconds(1)));

        Assert.Equal(1, workerClock.Advance(TimeSpan.FromMilliseconds(1)));
        await Eventually.True(() => scheduler.Snapshot().Workers.Single().LastSeen == 0, s_bound, "the scheduler to hear the worker's first heartbeat");
        Assert.True(scheduler.Snapshot().Workers.Single().ProcessBytes > 0, "the heartbeat carries the worker process's memory");
    }

    [Fact]
    public async Task SchedulerReportFlush_WaitsForTheSchedulersClock()
    {
        var schedulerClock = new ManualTimeProvider();
        await using Scheduler scheduler = await StartSchedulerAsync(schedulerClock);
        await using Worker worker = await StartWorkerAsync(scheduler, TimeProvider.System);
        await using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<int> future = client.Submit((int x) => x * 3, 14);

        await Eventually.True(
            () => scheduler.InvokeAsync(s => s.Tasks.TryGetValue(future.Key, out SchedulerTask? t) && t.State == TaskState.Memory).Result,
            s_bound,
            $"the scheduler to hold {future.Key} in memory");

        // The report to the client is batched behind a 2 ms timer on the scheduler's clock, which has not moved.
        Assert.Equal(FutureStatus.Pending, future.Status);
        Assert.Equal(0, schedulerClock.Advance(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(FutureStatus.Pending, future.Status);

        Assert.Equal(1, schedulerClock.Advance(TimeSpan.FromMilliseconds(1)));
        await future.WhenDone.Within(s_bound, $"the client to hear {future.Key} is in memory");
        Assert.Equal(FutureStatus.Finished, future.Status);
        Assert.Equal(42, await future);
    }

    [Fact]
    public async Task WaitForWorkers_AnswersWhenTheWorkerRegisters_WithoutAnyClockMoving()
    {
        var clock = new ManualTimeProvider();
        await using Scheduler scheduler = await StartSchedulerAsync(clock);
        await using var client = new Client(scheduler.Address, secret: scheduler.Secret, timeProvider: clock);
        Task waiting = client.WaitForWorkersAsync(1, TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);

        await using Worker worker = await StartWorkerAsync(scheduler, clock);
        await waiting.Within(s_bound, "WaitForWorkersAsync(1) to return once the worker registered");
        Assert.Equal(TaskStatus.RanToCompletion, waiting.Status);
    }

    [Fact]
    public async Task WaitForWorkers_TimesOutOnTheSchedulersClock_NamingAwaitedAndCome()
    {
        var schedulerClock = new ManualTimeProvider();
        await using Scheduler scheduler = await StartSchedulerAsync(schedulerClock);
        await using Worker worker = await StartWorkerAsync(scheduler, TimeProvider.System);
        await using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Task waiting = client.WaitForWorkersAsync(2, TimeSpan.FromSeconds(10));
        await schedulerClock.WaitForTimerAsync(TimeSpan.Zero, s_bound, "the scheduler's one-shot wait-for-workers timeout");

        // Its only one-shot timer is the request's timeout: live a tick before ten seconds, gone at ten.
        schedulerClock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal(1, schedulerClock.TimersWithPeriod(TimeSpan.Zero));
        Assert.False(waiting.IsCompleted);
        schedulerClock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(0, schedulerClock.TimersWithPeriod(TimeSpan.Zero));
        var e = await Assert.ThrowsAsync<TimeoutException>(() => waiting.Within(s_bound, "WaitForWorkersAsync(2) to give up"));
        Assert.Equal("Only 1 of 2 workers joined within 10 s.", e.Message);
    }

    [Fact]
    public async Task ClientReleaseFlush_WaitsForTheClientsClock()
    {
        await using Scheduler scheduler = await StartSchedulerAsync(TimeProvider.System);
        await using Worker worker = await StartWorkerAsync(scheduler, TimeProvider.System);
        var clientClock = new ManualTimeProvider();
        await using var client = new Client(scheduler.Address, secret: scheduler.Secret, timeProvider: clientClock);
        Future<int> future = client.Submit((int x) => x + 1, 1);
        await future.WhenDone.Within(s_bound, $"{future.Key} to finish");
        Assert.Equal(2, await future);

        // Releases gather for 20 ms of the client's clock before one release-keys message carries them.
        future.Dispose();
        Assert.Equal(0, clientClock.Advance(TimeSpan.FromMilliseconds(19)));
        Assert.Equal(1, await scheduler.InvokeAsync(s => s.Tasks.Count));

        Assert.Equal(1, clientClock.Advance(TimeSpan.FromMilliseconds(1)));
        await Eventually.True(() => scheduler.InvokeAsync(s => s.Tasks.Count).Result == 0, s_bound, $"the scheduler to forget {future.Key} once the client released it");
    }

    [Fact]
    public async Task WorkerDeathTimeout_EndsTheStartOnTheWorkersClock()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens now: every attempt is refused and retried after a back-off
        var clock = new ManualTimeProvider();
        var options = new WorkerOptions
        {
            SchedulerAddress = $"tcp://127.0.0.1:{port}",
            Secret = "s",
            Threads = 1,
            DeathTimeout = TimeSpan.FromSeconds(10),
            TimeProvider = clock,
        };
        Task<Worker> starting = Worker.StartAsync(options);

        // The death timeout and the first back-off, both one-shot timers on the worker's clock.
        await clock.WaitForTimerAsync(TimeSpan.Zero, s_bound, "the death timeout and the first connect back-off", count: 2);
        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.False(starting.IsCompleted);

        clock.Advance(TimeSpan.FromTicks(1));
        var e = await Assert.ThrowsAsync<TimeoutException>(() => starting.Within(s_bound, "Worker.StartAsync to give up at its death timeout"));
        Assert.Equal($"Could not join the scheduler at tcp://127.0.0.1:{port} within the death timeout of 10 s; giving up.", e.Message);
    }

    [Fact]
    public async Task SchedulerWorkerTtl_RemovesASilentWorkerOnTheFirstWatchTickPastTheTtl()
    {
        var schedulerClock = new ManualTimeProvider();
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions
        {
            Address = $"inproc://scheduler-{Guid.NewGuid():N}",
            WorkerTtl = TimeSpan.FromSeconds(10),
            TimeProvider = schedulerClock,
        });
        await using Worker worker = await StartWorkerAsync(scheduler, new ManualTimeProvider()); // its clock never moves: it stays silent
        await schedulerClock.WaitForTimerAsync(Scheduler.BalanceInterval, s_bound, "the scheduler's balance and worker-ttl watch");

        // At ten seconds the worker has been silent exactly the ttl, not longer: it stays.
        schedulerClock.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(scheduler.Snapshot().Workers);

        Assert.Equal(1, schedulerClock.Advance(Scheduler.BalanceInterval));
        await worker.Finished.Within(s_bound, "the worker to stop once the scheduler dropped it past its ttl");
        await Eventually.True(() => scheduler.Snapshot().Workers.Count == 0, s_bound, "the scheduler to remove the silent worker");
    }
}
