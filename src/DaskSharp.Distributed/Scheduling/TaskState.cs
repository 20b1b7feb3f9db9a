namespace DaskSharp.Distributed.Scheduling;

/// <summary>The states a task goes through on the scheduler, as in distributed.</summary>
public enum TaskState
{
    /// <summary>Known, not needed now (no result anywhere).</summary>
    Released,

    /// <summary>Needed; waiting for dependencies.</summary>
    Waiting,

    /// <summary>Ready root task held back until a worker has a free slot (worker-saturation).</summary>
    Queued,

    /// <summary>Ready, but no worker exists.</summary>
    NoWorker,

    /// <summary>Assigned to a worker.</summary>
    Processing,

    /// <summary>Result held by at least one worker.</summary>
    Memory,

    /// <summary>Failed (itself, or a dependency).</summary>
    Erred,

    /// <summary>Gone from the scheduler.</summary>
    Forgotten,
}
