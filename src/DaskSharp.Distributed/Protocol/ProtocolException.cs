namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// A peer sent bytes that break the protocol: an oversized message, an impossible frame table, or a
/// header that does not decode. The connection that carried them is closed; the server goes on.
/// </summary>
public sealed class ProtocolException : Exception
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
