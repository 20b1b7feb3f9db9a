using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// Rank 0 of a launch: runs the scheduler, writes the scheduler file and this launch's ticket
/// (<see cref="LaunchRendezvous"/>), and serves until the scheduler closes — a client's
/// <c>Shutdown()</c>, or this process being interrupted — then exits cleanly (dask-mpi#58: the
/// scheduler rank must not hang on after the cluster is done).
/// </summary>
public static class SchedulerRank
{
    /// <summary>Runs the scheduler of <paramref name="rank"/>'s launch until it closes or <paramref name="cancellationToken"/> fires; the process's exit code (0, or 1 when it could not start).</summary>
    public static async Task<int> RunAsync(LaunchRank rank, RankOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rank);
        ArgumentNullException.ThrowIfNull(options);
        ILogger logger = options.Logger ?? NullLogger.Instance;
        using var launcher = new LauncherWatch(logger, cancellationToken);
        cancellationToken = launcher.Token;
        Scheduler scheduler;
        try
        {
            string host = ListenHost.ForScheduler(options.Interface);
            scheduler = await Scheduler.StartAsync(new SchedulerOptions
            {
                Address = $"tcp://{host}:0",
                SchedulerFile = options.SchedulerFile,
                DashboardAddress = options.DashboardAddress,
                DashboardBindHost = BatchEnvironment.DashboardBindHost(host),
                Logger = logger,
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("Rank {Rank}: the scheduler could not start: {Reason}", rank.Rank, e.Message);
            return 1;
        }

        await using (scheduler.ConfigureAwait(false))
        {
            try
            {
                LaunchRendezvous.Publish(options.SchedulerFile, rank.LaunchId, scheduler.Id);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError("Rank {Rank}: could not write the launch ticket beside '{File}': {Reason}", rank.Rank, options.SchedulerFile, e.Message);
                return 1;
            }

            logger.LogInformation("  Scheduler at:   {Address} (rank {Rank} of {Size}, launch {Launch})", scheduler.Address, rank.Rank, rank.Size, rank.LaunchId ?? "unnamed");
            logger.LogInformation("  dashboard at:   {Dashboard}", scheduler.DashboardLink ?? "(none)");
            if (BatchEnvironment.DashboardTunnel(scheduler.DashboardLink) is { } tunnel)
            {
                logger.LogInformation("  dashboard from your computer: run `{Tunnel}` there, then open {Link}", tunnel, Dashboard.DashboardAddress.TunnelledLink(scheduler.DashboardLink!));
            }

            logger.LogInformation("  clients:        new Client(schedulerFile: \"{File}\")", Path.GetFullPath(options.SchedulerFile));
            try
            {
                await scheduler.Closed.WaitAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Rank {Rank}: the scheduler closed; end", rank.Rank);
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("Rank {Rank}: interrupted; closing the scheduler", rank.Rank);
            }
            finally
            {
                LaunchRendezvous.Withdraw(options.SchedulerFile, scheduler.Id);
            }
        }

        return 0;
    }
}
