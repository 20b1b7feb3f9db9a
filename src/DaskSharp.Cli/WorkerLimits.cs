using System.Globalization;

namespace DaskSharp.Cli;

/// <summary>
/// The numbers <c>dask worker</c> is started with, checked before anything connects: a worker
/// with no threads would register and then never run a task, so impossible values are refused
/// with the option and value named, as distributed refuses <c>--nworkers</c> below one.
/// </summary>
internal sealed record WorkerLimits(int Threads, int Workers, long MemoryLimit, TimeSpan? DeathTimeout)
{
    /// <summary>The checked limits; "auto" memory is the machine's divided among the workers.</summary>
    /// <exception cref="ArgumentException">naming the option and value that cannot work.</exception>
    public static WorkerLimits Parse(int nthreads, int nworkers, string memoryLimit, string? deathTimeout)
    {
        if (nthreads < 1)
        {
            throw Refuse("--nthreads", nthreads.ToString(CultureInfo.InvariantCulture), "give at least 1 thread per worker process");
        }

        if (nworkers < 1)
        {
            throw Refuse("--nworkers", nworkers.ToString(CultureInfo.InvariantCulture), "give at least 1 worker process");
        }

        long memory;
        if (memoryLimit == "auto")
        {
            memory = DaskSharp.Distributed.Working.SystemMemory.Total / nworkers;
        }
        else
        {
            try
            {
                memory = ByteSize.Parse(memoryLimit);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw Refuse("--memory-limit", memoryLimit, "give a byte count, a size such as 4GB, 'auto', or 0 for no limit");
            }

            if (memory < 0)
            {
                throw Refuse("--memory-limit", memoryLimit, "a memory limit cannot be negative; give 0 for no limit");
            }
        }

        TimeSpan? death = null;
        if (deathTimeout is not null)
        {
            if (!Duration.TryParse(deathTimeout, out TimeSpan parsed) || parsed <= TimeSpan.Zero)
            {
                throw Refuse("--death-timeout", deathTimeout, "give a positive duration such as 60, 30s or 5m");
            }

            death = parsed;
        }

        return new WorkerLimits(nthreads, nworkers, memory, death);
    }

    private static ArgumentException Refuse(string option, string value, string advice) =>
        new($"Failed to launch worker: {option} {value} is not possible; {advice}.");
}
