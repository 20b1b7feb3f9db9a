using DaskSharp.Distributed.Comm;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// A worker's answer to <c>get-data</c>: the values it holds of the keys asked for, and the keys it
/// holds but cannot send, each with the reason (a result of a type no codec handles). Without the
/// second list such a value would break the connection, and the asker would take it for a lost peer
/// and wait forever for an input nobody can give it.
/// On the wire: <c>[found keys, value, …, refused keys, reasons]</c>.
/// </summary>
internal sealed record DataReply(Key[] Found, IReadOnlyList<object?> Values, Key[] Refused, string[] Reasons)
{
    public const string Op = "data";

    public Message ToMessage() => new(Op, [Found, .. Values, Refused, Reasons]);

    /// <exception cref="ProtocolException">naming the field that does not fit.</exception>
    public static DataReply From(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        IReadOnlyList<object?> v = message.Values;
        if (message.Op != Op)
        {
            throw new ProtocolException($"A get-data reply is '{Op}', not '{message.Op}'.");
        }

        if (v.Count < 3 || v[0] is not Key[] found)
        {
            throw new ProtocolException("A 'data' reply starts with its found keys.");
        }

        if (v.Count != found.Length + 3 || v[^2] is not Key[] refused || v[^1] is not string[] reasons || reasons.Length != refused.Length)
        {
            throw new ProtocolException($"A 'data' reply with {found.Length} found keys has {found.Length} values, then the refused keys and as many reasons; it has {v.Count} entries.");
        }

        return new DataReply(found, [.. v.Skip(1).Take(found.Length)], refused, reasons);
    }
}
