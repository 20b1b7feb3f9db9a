using System.Collections.Concurrent;
using DaskSharp.Diagnostics;
using DaskSharp.Execution;
using DaskSharp.Graphs;

namespace DaskSharp.Core.Tests;

public class SchedulerTests
{
    public static TheoryData<string> Schedulers => new() { "sync", "threads" };

    private static int Inc(int x) => x + 1;

    private static int Boom(int x) => x == 3 ? throw new DivideByZeroException("three is right out") : x;

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Compute_FailingTask_ThrowsWithKeyAndOriginalException(string scheduler)
    {
        var boom = Dask.Delayed<int, int>(Boom);
        var parts = Enumerable.Range(0, 6).Select(i => boom(i)).ToArray();
        Delayed<int> total = Dask.Delayed((int[] xs) => xs.Sum())(parts);

        var e = Assert.Throws<TaskFailedException>(() => total.Compute(scheduler));
        Assert.Equal(parts[3].Key, e.Key);
        Assert.Equal($"Task {parts[3].Key} failed: DivideByZeroException: three is right out", e.Message);
        var inner = Assert.IsType<DivideByZeroException>(e.InnerException);
        Assert.Contains(nameof(Boom), inner.StackTrace);
    }

    [Fact]
    public void Compute_FailureInsideFusedChain_NamesTheInnerKey()
    {
        var inc = Dask.Delayed<int, int>(Inc);
        var boom = Dask.Delayed<int, int>(Boom);
        Delayed<int> x = inc(0);
        x = inc(x);
        Delayed<int> failing = boom(inc(x)); // boom(3) fails, in the middle of a linear chain
        Delayed<int> end = inc(inc(failing));

        var e = Assert.Throws<TaskFailedException>(() => end.Compute());
        Assert.Equal(failing.Key, e.Key);
    }

    [Fact]
    public void Compute_FirstFailure_StopsTheRun()
    {
        int ran = 0;
        var slow = Dask.Delayed((int i) =>
        {
            Interlocked.Increment(ref ran);
            if (i == 0)
            {
                throw new InvalidOperationException("first");
            }

            Thread.Sleep(20);
            return i;
        }, pure: false);
        var parts = Enumerable.Range(0, 200).Select(i => slow(i)).ToArray();

        using (DaskConfig.Set("num-workers", 2))
        {
            Assert.Throws<TaskFailedException>(() => Dask.Compute(parts));
        }

        Assert.InRange(ran, 1, 10);
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Compute_Cancelled_ThrowsAndStopsRunningTasks(string scheduler)
    {
        int ran = 0;
        using var cts = new CancellationTokenSource();
        var step = Dask.Delayed((int i) =>
        {
            if (Interlocked.Increment(ref ran) == 3)
            {
                cts.Cancel();
            }

            Thread.Sleep(5);
            return i;
        }, pure: false);
        var parts = Enumerable.Range(0, 500).Select(i => step(i)).ToArray();

        Assert.ThrowsAny<OperationCanceledException>(() => Dask.Compute(parts, scheduler, cancellationToken: cts.Token));
        Assert.InRange(ran, 3, 3 + 2 * 32);
    }

    [Fact]
    public void Compute_SyncScheduler_RunsOnCallingThreadInPriorityOrder()
    {
        var threads = new ConcurrentBag<int>();
        var order = new List<string>();
        var load = Dask.Delayed((int i) => { threads.Add(Environment.CurrentManagedThreadId); lock (order) { order.Add($"load{i}"); } return i; }, name: "load");
        var f = Dask.Delayed((int x) => { threads.Add(Environment.CurrentManagedThreadId); lock (order) { order.Add($"f{x}"); } return x * 10; }, name: "f");
        var add = Dask.Delayed((int a, int b) => a + b, name: "add");
        Delayed<int> total = add(add(f(load(0)), f(load(1))), add(f(load(2)), f(load(3))));

        Assert.Equal(60, total.Compute("sync", optimizeGraph: false));
        Assert.Equal([Environment.CurrentManagedThreadId], threads.Distinct());
        Assert.Equal(["load0", "f0", "load1", "f1", "load2", "f2", "load3", "f3"], order);
    }

    [Fact]
    public void Compute_ConfiguredScheduler_IsUsed()
    {
        var threads = new ConcurrentBag<int>();
        var work = Dask.Delayed((int i) => { threads.Add(Environment.CurrentManagedThreadId); Thread.Sleep(2); return i; });
        var parts = Enumerable.Range(0, 50).Select(i => work(i)).ToArray();
        using (DaskConfig.Set("scheduler", "sync"))
        {
            Dask.Compute(parts);
        }

        Assert.Equal([Environment.CurrentManagedThreadId], threads.Distinct());
    }

    [Fact]
    public void Compute_Threads_UsesSeveralThreads()
    {
        var threads = new ConcurrentBag<int>();
        var barrier = new Barrier(2);
        var work = Dask.Delayed((int i) =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            if (i < 2)
            {
                // Two tasks meet here: only possible if two threads run them at once.
                Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(10)), "the second worker thread never arrived");
            }

            return i;
        });
        var parts = Enumerable.Range(0, 2).Select(i => work(i)).ToArray();

        Assert.Equal([0, 1], Dask.Compute(parts, "threads"));
        Assert.Equal(2, threads.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Schedulers))]
    public void Compute_ReleasesIntermediatesAfterLastDependent(string scheduler)
    {
        // sum over 64 (load → f) branches: depth-first order and early release keep memory flat.
        var load = Dask.Delayed((int i) => new byte[1024], name: "load");
        var f = Dask.Delayed((byte[] b) => b.Length, name: "f");
        var parts = Enumerable.Range(0, 64).Select(i => f(load(i))).ToArray();
        var sum = Dask.Delayed((int[] xs) => xs.Sum(), name: "sum")(parts);
        using var probe = new HeldResultsProbe();

        Assert.Equal(64 * 1024, sum.Compute(scheduler, optimizeGraph: false));
        Assert.Equal(129, probe.Total);
        Assert.Equal(1, probe.HeldAtFinish); // only the output
        if (scheduler == "sync")
        {
            // Each f result is held until sum runs; each load is released as soon as its f ran.
            Assert.Equal(64, probe.MaxHeld);
        }
        else
        {
            Assert.InRange(probe.MaxHeld, 64, 66);
        }
    }

    [Fact]
    public void Compute_TreeReduction_HoldsFewResults()
    {
        // A binary tree reduction over 256 inputs: depth-first order holds O(log n) results.
        var leaf = Dask.Delayed((int i) => i, name: "leaf");
        var add = Dask.Delayed((int a, int b) => a + b, name: "add");
        var level = Enumerable.Range(0, 256).Select(i => leaf(i)).ToArray();
        while (level.Length > 1)
        {
            level = Enumerable.Range(0, level.Length / 2).Select(i => add(level[2 * i], level[2 * i + 1])).ToArray();
        }

        using var probe = new HeldResultsProbe();
        Assert.Equal(255 * 256 / 2, level[0].Compute("sync"));
        Assert.Equal(9, probe.MaxHeld); // one pending partial sum per tree level, plus the newest leaf
    }

    [Fact]
    public void Get_ChainOfTenThousand_DoesNotOverflowTheStack()
    {
        var inc = Dask.Delayed<int, int>(Inc);
        Delayed<int> x = inc(0);
        for (int i = 1; i < 10_000; i++)
        {
            x = inc(x);
        }

        Assert.Equal(10_000, x.Compute("threads"));
        Assert.Equal(10_000, x.Compute("sync", optimizeGraph: false));
    }

    [Fact]
    public void WithThreads_RejectsZero()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LocalScheduler.WithThreads(0));
        Assert.Equal(3, LocalScheduler.WithThreads(3).Workers);
    }

    [Fact]
    public async Task ComputeAsync_ReturnsTheValue()
    {
        var inc = Dask.Delayed<int, int>(Inc);
        Assert.Equal(3, await inc(inc(1)).ComputeAsync());
    }

    private sealed class HeldResultsProbe : Callback
    {
        public int MaxHeld { get; private set; }

        public int HeldAtFinish { get; private set; }

        public int Total { get; private set; }

        public override void Finish(ComputeProgress progress, bool failed)
        {
            MaxHeld = progress.MaxHeldResults;
            HeldAtFinish = progress.HeldResults;
            Total = progress.TotalTasks;
        }
    }
}
