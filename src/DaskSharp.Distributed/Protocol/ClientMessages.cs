using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

// What a client sends the scheduler. run, restart and upload-assemblies travel on from the
// scheduler to its workers in the same form.

/// <summary>A client's first message: who it is.</summary>
internal sealed record RegisterClientMessage(string Client) : ProtocolMessage
{
    public const string OpName = "register-client";

    public override string Op => OpName;
}

/// <summary>Tasks to add to the graph, and the keys the client wants (and will hold futures of).</summary>
internal sealed record UpdateGraphMessage(SubmittedTask[] Tasks, Key[] Wanted) : ProtocolMessage
{
    public const string OpName = "update-graph";

    public override string Op => OpName;
}

/// <summary>The client no longer wants these keys.</summary>
internal sealed record ReleaseKeysMessage(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "release-keys";

    public override string Op => OpName;
}

/// <summary>Where do these keys' results live? Answered with a <see cref="WhoHasReply"/>.</summary>
internal sealed record WhoHasMessage(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "who-has";

    public override string Op => OpName;
}

/// <summary>Values to place on workers under these keys (each on one worker, or every worker with <paramref name="Broadcast"/>).</summary>
internal sealed record ScatterMessage(Key[] Keys, IReadOnlyList<object?> Data, bool Broadcast) : ProtocolMessage
{
    public const string OpName = "scatter";

    public override string Op => OpName;
}

/// <summary>Runs a function once on every worker: from a client, then from the scheduler to each worker.</summary>
/// <param name="Function">The call: a <see cref="GraphNode"/> in process, a <see cref="SerializedTask"/> after TCP.</param>
internal sealed record RunMessage(object Function) : ProtocolMessage
{
    public const string OpName = "run";

    public override string Op => OpName;
}

/// <summary>Keeps keys under a name other clients can look up.</summary>
internal sealed record PublishDatasetMessage(string DatasetName, Key[] Keys, bool Override) : ProtocolMessage
{
    public const string OpName = "publish-dataset";

    public override string Op => OpName;
}

/// <summary>The keys of a published dataset; answered with a <see cref="DatasetReply"/>.</summary>
internal sealed record GetDatasetMessage(string DatasetName) : ProtocolMessage
{
    public const string OpName = "get-dataset";

    public override string Op => OpName;
}

/// <summary>Drops a dataset's name.</summary>
internal sealed record UnpublishDatasetMessage(string DatasetName) : ProtocolMessage
{
    public const string OpName = "unpublish-dataset";

    public override string Op => OpName;
}

/// <summary>The names of the published datasets; answered with a <see cref="DatasetsReply"/>.</summary>
internal sealed record ListDatasetsMessage : ProtocolMessage
{
    public const string OpName = "list-datasets";

    public override string Op => OpName;
}

/// <summary>What the scheduler knows about its workers; answered with a <see cref="SchedulerInfoReply"/>.</summary>
internal sealed record SchedulerInfoMessage : ProtocolMessage
{
    public const string OpName = "scheduler-info";

    public override string Op => OpName;
}

/// <summary>
/// Wait until at least <paramref name="Workers"/> workers have joined, for at most
/// <paramref name="TimeoutSeconds"/> on the scheduler's clock; answered with a
/// <see cref="SchedulerInfoReply"/> when they have or when the time is up (the client compares the count).
/// </summary>
internal sealed record WaitForWorkersMessage(int Workers, double TimeoutSeconds) : ProtocolMessage
{
    public const string OpName = "wait-for-workers";

    public override string Op => OpName;
}

/// <summary>Assemblies the tasks' code lives in (raw bytes), from a client to the scheduler and on to every worker.</summary>
internal sealed record UploadAssembliesMessage(byte[][] Assemblies) : ProtocolMessage
{
    public const string OpName = "upload-assemblies";

    public override string Op => OpName;
}

/// <summary>From a client: restart every worker and forget every task. From the scheduler to a worker: go, to come back fresh.</summary>
internal sealed record RestartMessage : ProtocolMessage
{
    public const string OpName = "restart";

    public override string Op => OpName;
}

/// <summary>
/// Closes the scheduler (distributed's <c>terminate</c>, sent by <c>Client.shutdown</c>): its workers
/// lose it and end, and whatever waits on <see cref="Scheduling.Scheduler.Closed"/> (a <c>dask mpi</c>
/// rank, a batch runner) exits. Answered with an <see cref="OkReply"/> before the connection closes.
/// </summary>
internal sealed record TerminateMessage : ProtocolMessage
{
    public const string OpName = "terminate";

    public override string Op => OpName;
}

/// <summary>Runs failed keys again.</summary>
internal sealed record RetryMessage(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "retry";

    public override string Op => OpName;
}
