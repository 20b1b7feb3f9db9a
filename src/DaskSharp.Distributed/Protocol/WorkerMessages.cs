using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

// What a worker tells the scheduler. Reports are batches: one message per kind per flush.

/// <summary>A worker's first message: where peers reach it, and what it has.</summary>
internal sealed record RegisterWorkerMessage(string Address, string? WorkerName, int Threads, long MemoryLimit, long Pid) : ProtocolMessage
{
    public const string OpName = "register-worker";

    public override string Op => OpName;
}

/// <summary>These tasks ran: each result's size and when it ran.</summary>
internal sealed record TaskFinishedMessage(Key[] Keys, long[] NBytes, TaskTiming[] Timings) : ProtocolMessage
{
    public const string OpName = "task-finished";

    public override string Op => OpName;
}

/// <summary>These tasks raised: each error and when it ran.</summary>
internal sealed record TaskErredMessage(Key[] Keys, TaskError[] Errors, TaskTiming[] Timings) : ProtocolMessage
{
    public const string OpName = "task-erred";

    public override string Op => OpName;
}

/// <summary>Transfers and spills the worker did, for the task stream.</summary>
internal sealed record ActivityMessage(WorkerActivity[] Activities) : ProtocolMessage
{
    public const string OpName = "activity";

    public override string Op => OpName;
}

/// <summary>The answer to a steal request: whether each key was given back.</summary>
internal sealed record StealResponseMessage(Key[] Keys, bool[] Released) : ProtocolMessage
{
    public const string OpName = "steal-response";

    public override string Op => OpName;
}

/// <summary>The worker wants to leave gracefully.</summary>
internal sealed record RetireMessage : ProtocolMessage
{
    public const string OpName = "retire";

    public override string Op => OpName;
}

/// <summary>
/// The worker is about to exit, and why (its memory passed the terminate threshold, or it stayed
/// paused with nothing left to spill). Sent just before it goes, so the scheduler can log the
/// reason and name it in a <see cref="KilledWorkerException"/> of a task that was running there.
/// </summary>
internal sealed record WorkerLeavingMessage(string Reason) : ProtocolMessage
{
    public const string OpName = "worker-leaving";

    public override string Op => OpName;
}

/// <summary>Inputs no peer could give, each with the holders that were tried (<c>errant</c>).</summary>
internal sealed record MissingDataMessage(Key[] Keys, string[][] Errant) : ProtocolMessage
{
    public const string OpName = "missing-data";

    public override string Op => OpName;
}

/// <summary>The worker is alive, and how busy and full it is.</summary>
/// <remarks>
/// <paramref name="DiskWriteBytes"/>, <paramref name="DiskReadBytes"/> and <paramref name="DroppedBytes"/>
/// are totals since the worker started (Prometheus counters): bytes spilled to disk, read back from
/// it, and of results dropped to be recomputed when needed.
/// </remarks>
internal sealed record HeartbeatMessage(
    int Executing, int Ready, int InMemory, long ManagedBytes, long SpilledBytes, bool Paused, long ProcessBytes, double Cpu,
    long DiskWriteBytes = 0, long DiskReadBytes = 0, long DroppedBytes = 0) : ProtocolMessage
{
    public const string OpName = "heartbeat";

    /// <summary>Bytes of p2p shuffle pieces written to disk past the worker's shuffle buffer since it started (sent only when some were).</summary>
    public long ShuffleDiskBytes { get; init; }

    public override string Op => OpName;
}

/// <summary>Values of a <see cref="PutDataMessage"/> kept, with their sizes (same request id).</summary>
internal sealed record PutDataDoneMessage(Key[] Keys, long[] NBytes) : ProtocolMessage
{
    public const string OpName = "put-data-done";

    public override string Op => OpName;
}

/// <summary>What a <see cref="RunMessage"/> gave on this worker (same request id): a value, or an error and its traceback.</summary>
internal sealed record RunResultMessage(string Worker, object? Value, string? Error, string? Traceback) : ProtocolMessage
{
    public const string OpName = "run-result";

    public override string Op => OpName;
}

/// <summary>Results of an <see cref="AcquireMessage"/> copied here, with their sizes (same request id).</summary>
internal sealed record AcquiredMessage(Key[] Keys, long[] NBytes) : ProtocolMessage
{
    public const string OpName = "acquired";

    public override string Op => OpName;
}
