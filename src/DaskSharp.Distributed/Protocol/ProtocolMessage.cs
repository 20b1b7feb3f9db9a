namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// One operation of the protocol between clients, the scheduler and workers, as a typed record.
/// Shells build these and dispatch on their types; only <see cref="MessageCodec"/> knows how each
/// becomes a <see cref="Comm.Message"/> (header fields, value positions) and back.
/// </summary>
internal abstract record ProtocolMessage
{
    /// <summary>The operation's name on the wire (distributed's <c>op</c>).</summary>
    public abstract string Op { get; }

    /// <summary>
    /// The <c>id</c> header: set on a request whose answer is awaited, and on a worker's answer to a
    /// scheduler's request (<c>put-data-done</c>, <c>run-result</c>, <c>acquired</c> echo it).
    /// </summary>
    public long? RequestId { get; init; }

    /// <summary>The <c>reply-to</c> header: the id of the client request this answers.</summary>
    public long? ReplyTo { get; init; }
}
