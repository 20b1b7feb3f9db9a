using System.CommandLine;
using DaskSharp.Distributed.Deploy;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Cli;

/// <summary>
/// <c>dask mpi</c>, as dask-mpi's <c>dask-mpi</c> command: started by <c>mpirun</c> or <c>srun</c>,
/// rank 0 runs the scheduler and writes the scheduler file, every other rank runs a worker; all
/// of them exit 0 when the scheduler closes (<c>client.Shutdown()</c>).
/// </summary>
internal static class MpiCommand
{
    public static Command Create()
    {
        var schedulerFile = new Option<string>("--scheduler-file") { Description = "Filename to JSON encoded scheduler information (written owner-only by rank 0, read by the other ranks and by clients); on a file system every node shares", Required = true };
        var networkInterface = new Option<string?>("--interface") { Description = "Network interface like 'eth0' or 'ib0'" };
        var nthreads = new Option<int>("--nthreads") { Description = "Number of threads per worker.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var memoryLimit = new Option<string>("--memory-limit") { Description = "Bytes of memory per worker before spilling data to disk: an integer (bytes), a string (like 5GB or 5000M), 'auto', or zero for no limit", DefaultValueFactory = _ => "auto" };
        var localDirectory = new Option<string?>("--local-directory") { Description = "Directory to place worker files" };
        var noNanny = new Option<bool>("--no-nanny") { Description = "Run each worker in its rank's own process (no restart when it dies)" };
        var dashboardAddress = new Option<string>("--dashboard-address") { Description = "Address for the diagnostics dashboard", DefaultValueFactory = _ => ":8787" };
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Do not launch the dashboard" };
        var name = new Option<string>("--name") { Description = "Name prefix for each worker, to which the worker's rank is appended as -<rank>", DefaultValueFactory = _ => "dask_mpi" };
        var timeout = new Option<string>("--timeout") { Description = "How long a rank waits for this launch's scheduler file, and a worker for the scheduler to answer, before it exits with an error (e.g. 60, 30s, 5m)", DefaultValueFactory = _ => "60s" };
        var command = new Command("mpi", "Launch a DaskSharp cluster under mpirun or srun: rank 0 is the scheduler, every other rank a worker.")
        {
            schedulerFile, networkInterface, nthreads, memoryLimit, localDirectory, noNanny, dashboardAddress, noDashboard, name, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using ILoggerFactory logs = Logs.Create();
            ILogger logger = logs.CreateLogger("distributed.mpi");
            LaunchRank rank;
            RankOptions options;
            try
            {
                rank = LaunchRank.FromEnvironment();
                WorkerLimits limits = WorkerLimits.Parse(parse.GetValue(nthreads), 1, parse.GetValue(memoryLimit)!, parse.GetValue(timeout));
                options = new RankOptions
                {
                    SchedulerFile = parse.GetValue(schedulerFile)!,
                    Interface = parse.GetValue(networkInterface),
                    Threads = limits.Threads,
                    MemoryLimit = parse.GetValue(memoryLimit) == "auto" ? RankOptions.AutoMemoryLimit(limits.Threads) : limits.MemoryLimit, // Dask's share of the node per rank
                    LocalDirectory = parse.GetValue(localDirectory),
                    Nanny = !parse.GetValue(noNanny),
                    DashboardAddress = parse.GetValue(noDashboard) ? null : parse.GetValue(dashboardAddress),
                    Name = parse.GetValue(name),
                    Timeout = limits.DeathTimeout!.Value,
                    Logger = logger,
                };
                if (rank.Size < 2)
                {
                    throw new InvalidOperationException($"Not enough ranks to start a cluster: found {rank.Size} ({rank.Launcher}), need at least 2, one for the scheduler and one for a worker.");
                }

                if (options.Interface is { } nic)
                {
                    _ = Distributed.Cluster.InterfaceAddress.Of(nic); // every rank refuses a wrong name at once, not only the ones that listen
                }

                LaunchRendezvous.CheckDirectory(options.SchedulerFile);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                logger.LogError("{Reason}", e.Message);
                return 1;
            }

            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = Shutdown.WaitAsync(interrupted.Token).ContinueWith(_ => CancelQuietly(interrupted), TaskScheduler.Default);
            return rank.Rank == 0
                ? await SchedulerRank.RunAsync(rank, options, interrupted.Token).ConfigureAwait(false)
                : await WorkerRank.RunAsync(rank, options, interrupted.Token).ConfigureAwait(false);
        });
        return command;
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the command already ended
        }
    }
}
