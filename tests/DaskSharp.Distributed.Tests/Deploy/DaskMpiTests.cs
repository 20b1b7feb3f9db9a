namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary>
/// DaskMpi.Initialize and SlurmRunner in a real batch program (tests/MpiBatchChild): every rank runs
/// it; rank 1 computes the sum of i*i below 100 on the others and ends the cluster by disposing.
/// </summary>
[Collection(LaunchCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DaskMpiTests
{
    [Fact]
    public async Task Initialize_MpirunFourRanks_ClientRankComputesExactlyAndEveryRankExitsZero()
    {
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler.json");
        using var launch = Launches.MpirunBatchChild(4, "mpi", file);
        Assert.Equal(0, await launch.WaitForExitAsync(Launches.Bound, "mpirun -np 4 of a DaskMpi.Initialize program (every rank should exit 0)"));
        Assert.Contains("rank=1 workers=2", launch.Output, StringComparison.Ordinal);
        Assert.Contains("result=328350", launch.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory)); // the scheduler file and its ticket are gone
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Initialize_ClientCodeReturnsWithoutDisposing_ProcessExitStillEndsEveryRankWithZero()
    {
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler.json");
        using var launch = Launches.MpirunBatchChild(3, "mpi-undisposed", file);
        Assert.Equal(0, await launch.WaitForExitAsync(Launches.Bound, "mpirun -np 3 of a DaskMpi.Initialize program whose client never disposes"));
        Assert.Contains("result=328350", launch.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory));
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SlurmRunner_SrunTwoNodesFourTasks_ClientTaskComputesExactlyAndEveryTaskExitsZero()
    {
        string directory = Launches.NewDirectory();
        string file = Path.Combine(directory, "scheduler-{job_id}.json");
        using var launch = Launches.SrunBatchChild(["-N2", "-n4", "--kill-on-bad-exit=1"], "slurm", file);
        Assert.Equal(0, await launch.WaitForExitAsync(Launches.Bound, "srun -N2 -n4 of a SlurmRunner program (every task should exit 0)"));
        Assert.Contains("rank=1 workers=2", launch.Output, StringComparison.Ordinal);
        Assert.Contains("result=328350", launch.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory));
        await Launches.AssertNoneLeftAsync(directory, TimeSpan.FromSeconds(10));
    }
}
