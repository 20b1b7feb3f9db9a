using DaskSharp.Distributed.Cluster;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// dask-mpi's <c>initialize</c> for a batch program started under <c>mpirun</c> (or <c>srun</c>):
/// rank 0 becomes the scheduler and ranks 2 and up workers, none of which return from
/// <see cref="Initialize"/>; rank 1 returns a <see cref="BatchRunner"/> and runs the rest of the
/// program as the client. No MPI library is loaded: the rank comes from the launcher's environment
/// (<see cref="LaunchRank"/>) and the scheduler's address through the scheduler file.
/// </summary>
/// <example><code>
/// // mpirun -np 4 dotnet MyJob.dll
/// using BatchRunner mpi = DaskMpi.Initialize(nthreads: 2);
/// double total = Da.Random.Random((10_000, 10_000), chunks: "16 MiB").Sum().Compute();
/// </code></example>
public static class DaskMpi
{
    /// <summary>The scheduler file <see cref="Initialize"/> uses when given none: in the working directory (shared across nodes on most clusters), named for the launch so no two launches share it.</summary>
    public const string DefaultSchedulerFile = "dask-scheduler-{launch_id}.json";

    /// <summary>Starts this rank's part of the cluster; returns on rank 1 only.</summary>
    /// <param name="interface">The network interface to use, as <c>ib0</c>.</param>
    /// <param name="nthreads">Threads per worker (dask-mpi's default: 1).</param>
    /// <param name="memoryLimit">Each worker's memory limit: "auto" (the machine's memory), a size such as "4GB", or "0" for none.</param>
    /// <param name="localDirectory">Where workers spill.</param>
    /// <param name="nanny">Run each worker under a nanny that restarts it (dask-mpi's default: no).</param>
    /// <param name="dashboardAddress">The dashboard's address, or null for none.</param>
    /// <param name="schedulerFile">The scheduler file all ranks share; <c>{launch_id}</c> is replaced by the launch's id.</param>
    /// <param name="timeout">How long a rank waits for the scheduler before giving up with an error.</param>
    /// <param name="logger">Where to log.</param>
    /// <exception cref="InvalidOperationException">when this process was not started by a launcher, or the launch has fewer than 3 ranks.</exception>
    /// <exception cref="DirectoryNotFoundException">when the scheduler file's directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">when it cannot be written.</exception>
    /// <exception cref="TimeoutException">on rank 1, when no scheduler of this launch appeared in time.</exception>
    public static BatchRunner Initialize(
        string? @interface = null,
        int nthreads = 1,
        string memoryLimit = "auto",
        string? localDirectory = null,
        bool nanny = false,
        string? dashboardAddress = ":8787",
        string schedulerFile = DefaultSchedulerFile,
        TimeSpan? timeout = null,
        ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nthreads, 1);
        LaunchRank rank = LaunchRank.FromEnvironment();
        var options = new RankOptions
        {
            SchedulerFile = schedulerFile.Replace("{launch_id}", FileSafe(rank.LaunchId ?? "unnamed"), StringComparison.Ordinal),
            Interface = @interface,
            Threads = nthreads,
            MemoryLimit = RankOptions.ParseMemoryLimit(memoryLimit, nthreads),
            LocalDirectory = localDirectory,
            Nanny = nanny,
            DashboardAddress = dashboardAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
            Logger = logger,
        };
        return new BatchRunner(BatchRunner.RunRoles(rank, options, "MPI"));
    }

    internal static string FileSafe(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
}
