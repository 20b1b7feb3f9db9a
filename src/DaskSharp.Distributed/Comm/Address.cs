using System.Globalization;

namespace DaskSharp.Distributed.Comm;

/// <summary>A comm address, as distributed writes them: <c>tcp://127.0.0.1:8786</c>, <c>tls://host:port</c>, <c>inproc://name</c>.</summary>
public sealed record Address(string Scheme, string Host, int Port)
{
    /// <summary>Parses an address; a bare <c>host:port</c> means tcp.</summary>
    /// <exception cref="FormatException">naming what is wrong.</exception>
    public static Address Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        string scheme = "tcp";
        string rest = text;
        int sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep >= 0)
        {
            scheme = text[..sep];
            rest = text[(sep + 3)..];
        }

        if (scheme == "inproc")
        {
            return new Address(scheme, rest, 0);
        }

        if (scheme is not ("tcp" or "tls"))
        {
            throw new FormatException($"Unknown comm scheme '{scheme}' in '{text}'; use tcp://, tls:// or inproc://.");
        }

        int colon = rest.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new FormatException($"'{text}' has no valid port; write {scheme}://host:port.");
        }

        return new Address(scheme, rest[..colon].Trim('[', ']'), port);
    }

    /// <inheritdoc/>
    public override string ToString() => Scheme == "inproc" ? $"inproc://{Host}" : $"{Scheme}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}
