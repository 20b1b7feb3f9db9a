using System.Collections.Concurrent;

namespace DaskSharp.Execution;

/// <summary>
/// Schedulers by name, as Dask's <c>scheduler=</c> strings. <c>threads</c> (alias <c>threading</c>)
/// and <c>sync</c> (aliases <c>synchronous</c>, <c>single-threaded</c>) are built in; the distributed
/// client registers <c>distributed</c> and sets the configured <c>scheduler</c> to it while it lives.
/// </summary>
public static class SchedulerRegistry
{
    private static readonly ConcurrentDictionary<string, IScheduler> s_schedulers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["threads"] = LocalScheduler.Threads,
        ["threading"] = LocalScheduler.Threads,
        ["sync"] = LocalScheduler.Sync,
        ["synchronous"] = LocalScheduler.Sync,
        ["single-threaded"] = LocalScheduler.Sync,
    };

    /// <summary>Registers (or replaces) a scheduler under <paramref name="name"/>.</summary>
    public static void Register(string name, IScheduler scheduler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(scheduler);
        s_schedulers[name] = scheduler;
    }

    /// <summary>Removes a registration, if <paramref name="scheduler"/> is still the one registered.</summary>
    public static void Unregister(string name, IScheduler scheduler) =>
        s_schedulers.TryRemove(new KeyValuePair<string, IScheduler>(name, scheduler));

    /// <summary>
    /// The scheduler called <paramref name="name"/>, or, when null, the one the configuration's
    /// <c>scheduler</c> key names (<c>threads</c> by default).
    /// </summary>
    /// <exception cref="ArgumentException">naming the unknown scheduler and the known ones.</exception>
    public static IScheduler Resolve(string? name = null)
    {
        name ??= DaskConfig.Get("scheduler", "threads");
        if (s_schedulers.TryGetValue(name, out IScheduler? scheduler))
        {
            return scheduler;
        }

        throw new ArgumentException(
            $"Unknown scheduler '{name}'. Known schedulers: {string.Join(", ", s_schedulers.Keys.Order(StringComparer.Ordinal))}.", nameof(name));
    }
}
