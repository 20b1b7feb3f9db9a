using System.Globalization;

namespace DaskSharp.Cli;

/// <summary>
/// The numbers <c>dask worker</c> is started with, checked before anything connects: a worker
/// with no threads would register and then never run a task, so impossible values are refused
/// with the option and value named, as distributed refuses <c>--nworkers</c> below one.
/// </summary>
internal sealed record WorkerLimits(int Threads, int Workers, long MemoryLimit, TimeSpan? DeathTimeout)
{
    /// <summary>
    /// distributed's <c>--lifetime</c>: the workers retire gracefully (their results move to others)
    /// after this long, give or take <see cref="LifetimeStagger"/>, so a batch job's walltime never
    /// kills them holding data; null to live until stopped.
    /// </summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>distributed's <c>--lifetime-stagger</c>: each lifetime is moved by up to this much either way, so workers do not all leave at once.</summary>
    public TimeSpan LifetimeStagger { get; init; }

    /// <summary>distributed's <c>--lifetime-restart</c>: start fresh workers when the lifetime ends, instead of exiting.</summary>
    public bool LifetimeRestart { get; init; }

    /// <summary>One lifetime: <see cref="Lifetime"/> moved by a uniform draw in ±<see cref="LifetimeStagger"/> (never below zero).</summary>
    public TimeSpan? NextLifetime(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Lifetime is { } lifetime
            ? TimeSpan.FromTicks(Math.Max(0, lifetime.Ticks + (long)((random.NextDouble() * 2 - 1) * LifetimeStagger.Ticks)))
            : null;
    }

    /// <summary>The checked limits with the lifetime options (<c>--lifetime</c>, <c>--lifetime-stagger</c>, <c>--lifetime-restart</c>).</summary>
    /// <exception cref="ArgumentException">naming the option and value that cannot work.</exception>
    public static WorkerLimits Parse(int nthreads, int nworkers, string memoryLimit, string? deathTimeout, string? lifetime, string? lifetimeStagger, bool lifetimeRestart)
    {
        WorkerLimits limits = Parse(nthreads, nworkers, memoryLimit, deathTimeout);
        TimeSpan? life = PositiveDuration("--lifetime", lifetime);
        TimeSpan stagger = lifetimeStagger is null ? TimeSpan.Zero
            : Duration.TryParse(lifetimeStagger, out TimeSpan s) && s >= TimeSpan.Zero ? s
            : throw Refuse("--lifetime-stagger", lifetimeStagger, "give a duration such as 0, 30s or 4m");
        if (life is null && (lifetimeStagger is not null || lifetimeRestart))
        {
            throw Refuse(lifetimeRestart ? "--lifetime-restart" : "--lifetime-stagger", lifetimeStagger ?? "", "it needs --lifetime");
        }

        return limits with { Lifetime = life, LifetimeStagger = stagger, LifetimeRestart = lifetimeRestart };
    }

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

        return new WorkerLimits(nthreads, nworkers, memory, PositiveDuration("--death-timeout", deathTimeout));
    }

    private static TimeSpan? PositiveDuration(string option, string? text) =>
        text is null ? null
        : Duration.TryParse(text, out TimeSpan parsed) && parsed > TimeSpan.Zero ? parsed
        : throw Refuse(option, text, "give a positive duration such as 60, 30s or 5m");

    private static ArgumentException Refuse(string option, string value, string advice) =>
        new($"Failed to launch worker: {option} {value} is not possible; {advice}.");
}
