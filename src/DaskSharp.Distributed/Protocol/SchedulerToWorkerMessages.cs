using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

// What the scheduler tells a worker (besides run, restart and upload-assemblies, which a client starts).

/// <summary>Tasks to run, with where their inputs live.</summary>
internal sealed record ComputeTasksMessage(TaskAssignment[] Tasks) : ProtocolMessage
{
    public const string OpName = "compute-tasks";

    public override string Op => OpName;
}

/// <summary>Nobody needs these keys here any more.</summary>
internal sealed record FreeKeysMessage(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "free-keys";

    public override string Op => OpName;
}

/// <summary>Do not run these keys (they are not wanted any more), unless already running.</summary>
internal sealed record CancelComputeMessage(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "cancel-compute";

    public override string Op => OpName;
}

/// <summary>Keep these values under these keys; answered with a <see cref="PutDataDoneMessage"/> carrying the same request id.</summary>
internal sealed record PutDataMessage(Key[] Keys, IReadOnlyList<object?> Data) : ProtocolMessage
{
    public const string OpName = "put-data";

    public override string Op => OpName;
}

/// <summary>Give these queued keys back, for another worker to run; answered with a <see cref="StealResponseMessage"/>.</summary>
internal sealed record StealRequestMessage(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "steal-request";

    public override string Op => OpName;
}

/// <summary>Copy these results from the retiring worker <paramref name="From"/>; answered with an <see cref="AcquiredMessage"/>.</summary>
internal sealed record AcquireMessage(string From, Key[] Keys) : ProtocolMessage
{
    public const string OpName = "acquire";

    public override string Op => OpName;
}

/// <summary>A retiring worker's results are safe elsewhere: it may go.</summary>
internal sealed record RetiredMessage : ProtocolMessage
{
    public const string OpName = "retired";

    public override string Op => OpName;
}
