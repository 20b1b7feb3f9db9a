using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Dashboard;

/// <summary>
/// The scheduler's web dashboard (distributed's Bokeh server on port 8787): live pages
/// (<c>/status</c>, <c>/workers</c>, <c>/tasks</c>), <c>/info</c> pages per worker and task, JSON
/// under <c>/json</c> and <c>/api/v1</c>, and <c>/metrics</c> for Prometheus. It only reads the
/// scheduler — snapshots taken under its lock and the task stream — and pushes updates to open
/// pages over Server-Sent Events, so watching never changes what the scheduler does.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>How often open pages get an update (two and a half times a second: live to the eye, cheap for the browser).</summary>
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(400);

    private readonly WebApplication _app;
    private readonly DashboardFeed _feed;

    private DashboardServer(WebApplication app, DashboardFeed feed, string host, int port, string? token)
    {
        _app = app;
        _feed = feed;
        Host = host;
        Port = port;
        Token = token;
    }

    /// <summary>The host it listens on.</summary>
    public string Host { get; }

    /// <summary>The port it listens on (the one asked for, or another when that was taken).</summary>
    public int Port { get; }

    /// <summary>
    /// The token every request but <c>/health</c> must carry (<c>?token=…</c> once, then a cookie), or
    /// null when the dashboard is open: on loopback unless a token was configured (<see cref="DashboardAccess"/>).
    /// </summary>
    public string? Token { get; }

    /// <summary>Pages receiving live updates now (open <c>/status</c>, <c>/workers</c> or <c>/tasks</c> tabs).</summary>
    public int OpenPages => _feed.OpenPages;

    /// <summary>
    /// Starts serving <paramref name="scheduler"/> at <paramref name="address"/>. When the port is
    /// taken it serves on a free one and says so, as distributed does.
    /// </summary>
    /// <param name="scheduler">What to show.</param>
    /// <param name="address">Where to listen.</param>
    /// <param name="logger">Where the port message goes; standard error when null (distributed warns there too).</param>
    /// <param name="token">The token to require even on loopback; null: <c>distributed.dashboard.token</c>, else a random one beyond loopback and none on it.</param>
    /// <exception cref="ArgumentException">for a token with characters a URL or cookie would have to escape.</exception>
    public static async Task<DashboardServer> StartAsync(Scheduler scheduler, DashboardAddress address, ILogger? logger, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var feed = new DashboardFeed(scheduler);
        IPAddress ip = address.BindAddress();
        DashboardAccess access = DashboardAccess.For(ip, token);
        try
        {
            return await StartAsync(feed, access, address.Host, ip, address.Port, logger).ConfigureAwait(false);
        }
        catch (IOException e) when (address.Port != 0 && IsAddressInUse(e))
        {
            DashboardServer moved = await StartAsync(feed, access, address.Host, ip, 0, logger).ConfigureAwait(false);
            string message = $"Port {address.Port} is already in use.\nPerhaps you already have a cluster running?\nHosting the HTTP server on port {moved.Port} instead";
            if (logger is null)
            {
                await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            }
            else
            {
                logger.LogWarning("{Message}", message);
            }

            return moved;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsAddressInUse(Exception e) =>
        e is Microsoft.AspNetCore.Connections.AddressInUseException
        || (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        || (e.InnerException is { } inner && IsAddressInUse(inner));

    private static async Task<DashboardServer> StartAsync(DashboardFeed feed, DashboardAccess access, string host, IPAddress ip, int port, ILogger? logger)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (logger is not null)
        {
            // Server errors (a page's request that failed) go to the scheduler's log; routine request logs do not.
            builder.Logging.AddProvider(new ForwardingLoggerProvider(logger)).SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>(); // leave the program's Ctrl+C alone
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(k => k.Listen(ip, port));
        WebApplication app = builder.Build();
        app.Use(access.InvokeAsync); // before every endpoint, and before the 404 of a path that has none
        Map(app, feed);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, feed, host, new Uri(bound).Port, access.Token);
    }

    private static void Map(WebApplication app, DashboardFeed feed)
    {
        app.MapGet("/", () => Results.Redirect("/status"));
        app.MapGet("/status", () => Html(DashboardPages.Live("Status", "status")));
        app.MapGet("/workers", () => Html(DashboardPages.Live("Workers", "workers")));
        app.MapGet("/tasks", () => Html(DashboardPages.Live("Task Stream", "tasks")));
        app.MapGet("/info", () => Html(DashboardPages.InfoIndex(feed.Scheduler)));
        app.MapGet("/info/worker/{**address}", (string address) => DashboardPages.WorkerInfo(feed.Scheduler, Uri.UnescapeDataString(address)) is { } page ? Html(page) : NotFound($"No worker {address}."));
        app.MapGet("/info/task/{**key}", (string key) => DashboardPages.TaskInfo(feed.Scheduler, Uri.UnescapeDataString(key)) is { } page ? Html(page) : NotFound($"The scheduler does not know task {key}."));
        app.MapGet("/dashboard.js", () => Results.Text(DashboardPages.Asset("dashboard.js"), "text/javascript; charset=utf-8"));
        app.MapGet("/dashboard.css", () => Results.Text(DashboardPages.Asset("dashboard.css"), "text/css; charset=utf-8"));
        app.MapGet("/health", () => Results.Text("ok", "text/plain; charset=utf-8"));
        app.MapGet("/metrics", () => Results.Text(PrometheusText.Write(feed.Scheduler.Snapshot()), PrometheusText.ContentType));
        app.MapGet("/json/identity.json", () => Json(w => Identity(w, feed.Scheduler)));
        app.MapGet("/json/counts.json", () => Json(w => Counts(w, feed.Scheduler.Snapshot())));
        app.MapGet("/api/v1", () => Json(ApiIndex));
        app.MapGet("/api/v1/snapshot", () => Results.Bytes(feed.SnapshotJson(), "application/json"));
        app.MapGet("/api/v1/workers", () => Json(w => DashboardJson.Array(w, feed.Scheduler.Snapshot().Workers, DashboardJson.Worker)));
        app.MapGet("/api/v1/prefixes", () => Json(w => DashboardJson.Array(w, feed.Scheduler.Snapshot().Prefixes, DashboardJson.Prefix)));
        app.MapGet("/api/v1/task-stream", (long? since, int? max) => Json(w => feed.WriteStream(w, since ?? 0, max ?? 1000, out _)));
        app.MapGet("/api/v1/tasks/{**key}", (string key) => feed.Scheduler.TaskInfo(DashboardPages.ParseKey(Uri.UnescapeDataString(key))) is { } task
            ? Json(w => DashboardJson.Task(w, task))
            : NotFound($"The scheduler does not know task {key}."));
        app.MapGet("/api/v1/stream", feed.ServeEventsAsync);
    }

    private static IResult Html(string page) => Results.Content(page, "text/html; charset=utf-8");

    private static IResult Json(Action<Utf8JsonWriter> write) => Results.Bytes(DashboardJson.Write(write), "application/json");

    private static IResult NotFound(string message) => Results.Text(message, "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);

    private static void ApiIndex(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (string path in (string[])["/api/v1/snapshot", "/api/v1/workers", "/api/v1/prefixes", "/api/v1/task-stream?since=N&max=M", "/api/v1/tasks/{key}", "/api/v1/stream"])
        {
            w.WriteString(path, path.Split('/', '?')[3]);
        }

        w.WriteEndObject();
    }

    /// <summary>distributed's <c>identity</c>: who the scheduler is and its workers (never its secret).</summary>
    private static void Identity(Utf8JsonWriter w, Scheduler scheduler)
    {
        ClusterSnapshot s = scheduler.Snapshot();
        w.WriteStartObject();
        w.WriteString("type", "Scheduler");
        w.WriteString("id", s.Id);
        w.WriteString("address", s.Address);
        w.WriteStartObject("services");
        if (scheduler.Dashboard is { } dashboard)
        {
            w.WriteNumber("dashboard", dashboard.Port);
        }

        w.WriteEndObject();
        w.WriteStartObject("workers");
        foreach (WorkerSnapshot x in s.Workers)
        {
            w.WritePropertyName(x.Address);
            DashboardJson.Worker(w, x);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>distributed's <c>counts.json</c>: how many of everything.</summary>
    private static void Counts(Utf8JsonWriter w, ClusterSnapshot s)
    {
        w.WriteStartObject();
        w.WriteNumber("bytes", s.Workers.Sum(x => x.ManagedBytes));
        w.WriteNumber("clients", s.Clients);
        w.WriteNumber("cores", s.Workers.Sum(x => x.Threads));
        w.WriteNumber("workers", s.Workers.Count);
        w.WriteNumber("idle", s.Workers.Count(x => x.Idle));
        w.WriteNumber("saturated", s.Workers.Count(x => x.Saturated));
        w.WriteNumber("tasks", ClusterSnapshot.KnownStates.Sum(s.Tasks));
        foreach (TaskState state in ClusterSnapshot.KnownStates)
        {
            w.WriteNumber(DashboardJson.StateName(state), s.Tasks(state));
        }

        w.WriteEndObject();
    }

    /// <summary>Hands ASP.NET Core's log entries to the scheduler's logger.</summary>
    private sealed class ForwardingLoggerProvider(ILogger target) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => target;

        public void Dispose()
        {
        }
    }

    /// <summary>A host lifetime that does nothing: the dashboard lives and dies with its scheduler, not with console signals.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
