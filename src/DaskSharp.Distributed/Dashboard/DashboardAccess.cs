using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DaskSharp.Distributed.Dashboard;

/// <summary>
/// Who may see the dashboard. It shows every task name, worker address and figure of the cluster,
/// so one reachable beyond this machine asks for a token, as Jupyter does: a random one per
/// scheduler (or <c>distributed.dashboard.token</c>, or <see cref="Scheduling.SchedulerOptions.DashboardToken"/>),
/// given once as <c>?token=…</c> on any page, which then sets an HttpOnly, SameSite=Strict cookie
/// so the page's own requests (fetches, the event stream, links) need no query. <c>/health</c>
/// stays open for probes. On loopback the dashboard is open unless a token was configured.
/// Departure: distributed's dashboard has no authentication.
/// </summary>
internal sealed class DashboardAccess
{
    /// <summary>The configuration key of a chosen token.</summary>
    public const string TokenSetting = "distributed.dashboard.token";

    /// <summary>The query parameter that carries the token.</summary>
    public const string QueryName = "token";

    /// <summary>What a request without a valid token gets: no task, worker or figure of the cluster.</summary>
    public const string RefusalText =
        "This dashboard needs its token. Open the link the scheduler printed (http://HOST:PORT/status?token=...), "
        + "or ask whoever started the scheduler for it. /health needs no token.\n";

    private static readonly DashboardAccess s_open = new(null);

    private readonly byte[]? _token;

    private DashboardAccess(string? token)
    {
        Token = token;
        _token = token is null ? null : Encoding.UTF8.GetBytes(token);
    }

    /// <summary>The token requests must carry, or null when the dashboard is open.</summary>
    public string? Token { get; }

    /// <summary>
    /// The access for a dashboard bound to <paramref name="bind"/>: a <paramref name="configured"/>
    /// token (else <see cref="TokenSetting"/>) is always required; without one a dashboard bound
    /// beyond loopback gets a fresh random token and one on loopback is open. It depends on where
    /// the dashboard listens, not on who asks, so a request relayed through loopback (an ssh tunnel,
    /// a proxy) is no way around it.
    /// </summary>
    /// <exception cref="ArgumentException">for a configured token with characters a URL or cookie would have to escape.</exception>
    public static DashboardAccess For(IPAddress bind, string? configured)
    {
        ArgumentNullException.ThrowIfNull(bind);
        string? chosen = configured ?? DaskConfig.Get<string?>(TokenSetting, null);
        if (!string.IsNullOrEmpty(chosen))
        {
            foreach (char c in chosen)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
                {
                    throw new ArgumentException($"The dashboard token may hold only letters, digits and - _ . ~ (it travels in URLs and cookies); it has '{c}'.", nameof(configured));
                }
            }

            return new DashboardAccess(chosen);
        }

        return IPAddress.IsLoopback(bind) ? s_open : new DashboardAccess(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
    }

    /// <summary>
    /// The cookie's name for a dashboard the browser reaches on <paramref name="port"/>: browsers
    /// keep cookies per host, not per port, so two dashboards on one host (or two tunnels to
    /// localhost) must not overwrite each other's.
    /// </summary>
    public static string CookieName(int port) => string.Create(CultureInfo.InvariantCulture, $"dasksharp-dashboard-token-{port}");

    /// <summary>True when <paramref name="given"/> is the token (or none is needed); compared in constant time.</summary>
    public bool Accepts(string? given) =>
        _token is null || (given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token));

    /// <summary>The middleware: lets a request through with the token in its query (setting the cookie) or its cookie, else answers 403.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_token is null || context.Request.Path.Equals("/health", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string cookie = CookieName(context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80));
        if (Accepts(context.Request.Query[QueryName].FirstOrDefault()))
        {
            context.Response.Cookies.Append(cookie, Token!, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            await next(context).ConfigureAwait(false);
            return;
        }

        if (Accepts(context.Request.Cookies[cookie]))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(RefusalText, context.RequestAborted).ConfigureAwait(false);
    }
}
