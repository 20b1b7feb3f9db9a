namespace DaskSharp.Distributed.Comm;

/// <summary>
/// What comms carry: a small header of simple fields (<c>op</c> and its arguments) and a list of
/// values (task results, array chunks). TCP serialises the values into raw frames; the inproc comm
/// hands the objects over as they are.
/// </summary>
public sealed record Message(IReadOnlyDictionary<string, object?> Header, IReadOnlyList<object?> Values)
{
    /// <summary>A message with only a header.</summary>
    public Message(params (string Name, object? Value)[] fields)
        : this(fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal), [])
    {
    }

    /// <summary>A message of operation <paramref name="op"/> carrying <paramref name="values"/>.</summary>
    public Message(string op, IReadOnlyList<object?> values)
        : this(new Dictionary<string, object?>(StringComparer.Ordinal) { ["op"] = op }, values)
    {
    }

    /// <summary>The operation, as distributed's <c>op</c> field.</summary>
    public string? Op => Header.GetValueOrDefault("op") as string;

    /// <summary>An integer field (TCP decodes integers as long; inproc keeps what was sent), or <paramref name="fallback"/>.</summary>
    public long Integer(string field, long fallback = 0) => Header.GetValueOrDefault(field) switch
    {
        long l => l,
        int i => i,
        _ => fallback,
    };
}

/// <summary>A bidirectional channel of <see cref="Message"/>s to one peer.</summary>
public interface IComm : IAsyncDisposable
{
    /// <summary>Who is at the other end.</summary>
    string Peer { get; }

    /// <summary>Sends a message.</summary>
    ValueTask SendAsync(Message message, CancellationToken cancellationToken = default);

    /// <summary>The next message, or null when the peer closed.</summary>
    ValueTask<Message?> ReceiveAsync(CancellationToken cancellationToken = default);
}
