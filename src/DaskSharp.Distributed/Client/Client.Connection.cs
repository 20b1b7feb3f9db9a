using System.Globalization;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Dashboard;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed;

// The connection to the scheduler: registering, the receive loop, noticing a silent scheduler, and
// what a lost connection does to futures and to new work.
public sealed partial class Client
{
    /// <summary>
    /// The setting for <see cref="SchedulerTimeout"/>: Dask's <c>distributed.comm.timeouts.tcp</c>
    /// ("time before calling an unresponsive connection dead"), in seconds or as "30s", "500ms", "2m".
    /// </summary>
    public const string SchedulerTimeoutSetting = "distributed.comm.timeouts.tcp";

    /// <summary>The setting for how long registering with the scheduler may take: Dask's <c>distributed.comm.timeouts.connect</c>.</summary>
    public const string ConnectTimeoutSetting = "distributed.comm.timeouts.connect";

    /// <summary>The default of <see cref="SchedulerTimeout"/> (Dask's default of <see cref="SchedulerTimeoutSetting"/>).</summary>
    public static readonly TimeSpan DefaultSchedulerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="ConnectTimeoutSetting"/> (Dask's default).</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopWatching = new();
    private SchedulerConnectionLostException? _lost;
    private long _lastHeard;
    private Task _watcher = Task.CompletedTask;

    /// <summary>
    /// How long the scheduler may stay silent while the client pings it before the client counts the
    /// connection as lost (<see cref="SchedulerTimeoutSetting"/>, read when the client connects; zero
    /// or less turns the check off). A scheduler whose process dies or that closes is noticed as soon
    /// as the socket closes, whatever this says; this bounds a scheduler that hangs or a network that
    /// drops everything.
    /// </summary>
    public TimeSpan SchedulerTimeout { get; private set; } = DefaultSchedulerTimeout;

    /// <summary>
    /// Why the connection to the scheduler was lost, or null while it is up (or the client closed
    /// normally). Once set, every future of the client is cancelled with it and new work is refused with it.
    /// </summary>
    public SchedulerConnectionLostException? ConnectionLost => Volatile.Read(ref _lost);

    private void Connect(string address, string? secret, string? dashboard)
    {
        SchedulerAddress = address;
        DashboardLink = dashboard;
        Remote = !address.StartsWith("inproc://", StringComparison.Ordinal);
        SchedulerTimeout = ReadDuration(SchedulerTimeoutSetting, DefaultSchedulerTimeout);
        TimeSpan connectTimeout = ReadDuration(ConnectTimeoutSetting, DefaultConnectTimeout);
        _workers = new ConnectionPool(secret, _tls);
        RegisteredReply reply = Register(address, secret, connectTimeout);
        _lastHeard = _time.GetTimestamp();
        _link = new PeerLink(_comm, _logger);
        _receiver = Task.Run(ReceiveAsync);
        if (SchedulerTimeout > TimeSpan.Zero)
        {
            _watcher = Task.Run(WatchSchedulerAsync);
        }

        if (DashboardLink is null && reply.DashboardPort is > 0 and var port)
        {
            // The host this client reached the scheduler by, the port it named, and the token only
            // an authenticated client hears (the registration reply has no room for it).
            DashboardLink = DashboardAddress.StatusLink(Comm.Address.Parse(address) is { Scheme: "tcp" or "tls" } a ? a.Host : "127.0.0.1", port, DashboardToken(connectTimeout));
        }

        BecomeDefault();
    }

    /// <summary>
    /// The dashboard's token from the scheduler's info, or null when its dashboard needs none. A
    /// scheduler that does not say within <paramref name="timeout"/> leaves the link without one
    /// (the dashboard will say it needs it); the client is not refused for that.
    /// </summary>
    private string? DashboardToken(TimeSpan timeout)
    {
        Task<SchedulerInfo> info = SchedulerInfoAsync();
        try
        {
            return DashboardAddress.TokenIn(info.WaitAsync(timeout, _time).GetAwaiter().GetResult().DashboardLink);
        }
        catch (Exception e) when (e is TimeoutException or IOException) // IOException: also SchedulerConnectionLostException
        {
            _ = info.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            _logger.LogWarning("The scheduler at {Address} did not say its dashboard's token within {Timeout}: {Reason}", SchedulerAddress, Seconds(timeout), e.Message);
            return null;
        }
    }

    /// <summary>Connects and registers, within <paramref name="timeout"/>: a scheduler that accepts but never answers must not hang the constructor.</summary>
    private RegisteredReply Register(string address, string? secret, TimeSpan timeout)
    {
        using var registering = new CancellationTokenSource(timeout, _time);
        try
        {
            _comm = Comms.ConnectAsync(address, secret, registering.Token, _tls).GetAwaiter().GetResult();
            _comm.SendAsync(MessageCodec.Encode(new RegisterClientMessage(Id)), registering.Token).AsTask().GetAwaiter().GetResult();
            Message reply = _comm.ReceiveAsync(registering.Token).AsTask().GetAwaiter().GetResult()
                ?? throw new IOException($"The scheduler at {address} closed the connection while the client registered.");
            return MessageCodec.Decode(reply) switch
            {
                RegisteredReply registered => registered,
                ErrorReply error => throw new IOException($"The scheduler at {address} refused the client: {error.Message}"),
                var other => throw new IOException($"The scheduler at {address} answered the registration with '{other.Op}'."),
            };
        }
        catch (Exception e)
        {
            _comm?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (e is OperationCanceledException && registering.IsCancellationRequested)
            {
                throw new TimeoutException($"The scheduler at {address} did not register the client within {Seconds(timeout)} ({ConnectTimeoutSetting}).", e);
            }

            throw;
        }
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (await _comm.ReceiveAsync().ConfigureAwait(false) is { } wire)
            {
                Volatile.Write(ref _lastHeard, _time.GetTimestamp());
                ProtocolMessage message = MessageCodec.Decode(wire);
                if (message.ReplyTo is long id && _replies.TryRemove(id, out TaskCompletionSource<ProtocolMessage>? waiter))
                {
                    waiter.TrySetResult(message);
                    continue;
                }

                switch (message)
                {
                    case KeysInMemoryMessage m:
                        Report(m.Keys, (keys, i, state) => state.Finish(FutureStatus.Finished, m.Holders[i], null));
                        break;
                    case KeysErredMessage m:
                        Report(m.Keys, (keys, i, state) => state.Finish(FutureStatus.Error, [], m.Errors[i]));
                        break;
                    case RestartedMessage:
                        CancelAll("The cluster was restarted.");
                        _lastClusterWarning = null; // the workers that were paused are gone
                        break;
                    case ClusterNoticeMessage m:
                        OnClusterNotice(m);
                        break;
                    default:
                        _logger.LogWarning("Client ignored '{Op}' from the scheduler", message.Op);
                        break;
                }
            }
        }
        catch (ProtocolException e)
        {
            // A scheduler that breaks the protocol cannot be trusted with the futures' outcomes.
            _logger.LogWarning("Closing the link to the scheduler at {Address}: {Reason}", SchedulerAddress, e.Message);
            if (_closed == 0)
            {
                LoseConnection($"it sent a malformed message ({e.Message})");
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug("Link to the scheduler ended: {Reason}", e.Message);
        }

        if (_closed == 0)
        {
            LoseConnection(null);
        }

        foreach (TaskCompletionSource<ProtocolMessage> waiter in _replies.Values)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(Client), $"The client of the scheduler at {SchedulerAddress} closed."));
        }
    }

    /// <summary>
    /// Pings a scheduler that has been quiet for a quarter of <see cref="SchedulerTimeout"/>, and
    /// counts the connection as lost when nothing at all arrived for the whole timeout: a hung
    /// scheduler keeps its socket open, so without this its futures would wait forever.
    /// </summary>
    private async Task WatchSchedulerAsync()
    {
        TimeSpan period = SchedulerTimeout / 4;
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopWatching.Token).ConfigureAwait(false))
            {
                TimeSpan silent = _time.GetElapsedTime(Volatile.Read(ref _lastHeard));
                if (silent >= SchedulerTimeout)
                {
                    LoseConnection($"it did not answer for {Seconds(SchedulerTimeout)} ({SchedulerTimeoutSetting})");
                    return;
                }

                if (silent >= period)
                {
                    // who-has of no keys: the cheapest request the scheduler answers, answered from
                    // its message loop, so a hung loop stays silent. Failures surface as the loss itself.
                    _ = RequestAsync(new WhoHasMessage([])).ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client closed or the connection was lost.
        }
    }

    /// <summary>
    /// The connection is gone: every future becomes cancelled with the reason, every waiting request
    /// fails with it, and the link closes so later sends fail at once (distributed's
    /// <c>_reconnect</c> cancels futures with reason <c>scheduler-connection-lost</c> the same way;
    /// a scheduler that comes back has forgotten them, so this client does not reconnect).
    /// </summary>
    private void LoseConnection(string? detail)
    {
        var lost = new SchedulerConnectionLostException(SchedulerAddress, detail);
        lock (_gate)
        {
            if (_lost is not null || _closed == 1)
            {
                return;
            }

            // Set under the gate that Track and Retry check, so no future can start waiting after this.
            Volatile.Write(ref _lost, lost);
            var error = new TaskError(typeof(SchedulerConnectionLostException).FullName!, lost.Message, string.Empty, lost);
            foreach (FutureState state in _futures.Values)
            {
                state.Finish(FutureStatus.Cancelled, [], error);
            }
        }

        _logger.LogWarning("{Reason} Its futures are cancelled.", lost.Message);

        // RequestAsync checks _lost after registering its waiter, so each waiter is failed here or there.
        foreach (TaskCompletionSource<ProtocolMessage> waiter in _replies.Values)
        {
            waiter.TrySetException(lost.Again());
        }

        _stopWatching.Cancel();
        _ = _link.DisposeAsync().AsTask(); // marks the link closed before its first await
    }

    /// <summary>Throws when the client can take no new work; call under <see cref="_gate"/> before tracking keys.</summary>
    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_closed == 1, this);
        if (Volatile.Read(ref _lost) is { } lost)
        {
            throw lost.Again();
        }
    }

    /// <summary>Sends a request and waits for the scheduler's reply, which must be a <typeparamref name="TReply"/>.</summary>
    /// <exception cref="ProtocolException">when the scheduler answered with another operation.</exception>
    private async Task<TReply> RequestAsync<TReply>(ProtocolMessage request, CancellationToken cancellationToken = default)
        where TReply : ProtocolMessage
    {
        ProtocolMessage reply = await RequestAsync(request, cancellationToken).ConfigureAwait(false);
        return reply as TReply ?? throw new ProtocolException($"The scheduler answered '{request.Op}' with '{reply.Op}'.");
    }

    /// <summary>Sends a request and waits for the scheduler's reply (or for the connection to be lost).</summary>
    /// <exception cref="InvalidOperationException">with the scheduler's reason when it refused the request.</exception>
    private async Task<ProtocolMessage> RequestAsync(ProtocolMessage request, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        long id = Interlocked.Increment(ref _requestIds);
        var waiter = new TaskCompletionSource<ProtocolMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[id] = waiter;
        if (Volatile.Read(ref _lost) is { } lost)
        {
            _replies.TryRemove(id, out _);
            throw lost.Again();
        }

        if (!_link.Send(MessageCodec.Encode(request with { RequestId = id })))
        {
            _replies.TryRemove(id, out _);
            throw LinkFailed();
        }

        ProtocolMessage reply;
        try
        {
            reply = await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _replies.TryRemove(id, out _);
        }

        return reply is ErrorReply error ? throw new InvalidOperationException(error.Message) : reply;
    }

    private void Send(ProtocolMessage message)
    {
        ThrowIfUnusable();
        if (!_link.Send(MessageCodec.Encode(message)))
        {
            throw LinkFailed();
        }
    }

    /// <summary>The link refused a send: it closed because a write failed, so the connection is lost even if the receive loop has not seen it yet.</summary>
    private Exception LinkFailed()
    {
        ObjectDisposedException.ThrowIf(_closed == 1, this);
        LoseConnection(null);
        return _lost!.Again();
    }

    /// <summary>A duration setting: seconds as a number, a <see cref="TimeSpan"/>, or Dask's text ("30s", "500ms", "2m", "1h").</summary>
    private static TimeSpan ReadDuration(string key, TimeSpan fallback)
    {
        if (!DaskConfig.TryGet(key, out object? value) || value is null)
        {
            return fallback;
        }

        switch (value)
        {
            case TimeSpan span:
                return span;
            case int or long or double or float or decimal:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
        }

        string text = value.ToString()!.Trim().ToLowerInvariant();
        (string suffix, double scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double n))
            {
                return TimeSpan.FromSeconds(n * scale);
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"The setting {key} is '{value}', which is not a duration such as 30, \"30s\", \"500ms\" or \"2m\".");
    }

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###} s");
}
