using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// A worker's answer to <c>get-data</c>: the values it holds of the keys asked for, and the keys it
/// holds but cannot send, each with the reason (a result of a type no codec handles). Without the
/// second list such a value would break the connection, and the asker would take it for a lost peer
/// and wait forever for an input nobody can give it.
/// On the wire (see <see cref="MessageCodec"/>): <c>[found keys, value, …, refused keys, reasons]</c>.
/// </summary>
internal sealed record DataReply(Key[] Found, IReadOnlyList<object?> Values, Key[] Refused, string[] Reasons) : ProtocolMessage
{
    public const string OpName = "data";

    public override string Op => OpName;
}
