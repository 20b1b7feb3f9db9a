namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// A peer sent bytes that break the protocol: an oversized message, an impossible frame table, or a
/// header that does not decode. The connection that carried them is closed; the server goes on.
/// </summary>
public class ProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ProtocolException()
        : base("The peer broke the protocol.")
    {
    }
}

/// <summary>
/// A well-formed message with a field over its <see cref="WireLimits"/> (an operation name, an id,
/// a key or a header string too long, values nested too deep). The message says which field, how
/// big it was and what the limit is; the peer is told so, and the connection is closed.
/// </summary>
public sealed class WireLimitException : ProtocolException
{
    /// <summary>Creates the exception.</summary>
    public WireLimitException(string message, string field, long size, long limit)
        : base(message)
    {
        Field = field;
        Size = size;
        Limit = limit;
    }

    /// <summary>Creates the exception.</summary>
    public WireLimitException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public WireLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public WireLimitException()
    {
        Field = string.Empty;
    }

    /// <summary>The field over its limit, as the message names it.</summary>
    public string Field { get; }

    /// <summary>Its size (bytes, or levels, or dimensions).</summary>
    public long Size { get; }

    /// <summary>The limit it is over.</summary>
    public long Limit { get; }
}
