using System.Globalization;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Working;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// A worker rank of a launch: waits for this launch's scheduler file, runs one worker (under a
/// nanny when asked) until the scheduler closes, then exits 0 (dask-mpi#58). It gives up with an
/// error naming what it waited for when the file does not appear or the scheduler does not answer
/// within <see cref="RankOptions.Timeout"/>.
/// </summary>
public static class WorkerRank
{
    /// <summary>Runs the worker of <paramref name="rank"/>; the process's exit code (0 when the scheduler closed or the rank was interrupted, 1 when it could not join).</summary>
    public static async Task<int> RunAsync(LaunchRank rank, RankOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rank);
        ArgumentNullException.ThrowIfNull(options);
        ILogger logger = options.Logger ?? NullLogger.Instance;
        using var launcher = new LauncherWatch(logger, cancellationToken);
        cancellationToken = launcher.Token;
        SchedulerFile file;
        try
        {
            file = await LaunchRendezvous.WaitAsync(options.SchedulerFile, rank.LaunchId, options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            logger.LogError("Rank {Rank}: {Reason}", rank.Rank, e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        string host;
        try
        {
            host = ListenHost.ForWorker(options.Interface, file.Address);
        }
        catch (ArgumentException e)
        {
            logger.LogError("Rank {Rank}: {Reason}", rank.Rank, e.Message);
            return 1;
        }

        return options.Nanny
            ? await RunNannyAsync(rank, options, file, host, logger, cancellationToken).ConfigureAwait(false)
            : await RunWorkerAsync(rank, options, file, host, logger, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunWorkerAsync(LaunchRank rank, RankOptions options, SchedulerFile file, string host, ILogger logger, CancellationToken cancellationToken)
    {
        Worker worker;
        try
        {
            worker = await Worker.StartAsync(
                new WorkerOptions
                {
                    SchedulerAddress = file.Address,
                    Secret = file.Secret,
                    ListenAddress = $"tcp://{host}:0",
                    Threads = options.Threads,
                    MemoryLimit = options.MemoryLimit,
                    LocalDirectory = options.LocalDirectory,
                    Name = options.WorkerName(rank.Rank),
                    DeathTimeout = options.Timeout,
                    OwnsProcess = true,
                    Logger = logger,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogError("Rank {Rank}: could not reach the scheduler at {Address} within {Seconds} s; giving up", rank.Rank, file.Address, options.Timeout.TotalSeconds);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            logger.LogError("Rank {Rank}: could not join the scheduler at {Address}: {Reason}", rank.Rank, file.Address, e.Message);
            return 1;
        }

        await using (worker.ConfigureAwait(false))
        {
            logger.LogInformation("Rank {Rank}: worker {Name} at {Address} joined {Scheduler}", rank.Rank, worker.Name, worker.Address, file.Address);
            try
            {
                await worker.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Rank {Rank}: the scheduler at {Address} closed; end worker", rank.Rank, file.Address);
            }
            catch (OperationCanceledException)
            {
                await worker.CloseGracefullyAsync().ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static async Task<int> RunNannyAsync(LaunchRank rank, RankOptions options, SchedulerFile file, string host, ILogger logger, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, string>
        {
            ["--nthreads"] = options.Threads.ToString(CultureInfo.InvariantCulture),
            ["--memory-limit"] = options.MemoryLimit.ToString(CultureInfo.InvariantCulture),
            ["--name"] = options.WorkerName(rank.Rank),
            ["--host"] = host,
            ["--death-timeout"] = options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (options.LocalDirectory is { } directory)
        {
            arguments["--local-directory"] = directory;
        }

        Nanny nanny;
        try
        {
            nanny = Cluster.Nanny.Start(file.Address, file.Secret, arguments, logger);
        }
        catch (InvalidOperationException e)
        {
            logger.LogError("Rank {Rank}: {Reason}", rank.Rank, e.Message);
            return 1;
        }

        await using (nanny.ConfigureAwait(false))
        {
            logger.LogInformation("Rank {Rank}: nanny started worker {Name} (pid {Pid}) for {Scheduler}", rank.Rank, options.WorkerName(rank.Rank), nanny.ProcessId, file.Address);
            int code;
            try
            {
                code = await nanny.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await nanny.StopAsync(graceful: true).ConfigureAwait(false);
                return 0;
            }

            if (code == WorkerHost.DeathTimeoutExitCode)
            {
                logger.LogError("Rank {Rank}: could not reach the scheduler at {Address} within {Seconds} s; giving up", rank.Rank, file.Address, options.Timeout.TotalSeconds);
                return 1;
            }

            logger.LogInformation("Rank {Rank}: the scheduler at {Address} closed; end worker", rank.Rank, file.Address);
            return 0;
        }
    }
}
