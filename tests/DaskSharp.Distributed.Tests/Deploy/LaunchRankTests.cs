using DaskSharp.Distributed.Deploy;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary>The rank, size and launch id each launcher puts in the environment (the variables as Open MPI 4.1, PMIx, Hydra and SLURM set them).</summary>
public sealed class LaunchRankTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Detect_OpenMpi_TakesCommWorldRankAndSizeAndThePmixNamespace()
    {
        LaunchRank rank = LaunchRank.Detect(Environment(("OMPI_COMM_WORLD_RANK", "2"), ("OMPI_COMM_WORLD_SIZE", "4"), ("PMIX_RANK", "2"), ("PMIX_NAMESPACE", "1992687617"), ("OMPI_MCA_ess_base_jobid", "1992687617")));
        Assert.Equal(new LaunchRank(2, 4, "1992687617", "OMPI_COMM_WORLD_RANK"), rank);
    }

    [Fact]
    public void Detect_MpirunInsideASlurmJob_PrefersMpirunsRankOverTheAllocationsProcId()
    {
        LaunchRank rank = LaunchRank.Detect(Environment(("SLURM_PROCID", "0"), ("SLURM_NTASKS", "1"), ("SLURM_JOB_ID", "77"), ("OMPI_COMM_WORLD_RANK", "3"), ("OMPI_COMM_WORLD_SIZE", "9"), ("PMIX_NAMESPACE", "ns")));
        Assert.Equal(new LaunchRank(3, 9, "ns", "OMPI_COMM_WORLD_RANK"), rank);
    }

    [Fact]
    public void Detect_Srun_TakesProcIdAndNtasksAndTheJobAndStep()
    {
        LaunchRank rank = LaunchRank.Detect(Environment(("SLURM_PROCID", "1"), ("SLURM_NTASKS", "4"), ("SLURM_JOB_ID", "123"), ("SLURM_STEP_ID", "2")));
        Assert.Equal(new LaunchRank(1, 4, "slurm-123.2", "SLURM_PROCID"), rank);
    }

    [Fact]
    public void Detect_Hydra_TakesPmiRankAndSize()
    {
        LaunchRank rank = LaunchRank.Detect(Environment(("PMI_RANK", "0"), ("PMI_SIZE", "3"), ("PMI_KVSNAME", "kvs_42_0")));
        Assert.Equal(new LaunchRank(0, 3, "kvs_42_0", "PMI_RANK"), rank);
    }

    [Fact]
    public void Detect_UserLaunchId_WinsOverTheLaunchers()
    {
        LaunchRank rank = LaunchRank.Detect(Environment(("PMI_RANK", "1"), ("PMI_SIZE", "3"), (LaunchRank.LaunchIdVariable, "run-7")));
        Assert.Equal("run-7", rank.LaunchId);
    }

    [Fact]
    public void Detect_NoLauncher_SaysHowToStartIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LaunchRank.Detect(Environment()));
        Assert.StartsWith("This process was not started by mpirun or srun: none of OMPI_COMM_WORLD_RANK, PMIX_RANK, PMI_RANK or SLURM_PROCID is set.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4", "4", "OMPI_COMM_WORLD_RANK=4 is not a rank of a launch of OMPI_COMM_WORLD_SIZE=4 processes.")]
    [InlineData("x", "4", "OMPI_COMM_WORLD_RANK=x is not a process number.")]
    [InlineData("-1", "4", "OMPI_COMM_WORLD_RANK=-1 is not a process number.")]
    public void Detect_RankOutsideItsLaunch_IsRefusedNamingTheVariables(string rankText, string size, string message)
    {
        var e = Assert.Throws<InvalidOperationException>(() => LaunchRank.Detect(Environment(("OMPI_COMM_WORLD_RANK", rankText), ("OMPI_COMM_WORLD_SIZE", size))));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Detect_RankWithoutSize_NamesTheSizeVariablesLookedFor()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LaunchRank.Detect(Environment(("SLURM_PROCID", "0"))));
        Assert.Equal("SLURM_PROCID=0 is set but none of SLURM_NTASKS, SLURM_NPROCS says how many processes the launch has.", e.Message);
    }

    [Fact]
    public void SlurmRank_OutsideSrun_NamesTheVariablesItNeeds()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SlurmRunner.SlurmRank(Environment(("OMPI_COMM_WORLD_RANK", "1"), ("OMPI_COMM_WORLD_SIZE", "4"))));
        Assert.StartsWith("SLURM_PROCID, SLURM_NTASKS, and SLURM_JOB_ID must be present in the environment", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlurmRank_IgnoresAnMpirunsVariables()
    {
        (LaunchRank rank, string job) = SlurmRunner.SlurmRank(Environment(("OMPI_COMM_WORLD_RANK", "3"), ("OMPI_COMM_WORLD_SIZE", "9"), ("SLURM_PROCID", "1"), ("SLURM_NTASKS", "4"), ("SLURM_JOB_ID", "55"), ("SLURM_STEP_ID", "0")));
        Assert.Equal(new LaunchRank(1, 4, "slurm-55.0", "SLURM_PROCID"), rank);
        Assert.Equal("55", job);
    }
}
