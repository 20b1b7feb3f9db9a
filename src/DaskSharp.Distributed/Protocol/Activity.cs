using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

/// <summary>What a bar in the task stream stands for (distributed's <c>startstops</c> actions).</summary>
public enum ActionKind
{
    /// <summary>A task ran.</summary>
    Compute,

    /// <summary>A task ran and failed.</summary>
    Erred,

    /// <summary>Inputs came from another worker.</summary>
    Transfer,

    /// <summary>Results were spilled to disk.</summary>
    DiskWrite,

    /// <summary>A spilled result was read back.</summary>
    DiskRead,

    /// <summary>A result was dropped from the worker, to be recomputed when needed (it could neither stay in memory nor spill).</summary>
    RecomputeDrop,
}

/// <summary>
/// Something a worker did besides running a task: a transfer from a peer, a spill, a read back or
/// a drop, timed with <see cref="WallClock"/>. Workers send these to the scheduler in
/// <c>activity</c> messages so the task stream can mark them. An activity about one result names
/// its <paramref name="Key"/> (as distributed's task stream bars do); a transfer, which moves
/// several, names its <paramref name="Peer"/> instead.
/// </summary>
internal readonly record struct WorkerActivity(ActionKind Kind, double Start, double Stop, long NBytes, string? Peer, Key? Key = null)
{
    /// <summary>Whether an activity of <paramref name="kind"/> is about one result and names its key (spills, reads back and drops).</summary>
    public static bool NamesKey(ActionKind kind) => kind is ActionKind.DiskWrite or ActionKind.DiskRead or ActionKind.RecomputeDrop;

    /// <summary>distributed's names for the actions.</summary>
    public static string Name(ActionKind kind) => kind switch
    {
        ActionKind.Compute => "compute",
        ActionKind.Erred => "erred",
        ActionKind.Transfer => "transfer",
        ActionKind.DiskWrite => "disk-write",
        ActionKind.DiskRead => "disk-read",
        ActionKind.RecomputeDrop => "recompute-drop",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activity."),
    };

    /// <summary>The kind named <paramref name="name"/>; false for an unknown name.</summary>
    public static bool TryParse(string? name, out ActionKind kind)
    {
        (bool known, kind) = name switch
        {
            "compute" => (true, ActionKind.Compute),
            "erred" => (true, ActionKind.Erred),
            "transfer" => (true, ActionKind.Transfer),
            "disk-write" => (true, ActionKind.DiskWrite),
            "disk-read" => (true, ActionKind.DiskRead),
            "recompute-drop" => (true, ActionKind.RecomputeDrop),
            _ => (false, default(ActionKind)),
        };
        return known;
    }
}

/// <summary>When a task ran and on which of its worker's threads, as the worker measured it.</summary>
public readonly record struct TaskTiming(double Start, double Stop, int Thread)
{
    /// <summary>For an outcome whose timing was not recorded (e.g. a task released while it ran).</summary>
    public static TaskTiming Unknown { get; } = new(double.NaN, double.NaN, -1);

    /// <summary>Seconds it ran, or null when unknown.</summary>
    public double? Seconds => double.IsNaN(Start) ? null : Stop - Start;
}
