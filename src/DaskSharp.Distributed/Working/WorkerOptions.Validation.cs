using System.Globalization;

namespace DaskSharp.Distributed.Working;

/// <summary>The checks that refuse impossible worker options before anything connects.</summary>
public sealed partial record WorkerOptions
{
    /// <summary>
    /// Refuses options no worker can run with — a worker with no threads registers and then
    /// never runs a task — naming the option and its value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">for fewer than one thread, a negative memory limit, or a death timeout or heartbeat interval that is not positive.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(SchedulerAddress);
        Memory?.Validate();
        if (Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"A worker needs at least one thread; {nameof(Threads)} is {Threads.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (MemoryLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryLimit), MemoryLimit, $"{nameof(MemoryLimit)} is {MemoryLimit.ToString(CultureInfo.InvariantCulture)} bytes; give a positive number of bytes, or 0 for no limit.");
        }

        if (DeathTimeout is { } death && death <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DeathTimeout), death, $"{nameof(DeathTimeout)} is {death}; give a positive duration, or null to keep trying to join the scheduler.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, $"{nameof(HeartbeatInterval)} is {HeartbeatInterval}; give a positive duration.");
        }
    }

    /// <summary>What a worker says when it gives up on the scheduler after <see cref="DeathTimeout"/>.</summary>
    internal string DeathTimeoutMessage() =>
        $"Could not join the scheduler at {SchedulerAddress} within the death timeout of {DeathTimeout?.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; giving up.";
}
