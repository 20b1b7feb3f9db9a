using System.Runtime.InteropServices;
using DaskSharp.Distributed.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// A batch program's cluster, from inside the program itself (dask-mpi's <c>initialize</c>,
/// dask-jobqueue's runners): every rank of the launch runs the same program; rank 0 becomes the
/// scheduler and rank 2 and up the workers, and those never return; rank 1 gets this object and
/// runs the user's code as the client. Disposing it — or the client rank's process ending —
/// shuts the scheduler down, and with it every other rank, each exiting 0.
/// </summary>
/// <example><code>
/// using BatchRunner runner = DaskMpi.Initialize();        // only rank 1 returns
/// Client client = runner.Client;                          // Compute() runs on the launch's workers
/// int sum = client.Gather(client.Map((int i) => i * i, Enumerable.Range(0, 100))).Sum();
/// </code></example>
public class BatchRunner : IDisposable, IAsyncDisposable
{
    /// <summary>How long closing waits for the scheduler to acknowledge the shutdown.</summary>
    private static readonly TimeSpan s_shutdownBound = TimeSpan.FromSeconds(10);

    private int _closed;

    internal BatchRunner(ClientRankStart start)
    {
        Rank = start.Rank;
        SchedulerFilePath = start.SchedulerFilePath;
        SchedulerAddress = start.File.Address;
        Client = new Client(schedulerFile: start.SchedulerFilePath, logger: start.Logger);

        // dask-mpi's atexit send_close_signal: a program that returns from Main (or throws) without
        // disposing still ends its cluster, so no rank waits on for a client that is gone.
        AppDomain.CurrentDomain.ProcessExit += OnProcessEnd;
        AppDomain.CurrentDomain.UnhandledException += OnProcessEnd;
    }

    /// <summary>This process's place in the launch (rank 1).</summary>
    public LaunchRank Rank { get; }

    /// <summary>The scheduler file the launch shares.</summary>
    public string SchedulerFilePath { get; }

    /// <summary>The scheduler's address.</summary>
    public string SchedulerAddress { get; }

    /// <summary>A client of the launch's scheduler; the default for <c>Compute()</c> while it lives.</summary>
    public Client Client { get; }

    /// <summary>Shuts the scheduler down (every other rank then exits 0) and closes the client.</summary>
    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessEnd;
        AppDomain.CurrentDomain.UnhandledException -= OnProcessEnd;
        try
        {
            await Client.ShutdownAsync().WaitAsync(s_shutdownBound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await Client.CloseAsync().ConfigureAwait(false); // the scheduler did not answer; its ranks end on their own timeouts
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The roles of a launch (dask-mpi's and dask-jobqueue's): rank 0 serves the scheduler and rank
    /// 2 and up a worker, each until the scheduler closes, and then this process exits with that
    /// rank's code; on rank 1 it returns this launch's scheduler file, for the client.
    /// </summary>
    /// <exception cref="InvalidOperationException">when the launch has fewer than 3 ranks.</exception>
    internal static ClientRankStart RunRoles(LaunchRank rank, RankOptions options, string launcher)
    {
        ILogger logger = options.Logger ?? NullLogger.Instance;
        if (rank.Size < 3)
        {
            throw new InvalidOperationException($"Not enough {launcher} ranks to start a cluster: found {rank.Size}, need at least 3, one each for the scheduler, the client and a worker.");
        }

        LaunchRendezvous.CheckDirectory(options.SchedulerFile);
        if (rank.Rank == 1)
        {
            SchedulerFile file;
            try
            {
                file = LaunchRendezvous.WaitAsync(options.SchedulerFile, rank.LaunchId, options.Timeout).GetAwaiter().GetResult();
            }
            catch (TimeoutException e)
            {
                logger.LogError("Rank 1: {Reason}", e.Message);
                throw;
            }

            return new ClientRankStart(rank, file, options.SchedulerFile, logger);
        }

        using var interrupted = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        int code = rank.Rank == 0
            ? SchedulerRank.RunAsync(rank, options, interrupted.Token).GetAwaiter().GetResult()
            : WorkerRank.RunAsync(rank, options, interrupted.Token).GetAwaiter().GetResult();
        Environment.Exit(code);
        throw new InvalidOperationException("not reached: the process has exited");

        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
    }

    private void OnProcessEnd(object? sender, EventArgs e)
    {
        try
        {
            Dispose();
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the process is ending anyway; the other ranks fall back on their timeouts
        }
    }
}

/// <summary>What rank 1 learned before it becomes the client.</summary>
internal sealed record ClientRankStart(LaunchRank Rank, SchedulerFile File, string SchedulerFilePath, ILogger Logger);
