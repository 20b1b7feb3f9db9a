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

    /// <summary>
    /// Dask's "auto" memory limit for a worker of <paramref name="threads"/> threads: the machine's
    /// memory in proportion to the cores it uses (<c>parse_memory_limit</c>: total × min(1, threads /
    /// cores)), since a launch usually puts one rank on every core or few cores of a node.
    /// </summary>
    public static long AutoMemoryLimit(int threads) =>
        (long)(Working.SystemMemory.Total * Math.Min(1.0, threads / (double)Environment.ProcessorCount));

    /// <summary>Parses a memory limit: "auto" (<see cref="AutoMemoryLimit"/>), a byte count or a size such as "4GB"; "0" for none.</summary>
    /// <exception cref="ArgumentException">naming the text when it is none of those.</exception>
    public static long ParseMemoryLimit(string text, int threads)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "auto")
        {
            return AutoMemoryLimit(threads);
        }

        try
        {
            long bytes = ByteSize.Parse(text);
            return bytes >= 0 ? bytes : throw new ArgumentException($"The memory limit '{text}' is negative; give 0 for no limit.", nameof(text));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"The memory limit '{text}' is not a byte count, a size such as 4GB, 'auto', or 0 for no limit.", nameof(text), e);
        }
    }

    /// <summary>The name of the worker on <paramref name="rank"/>.</summary>
    public string WorkerName(int rank) => Name is null ? rank.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Name}-{rank.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
