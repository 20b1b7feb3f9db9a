using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// dask-jobqueue's <c>SLURMRunner</c>: a cluster from the tasks of one <c>srun</c>, with no MPI at
/// all. Task 0 (<c>SLURM_PROCID</c>) runs the scheduler and tasks 2 and up workers, none of which
/// return from the constructor; task 1 gets the runner and runs the rest of the program as the
/// client. The scheduler file must be on a file system every node of the job shares.
/// </summary>
/// <example><code>
/// // sbatch -N 2 -n 4 --wrap "srun dotnet MyJob.dll"
/// using var runner = new SlurmRunner(schedulerFile: "scheduler-{job_id}.json");
/// int[] squares = runner.Client.Gather(runner.Client.Map((int i) => i * i, Enumerable.Range(0, 10)));
/// </code></example>
public sealed class SlurmRunner : BatchRunner
{
    /// <summary>Starts this task's part of the cluster; returns on task 1 only.</summary>
    /// <param name="schedulerFile">The scheduler file all tasks share; <c>{job_id}</c> is replaced by <c>SLURM_JOB_ID</c> (dask-jobqueue's default, "scheduler-{job_id}.json").</param>
    /// <param name="interface">The network interface to use, as <c>ib0</c>.</param>
    /// <param name="nthreads">Threads per worker.</param>
    /// <param name="memoryLimit">Each worker's memory limit: "auto", a size such as "4GB", or "0" for none.</param>
    /// <param name="localDirectory">Where workers spill (node-local disk such as /tmp).</param>
    /// <param name="dashboardAddress">The dashboard's address, or null for none.</param>
    /// <param name="timeout">How long a task waits for the scheduler before giving up with an error.</param>
    /// <param name="logger">Where to log.</param>
    /// <exception cref="InvalidOperationException">outside <c>srun</c> (SLURM_PROCID, SLURM_NTASKS and SLURM_JOB_ID must be set), or with fewer than 3 tasks.</exception>
    public SlurmRunner(
        string schedulerFile = "scheduler-{job_id}.json",
        string? @interface = null,
        int nthreads = 1,
        string memoryLimit = "auto",
        string? localDirectory = null,
        string? dashboardAddress = ":8787",
        TimeSpan? timeout = null,
        ILogger? logger = null)
        : base(Start(schedulerFile, @interface, nthreads, memoryLimit, localDirectory, dashboardAddress, timeout, logger))
    {
    }

    /// <summary>This task's rank from SLURM alone (an mpirun's variables are not looked at).</summary>
    /// <exception cref="InvalidOperationException">naming the variables that are missing.</exception>
    internal static (LaunchRank Rank, string JobId) SlurmRank(Func<string, string?> environment)
    {
        string? procId = environment("SLURM_PROCID"), tasks = environment("SLURM_NTASKS"), job = environment("SLURM_JOB_ID");
        if (string.IsNullOrEmpty(procId) || string.IsNullOrEmpty(tasks) || string.IsNullOrEmpty(job))
        {
            throw new InvalidOperationException("SLURM_PROCID, SLURM_NTASKS, and SLURM_JOB_ID must be present in the environment: start the program with srun, inside a SLURM job.");
        }

        LaunchRank rank = LaunchRank.Detect(name => name is "SLURM_PROCID" or "SLURM_NTASKS" or "SLURM_JOB_ID" or "SLURM_STEP_ID" or LaunchRank.LaunchIdVariable ? environment(name) : null);
        return (rank, job);
    }

    private static ClientRankStart Start(string schedulerFile, string? networkInterface, int nthreads, string memoryLimit, string? localDirectory, string? dashboardAddress, TimeSpan? timeout, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(schedulerFile);
        ArgumentOutOfRangeException.ThrowIfLessThan(nthreads, 1);
        (LaunchRank rank, string job) = SlurmRank(Environment.GetEnvironmentVariable);
        var options = new RankOptions
        {
            SchedulerFile = schedulerFile.Replace("{job_id}", DaskMpi.FileSafe(job), StringComparison.Ordinal),
            Interface = networkInterface,
            Threads = nthreads,
            MemoryLimit = RankOptions.ParseMemoryLimit(memoryLimit, nthreads),
            LocalDirectory = localDirectory,
            DashboardAddress = dashboardAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
            Logger = logger,
        };
        return BatchRunner.RunRoles(rank, options, "SLURM task");
    }
}
