using System.Globalization;

namespace DaskSharp.Distributed.Working;

/// <summary>
/// distributed's <c>distributed.worker.memory.*</c> fractions of a worker's memory limit, and how
/// long a worker may stay paused with nothing left to spill. A fraction set to <c>false</c> in the
/// configuration turns that step off (<see cref="double.PositiveInfinity"/>). Every key can come from
/// the environment, as Dask's do: <c>DASK_DISTRIBUTED__WORKER__MEMORY__TARGET=0.5</c>.
/// </summary>
/// <param name="Target">Managed bytes above this fraction spill, least recently used first (0.6).</param>
/// <param name="Spill">Process memory above this fraction spills managed bytes until the process is back at the target (0.7), so a worker spills before it pauses.</param>
/// <param name="Pause">Memory above this fraction pauses the worker: no new task starts (0.8).</param>
/// <param name="Terminate">Process memory above this fraction ends the worker process; its nanny starts a fresh one (0.95).</param>
/// <param name="PauseTimeout">A worker paused this long with nothing left to spill is restarted (<c>distributed.worker.memory.pause-timeout</c>, 30 s): paused forever would wedge the cluster.</param>
/// <param name="Recompute">
/// Whether a result of a task without inputs may be dropped and rebuilt on its next read instead of
/// written, when its task prefix computes faster than the worker's disk writes and reads it back
/// (<c>distributed.worker.memory.recompute</c>, true). Turn it off for tasks that are not pure.
/// </param>
public sealed record MemoryThresholds(double Target = 0.6, double Spill = 0.7, double Pause = 0.8, double Terminate = 0.95, TimeSpan? PauseTimeout = null, bool Recompute = true)
{
    private const string Prefix = "distributed.worker.memory.";

    /// <summary>Dask's defaults.</summary>
    public static MemoryThresholds Default { get; } = new();

    /// <summary>How long a paused worker with nothing to spill waits before it restarts.</summary>
    public TimeSpan PauseTimeoutOrDefault => PauseTimeout ?? TimeSpan.FromSeconds(30);

    /// <summary>The thresholds the configuration sets (its layers, then <c>DASK_*</c> variables), Dask's defaults for the rest.</summary>
    /// <exception cref="ArgumentException">naming the key whose value is not a fraction or a duration.</exception>
    public static MemoryThresholds FromConfig()
    {
        var thresholds = new MemoryThresholds(
            Fraction("target", Default.Target),
            Fraction("spill", Default.Spill),
            Fraction("pause", Default.Pause),
            Fraction("terminate", Default.Terminate),
            Timeout(),
            DaskConfig.Get(Prefix + "recompute", true));
        thresholds.Validate();
        return thresholds;
    }

    /// <summary>Refuses fractions that are not in (0, 1] (or off) and a pause timeout that is not positive, naming the setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">naming the setting and its value.</exception>
    public void Validate()
    {
        Check(nameof(Target), Target);
        Check(nameof(Spill), Spill);
        Check(nameof(Pause), Pause);
        Check(nameof(Terminate), Terminate);
        if (PauseTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PauseTimeout), timeout, $"The memory pause timeout is {timeout}; give a positive duration.");
        }

        static void Check(string name, double value)
        {
            if (!(value > 0 && value <= 1) && !double.IsPositiveInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"The memory {name.ToLowerInvariant()} threshold is {value.ToString(CultureInfo.InvariantCulture)}; give a fraction of the memory limit in (0, 1], or false to turn it off.");
            }
        }
    }

    private static double Fraction(string name, double fallback)
    {
        if (!DaskConfig.TryGet(Prefix + name, out object? value) || value is null)
        {
            return fallback;
        }

        return value switch
        {
            false or "false" or "False" => double.PositiveInfinity,
            double d => d,
            int i => i,
            long l => l,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
            _ => throw new ArgumentException($"{Prefix}{name} is '{value}'; give a fraction of the memory limit such as 0.7, or false.", name),
        };
    }

    private static TimeSpan? Timeout()
    {
        if (!DaskConfig.TryGet(Prefix + "pause-timeout", out object? value) || value is null)
        {
            return null;
        }

        string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        return Duration.TryParse(text, out TimeSpan timeout)
            ? timeout
            : throw new ArgumentException($"{Prefix}pause-timeout is '{text}'; give a duration such as 30s.", "pause-timeout");
    }
}
