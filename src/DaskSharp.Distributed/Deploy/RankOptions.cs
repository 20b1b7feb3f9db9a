using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// How the ranks of a launch run their scheduler and workers: <c>dask mpi</c>'s options, and
/// <see cref="DaskMpi.Initialize"/>'s and <see cref="SlurmRunner"/>'s arguments.
/// </summary>
public sealed record RankOptions
{
    /// <summary>The scheduler file every rank shares (on a shared file system when the launch spans nodes).</summary>
    public required string SchedulerFile { get; init; }

    /// <summary>The network interface to listen on, as <c>ib0</c> (<see cref="Cluster.InterfaceAddress"/>); null: the scheduler listens on the address that routes off this host, workers on the one that routes to the scheduler.</summary>
    public string? Interface { get; init; }

    /// <summary>Threads per worker.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Each worker's memory limit in bytes (0: none).</summary>
    public long MemoryLimit { get; init; }

    /// <summary>Where workers keep their spill files; the temporary directory when null.</summary>
    public string? LocalDirectory { get; init; }

    /// <summary>Each worker rank runs its worker as a child process under a nanny, which restarts it when it dies (needs the <c>dask</c> worker host); otherwise in the rank's own process.</summary>
    public bool Nanny { get; init; }

    /// <summary>The dashboard's address (":8787"), or null for none.</summary>
    public string? DashboardAddress { get; init; } = ":8787";

    /// <summary>Worker names: this, a dash, and the rank (dask-mpi's <c>--name</c>); the rank alone when null.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// How long a rank waits for this launch's scheduler file to appear, and a worker for the
    /// scheduler to answer (its death timeout), before it gives up with an error naming what it
    /// waited for: no rank hangs when rank 0 failed or cannot be reached.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where to log.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The name of the worker on <paramref name="rank"/>.</summary>
    public string WorkerName(int rank) => Name is null ? rank.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Name}-{rank.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
