using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

// What the scheduler tells a client unasked: how its keys ended.

/// <summary>These keys are in memory, on these workers.</summary>
internal sealed record KeysInMemoryMessage(Key[] Keys, string[][] Holders) : ProtocolMessage
{
    public const string OpName = "key-in-memory";

    public override string Op => OpName;
}

/// <summary>
/// These keys failed, each with its error. It shares its op with a worker's
/// <see cref="TaskErredMessage"/>, as in distributed; it has no timing columns.
/// </summary>
internal sealed record KeysErredMessage(Key[] Keys, TaskError[] Errors) : ProtocolMessage
{
    public const string OpName = "task-erred";

    public override string Op => OpName;
}

/// <summary>The cluster restarted: every future is gone.</summary>
internal sealed record RestartedMessage : ProtocolMessage
{
    public const string OpName = "restarted";

    public override string Op => OpName;
}
