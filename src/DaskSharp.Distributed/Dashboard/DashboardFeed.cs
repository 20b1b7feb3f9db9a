using System.Text.Json;
using DaskSharp.Distributed.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DaskSharp.Distributed.Dashboard;

/// <summary>
/// What open pages receive: every <see cref="DashboardServer.UpdateInterval"/> one Server-Sent
/// Event with the cluster snapshot and the task stream entries that page has not seen yet. The
/// snapshot is taken and serialised at most once per interval however many pages are open, so a
/// second browser costs the scheduler nothing more than its own stream entries. While nothing
/// changes, a page gets an event only every <see cref="IdleRefresh"/> (for heartbeat figures such
/// as last seen and CPU): an idle dashboard left open costs the browser almost nothing.
/// </summary>
internal sealed class DashboardFeed(Scheduler scheduler)
{
    private readonly object _gate = new();
    private byte[] _snapshot = [];
    private long _snapshotAt;
    private int _fingerprint;

    private int _openPages;

    /// <summary>How often a page hears from an idle cluster.</summary>
    public static readonly TimeSpan IdleRefresh = TimeSpan.FromSeconds(2);

    public Scheduler Scheduler { get; } = scheduler;

    /// <summary>Pages receiving live updates now.</summary>
    public int OpenPages => Volatile.Read(ref _openPages);

    /// <summary>The snapshot as JSON, taken anew when the cached one is older than half an update interval.</summary>
    public byte[] SnapshotJson() => Current().Json;

    /// <summary>The cached snapshot's JSON and a fingerprint of what it shows, leaving out figures that drift while idle.</summary>
    private (byte[] Json, int Fingerprint) Current()
    {
        lock (_gate)
        {
            long now = Environment.TickCount64;
            if (_snapshot.Length == 0 || now - _snapshotAt >= DashboardServer.UpdateInterval.TotalMilliseconds / 2)
            {
                ClusterSnapshot snapshot = Scheduler.Snapshot();
                _snapshot = DashboardJson.Write(w => DashboardJson.Snapshot(w, snapshot));
                _fingerprint = Fingerprint(snapshot);
                _snapshotAt = now;
            }

            return (_snapshot, _fingerprint);
        }
    }

    private static int Fingerprint(ClusterSnapshot s)
    {
        var hash = new HashCode();
        hash.Add(s.Clients);
        foreach (WorkerSnapshot w in s.Workers)
        {
            hash.Add(w.Address);
            hash.Add((w.Processing, w.InMemory, w.ManagedBytes, w.SpilledBytes, w.Executing, w.Ready, w.Paused, w.Retiring));
        }

        foreach (PrefixSnapshot p in s.Prefixes)
        {
            hash.Add(p.Name);
            foreach (int n in p.States)
            {
                hash.Add(n);
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>Task stream entries from <paramref name="since"/> (at most the newest <paramref name="max"/>); <paramref name="next"/> is where to resume.</summary>
    public void WriteStream(Utf8JsonWriter w, long since, int max, out long next)
    {
        TaskStream stream = Scheduler.TaskStream;
        IReadOnlyList<TaskStreamEntry> entries = stream.Since(since, Math.Clamp(max, 0, stream.Capacity), out next);
        DashboardJson.Stream(w, entries, next);
    }

    /// <summary>
    /// <c>/api/v1/stream?max=N</c>: an event per interval until the page closes or the dashboard
    /// stops. Each event carries at most the newest N stream entries (1,000 by default), as the
    /// Bokeh task stream keeps its last N rectangles.
    /// </summary>
    public async Task ServeEventsAsync(HttpContext context, int? max)
    {
        IHostApplicationLifetime lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        int limit = Math.Clamp(max ?? 1000, 0, Scheduler.TaskStream.Capacity);
        long cursor = Math.Max(0, Scheduler.TaskStream.Count - limit);
        byte[] prefix = "data: "u8.ToArray();
        byte[] suffix = "\n\n"u8.ToArray();
        using var timer = new PeriodicTimer(DashboardServer.UpdateInterval);
        Interlocked.Increment(ref _openPages);
        int? sentFingerprint = null;
        long sentAt = 0;
        try
        {
            do
            {
                var (snapshot, fingerprint) = Current();
                bool quiet = fingerprint == sentFingerprint && Scheduler.TaskStream.Count == cursor;
                if (quiet && Environment.TickCount64 - sentAt < IdleRefresh.TotalMilliseconds)
                {
                    continue; // nothing new to draw
                }

                (sentFingerprint, sentAt) = (fingerprint, Environment.TickCount64);
                long next = cursor;
                byte[] update = DashboardJson.Write(w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("snapshot");
                    w.WriteRawValue(snapshot, skipInputValidation: true);
                    w.WritePropertyName("stream");
                    WriteStream(w, cursor, limit, out next);
                    w.WriteEndObject();
                });
                cursor = next;
                await context.Response.Body.WriteAsync(prefix, stop.Token).ConfigureAwait(false);
                await context.Response.Body.WriteAsync(update, stop.Token).ConfigureAwait(false);
                await context.Response.Body.WriteAsync(suffix, stop.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The page closed or the dashboard stopped.
        }
        finally
        {
            Interlocked.Decrement(ref _openPages);
        }
    }
}
