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

/// <summary>
/// Something about the whole cluster the user should know, unasked: <see cref="AllPaused"/> when
/// every worker is paused by memory pressure while work waits (sent once per such episode), and
/// <see cref="Resumed"/> when that ends. <paramref name="Text"/> says it in words, with figures.
/// </summary>
internal sealed record ClusterNoticeMessage(string Kind, string Text) : ProtocolMessage
{
    public const string OpName = "cluster-notice";

    /// <summary>Every worker is paused and tasks wait.</summary>
    public const string AllPaused = "all-paused";

    /// <summary>Some worker runs tasks again (or the paused ones are gone).</summary>
    public const string Resumed = "resumed";

    public override string Op => OpName;
}
