using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Working;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary><c>Client.Shutdown()</c> (distributed's terminate): the scheduler closes, its workers end, the client closes.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Shutdown_OverTcp_ClosesTheSchedulerAndEndsItsWorker()
    {
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tcp://127.0.0.1:0" });
        await using Worker worker = await Worker.StartAsync(new WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
        var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Assert.Equal(11, client.Submit((int x) => x + 1, 10).Result(s_bound));

        await client.ShutdownAsync().WaitAsync(s_bound);
        await scheduler.Closed.WaitAsync(s_bound);
        await worker.Finished.WaitAsync(s_bound);
        Assert.True(worker.SchedulerLost);
        Assert.Throws<ObjectDisposedException>(() => client.Submit((int x) => x + 1, 1));
        client.Shutdown(); // again: the cluster is down either way
    }

    [Fact]
    public async Task Closed_IsPendingWhileServingAndCompletesOnDispose()
    {
        Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tcp://127.0.0.1:0" });
        Assert.False(scheduler.Closed.IsCompleted);
        await scheduler.DisposeAsync();
        await scheduler.Closed.WaitAsync(s_bound);
    }
}
