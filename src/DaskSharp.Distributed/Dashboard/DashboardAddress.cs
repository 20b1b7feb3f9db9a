using System.Globalization;
using System.Net;

namespace DaskSharp.Distributed.Dashboard;

/// <summary>
/// Where the dashboard listens, from Dask's <c>dashboard_address</c> forms: <c>":8787"</c> (the
/// scheduler's host), <c>"8787"</c>, <c>"host:8787"</c>, <c>"0.0.0.0:8787"</c> (every interface);
/// port 0 picks a free one.
/// </summary>
public readonly record struct DashboardAddress(string Host, int Port)
{
    /// <summary>The dashboard's usual port.</summary>
    public const int DefaultPort = 8787;

    /// <summary>Reads <paramref name="address"/>; a missing host becomes <paramref name="defaultHost"/>.</summary>
    /// <exception cref="ArgumentException">when the port is not a number from 0 to 65535.</exception>
    public static DashboardAddress Parse(string address, string defaultHost)
    {
        ArgumentNullException.ThrowIfNull(address);
        string text = address.Trim();
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            text = text["http://".Length..].TrimEnd('/');
        }

        int colon = text.LastIndexOf(':');
        string host = colon >= 0 ? text[..colon].Trim('[', ']') : string.Empty;
        string port = colon >= 0 ? text[(colon + 1)..] : text;
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"The dashboard address '{address}' needs a port from 0 to 65535, as in \":8787\" or \"127.0.0.1:8787\".", nameof(address));
        }

        return new DashboardAddress(host.Length == 0 ? defaultHost : host, number);
    }

    /// <summary>
    /// The <c>/status</c> URL of a dashboard on <paramref name="host"/>:<paramref name="port"/>, with
    /// <c>?token=…</c> when it needs <paramref name="token"/>; a wildcard host reads as 127.0.0.1.
    /// </summary>
    public static string StatusLink(string host, int port, string? token = null) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{(host is "0.0.0.0" or "*" or "" ? "127.0.0.1" : host)}:{port}/status{Query(token)}");

    /// <summary>
    /// The link to open on the user's own computer once an ssh tunnel forwards the dashboard at
    /// <paramref name="dashboardLink"/> to the same port there: <c>http://localhost:PORT/status</c>, with its token.
    /// </summary>
    public static string TunnelledLink(string dashboardLink) =>
        StatusLink("localhost", new Uri(dashboardLink).Port, TokenIn(dashboardLink));

    /// <summary>The token a dashboard link carries, or null.</summary>
    public static string? TokenIn(string? dashboardLink)
    {
        if (dashboardLink is null || !Uri.TryCreate(dashboardLink, UriKind.Absolute, out Uri? link))
        {
            return null;
        }

        foreach (string pair in link.Query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith(DashboardAccess.QueryName + "=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[(DashboardAccess.QueryName.Length + 1)..]);
            }
        }

        return null;
    }

    private static string Query(string? token) => token is null ? string.Empty : $"?{DashboardAccess.QueryName}={Uri.EscapeDataString(token)}";

    /// <summary>The addresses to bind: every interface for <c>0.0.0.0</c> or <c>*</c>, else the host's own.</summary>
    internal IPAddress BindAddress() => Host switch
    {
        "0.0.0.0" or "*" or "" => IPAddress.Any,
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(Host, out IPAddress? ip) => ip,
        _ => Dns.GetHostAddresses(Host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? throw new ArgumentException($"The dashboard host '{Host}' has no IPv4 address."),
    };
}
