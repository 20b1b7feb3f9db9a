using DaskSharp.Distributed.Working;

namespace DaskSharp.Distributed.Tests;

/// <summary>The memory monitor's decisions, exactly, for readings of a 1000-byte worker (target 600, spill 700, pause 800, terminate 950).</summary>
public sealed class MemoryMonitorTests
{
    private static readonly MemoryThresholds s_thresholds = new(PauseTimeout: TimeSpan.FromSeconds(30));

    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    private static MemoryReading Process(long bytes, long managed = 0, bool spillable = true, bool pending = false) => new(bytes, managed, spillable, pending);

    [Fact]
    public void UnderTheSpillThreshold_NothingHappens()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: true);
        Assert.Empty(monitor.Observe(Process(700, 650), At(0)));
    }

    [Fact]
    public void AboveTheSpillThreshold_EvictsBackToTheTargetAndCollects_AtMostOnceASecond()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: true);
        Assert.Equal<MemoryAction>([new EvictResults(150), new CollectGarbage(Aggressive: false)], monitor.Observe(Process(750, 500), At(0)));
        Assert.Equal<MemoryAction>([new EvictResults(140)], monitor.Observe(Process(740, 400), At(0.5)));
        Assert.Equal<MemoryAction>([new EvictResults(140), new CollectGarbage(Aggressive: false)], monitor.Observe(Process(740, 400), At(1.0)));
    }

    [Fact]
    public void NothingSpillable_StillCollects_ButEvictsNothing()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: true);
        Assert.Equal<MemoryAction>([new CollectGarbage(Aggressive: false)], monitor.Observe(Process(750, 0, spillable: false), At(0)));
    }

    [Fact]
    public void AbovePause_PausesOnce_AndResumesBelowIt()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: true);
        Assert.Equal<MemoryAction>([new EvictResults(210), new CollectGarbage(Aggressive: true), new PauseWorker(810)], monitor.Observe(Process(810, 300), At(0)));
        Assert.True(monitor.Paused);
        Assert.Equal<MemoryAction>([new EvictResults(220)], monitor.Observe(Process(820, 300), At(0.1)));
        Assert.Equal<MemoryAction>([new ResumeWorker(650)], monitor.Observe(Process(650, 300), At(0.2)));
        Assert.False(monitor.Paused);
    }

    [Fact]
    public void AboveTerminate_TerminatesAndNothingElse()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: true);
        Assert.Equal<MemoryAction>([new TerminateWorker(951)], monitor.Observe(Process(951, 900), At(0)));
    }

    [Fact]
    public void PausedWithNothingToSpill_RestartsAfterThePauseTimeout_NotBefore_AndNotWhileWritesArePending()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: true);
        monitor.Observe(Process(850, 0, spillable: false), At(0));
        Assert.DoesNotContain(monitor.Observe(Process(850, 0, spillable: false), At(29.9)), a => a is RestartPausedWorker);
        Assert.DoesNotContain(monitor.Observe(Process(850, 0, spillable: false, pending: true), At(30)), a => a is RestartPausedWorker);
        Assert.Contains(new RestartPausedWorker(850, At(30.5)), monitor.Observe(Process(850, 0, spillable: false), At(30.5)));
    }

    [Fact]
    public void PausedWithSomethingToSpill_DoesNotRestart()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: true);
        monitor.Observe(Process(850, 500), At(0));
        Assert.DoesNotContain(monitor.Observe(Process(850, 500), At(60)), a => a is RestartPausedWorker);
    }

    [Fact]
    public void AWorkerSharingItsProcess_MeasuresItsResults_AndNeverTerminatesOrCollects()
    {
        var monitor = new MemoryMonitor(1000, s_thresholds, ownsProcess: false);
        Assert.Empty(monitor.Observe(Process(5000, 700), At(0)));
        Assert.Equal<MemoryAction>([new EvictResults(390), new PauseWorker(990)], monitor.Observe(Process(5000, 990), At(1)));
        Assert.Equal<MemoryAction>([new RestartPausedWorker(990, At(30))], monitor.Observe(Process(5000, 990, spillable: false), At(31)));
    }

    [Fact]
    public void ThresholdsTurnedOff_NeverAct()
    {
        var off = new MemoryThresholds(Spill: double.PositiveInfinity, Pause: double.PositiveInfinity, Terminate: double.PositiveInfinity);
        var monitor = new MemoryMonitor(1000, off, ownsProcess: true);
        Assert.Empty(monitor.Observe(Process(5000, 5000), At(0)));
        Assert.Empty(new MemoryMonitor(0, s_thresholds, ownsProcess: true).Observe(Process(5000, 5000), At(0)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ImpossibleFractions_AreRefusedNamingTheThreshold(double fraction)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryThresholds(Pause: fraction).Validate());
        Assert.Equal("Pause", e.ParamName);
        Assert.Contains("memory pause threshold", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfiguration_SetsTheThresholds_AsDasksKeysDo()
    {
        using (DaskConfig.Set(new Dictionary<string, object?>
        {
            ["distributed.worker.memory.target"] = 0.5,
            ["distributed.worker.memory.spill"] = false,
            ["distributed.worker.memory.pause-timeout"] = "2s",
            ["distributed.worker.memory.recompute"] = false,
        }))
        {
            Assert.Equal(new MemoryThresholds(0.5, double.PositiveInfinity, 0.8, 0.95, TimeSpan.FromSeconds(2), Recompute: false), MemoryThresholds.FromConfig());
        }

        using (DaskConfig.Set(new Dictionary<string, object?> { ["distributed.worker.memory.pause"] = "lots" }))
        {
            var e = Assert.Throws<ArgumentException>(() => MemoryThresholds.FromConfig());
            Assert.Contains("distributed.worker.memory.pause is 'lots'", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheNanny_StartsWorkerProcessesWithAHeapHardLimitFromTheMemoryLimit()
    {
        Assert.Equal(
            [("DOTNET_GCHeapHardLimit", "0x3B9ACA00"), ("DOTNET_GCConserveMemory", "7")],
            Cluster.Nanny.GcSettings(new Dictionary<string, string> { ["--memory-limit"] = "1000000000" }).ToArray());
        Assert.Empty(Cluster.Nanny.GcSettings(new Dictionary<string, string> { ["--memory-limit"] = "0" }));
    }
}
