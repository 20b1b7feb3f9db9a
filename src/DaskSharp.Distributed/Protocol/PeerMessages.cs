using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

/// <summary>A peer or a client asks a worker for results; answered with a <see cref="DataReply"/>.</summary>
internal sealed record GetDataMessage(Key[] Keys) : ProtocolMessage
{
    public const string OpName = "get-data";

    public override string Op => OpName;
}
