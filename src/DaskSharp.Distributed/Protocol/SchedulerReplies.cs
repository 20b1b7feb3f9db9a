using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

// What the scheduler answers: to a registration, and to a client's request (with ReplyTo set).

/// <summary>A worker or client is registered with the scheduler <paramref name="Id"/> listening at <paramref name="Address"/>.</summary>
/// <param name="Id">The scheduler's id.</param>
/// <param name="Address">Where the scheduler listens.</param>
/// <param name="DashboardPort">The dashboard's port, 0 when there is none.</param>
internal sealed record RegisteredReply(string Id, string Address, int DashboardPort) : ProtocolMessage
{
    public const string OpName = "registered";

    public override string Op => OpName;
}

/// <summary>A registration or a request refused, and why.</summary>
internal sealed record ErrorReply(string Message) : ProtocolMessage
{
    public const string OpName = "error";

    public override string Op => OpName;
}

/// <summary>A request done, with nothing to say.</summary>
internal sealed record OkReply : ProtocolMessage
{
    public const string OpName = "ok";

    public override string Op => OpName;
}

/// <summary>The workers that hold each key in memory (none when it is not in memory).</summary>
internal sealed record WhoHasReply(Key[] Keys, string[][] Holders) : ProtocolMessage
{
    public const string OpName = "who-has";

    public override string Op => OpName;
}

/// <summary>A published dataset's keys.</summary>
internal sealed record DatasetReply(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "dataset";

    public override string Op => OpName;
}

/// <summary>The published datasets' names, in order.</summary>
internal sealed record DatasetsReply(string[] Names) : ProtocolMessage
{
    public const string OpName = "datasets";

    public override string Op => OpName;
}

/// <summary>What a <c>run</c> gave on each worker: an error text (empty when it ran) and a value per worker.</summary>
internal sealed record RunResultsReply(string[] Workers, string[] Errors, IReadOnlyList<object?> Values) : ProtocolMessage
{
    public const string OpName = "run-results";

    public override string Op => OpName;
}

/// <summary>The scheduler's description of itself and its workers, as JSON.</summary>
internal sealed record SchedulerInfoReply(string Info) : ProtocolMessage
{
    public const string OpName = "scheduler-info";

    public override string Op => OpName;
}
