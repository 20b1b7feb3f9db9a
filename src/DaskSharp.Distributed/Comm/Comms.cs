using DaskSharp.Distributed.Protocol;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Comm;

/// <summary>A listening endpoint; disposing it stops accepting and closes what it accepted.</summary>
public interface IListener : IAsyncDisposable
{
    /// <summary>The address peers connect to (with the port chosen when 0 was asked for).</summary>
    string Address { get; }

    /// <summary>Connections refused at the door (failed handshakes, broken framing).</summary>
    int Refused { get; }
}

/// <summary>
/// Listeners and connectors by address scheme, as distributed's comm registry: <c>tcp://</c>
/// (authenticated with the scheduler's secret), <c>tls://</c> (the same inside mutual TLS),
/// <c>inproc://</c> (objects handed over inside one process).
/// </summary>
public static class Comms
{
    /// <summary>Listens at <paramref name="address"/> and runs <paramref name="handler"/> for every accepted comm.</summary>
    /// <param name="address">Where to listen: <c>tcp://</c>, <c>tls://</c> or <c>inproc://</c>.</param>
    /// <param name="secret">The secret peers must prove over TCP.</param>
    /// <param name="handler">Runs for each authenticated comm.</param>
    /// <param name="logger">Where refusals go.</param>
    /// <param name="insecure">Allow a non-loopback address without a secret.</param>
    /// <param name="maxMessageSize">The largest message after authentication (when <paramref name="limits"/> is null).</param>
    /// <param name="tls">Mutual TLS for <c>tls://</c>.</param>
    /// <param name="limits">What peers may send; null: <see cref="WireLimits.FromConfig"/> with <paramref name="maxMessageSize"/>.</param>
    public static IListener Listen(string address, string? secret, Func<IComm, CancellationToken, Task> handler, ILogger? logger = null, bool insecure = false, long maxMessageSize = TcpServer.DefaultMaxMessageSize, TlsOptions? tls = null, WireLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Address parsed = Comm.Address.Parse(address);
        if (parsed.Scheme is "tcp" or "tls")
        {
            limits ??= WireLimits.FromConfig() with { MaxMessageSize = maxMessageSize };
        }

        return parsed.Scheme switch
        {
            "tcp" => new TcpListenerAdapter(TcpServer.Start(parsed, secret, (c, ct) => handler(new TcpComm(c, limits), ct), logger, maxMessageSize, insecure, limits: limits)),
            "tls" => new TcpListenerAdapter(TcpServer.Start(
                parsed,
                secret,
                (c, ct) => handler(new TcpComm(c, limits), ct),
                logger,
                maxMessageSize,
                insecure,
                tls ?? throw new ArgumentException($"Listening on {address} needs TlsOptions (the cluster's CA, a certificate and its key).", nameof(tls)),
                limits)),
            "inproc" => new InprocListener(parsed.Host, handler),
            _ => throw new NotSupportedException($"Unknown comm scheme {parsed.Scheme}://."),
        };
    }

    /// <summary>Connects to <paramref name="address"/>, proving <paramref name="secret"/> on TCP.</summary>
    /// <remarks>
    /// What comes back on the connection is held to <see cref="WireLimits.FromConfig"/> but for
    /// header strings, which may be as long as a message: this side chose the server, and its
    /// replies (a large cluster's scheduler-info) are not limited the way a stranger's requests are.
    /// </remarks>
    /// <exception cref="NotSupportedException">for an unknown scheme.</exception>
    public static async Task<IComm> ConnectAsync(string address, string? secret, CancellationToken cancellationToken = default, TlsOptions? tls = null)
    {
        Address parsed = Comm.Address.Parse(address);
        return parsed.Scheme switch
        {
            "tcp" or "tls" => new TcpComm(
                await TcpConnector.ConnectAsync(parsed, secret, cancellationToken: cancellationToken, tls: tls).ConfigureAwait(false),
                WireLimits.FromConfig() with { MaxStringBytes = int.MaxValue }),
            "inproc" => InprocComm.Connect(parsed.Host),
            _ => throw new NotSupportedException($"Unknown comm scheme {parsed.Scheme}://."),
        };
    }

    private sealed class TcpListenerAdapter(TcpServer server) : IListener
    {
        public string Address => server.Address.ToString();

        public int Refused => server.Refused;

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }

    private sealed class InprocListener : IListener
    {
        private readonly string _name;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _acceptLoop;
        private readonly List<Task> _served = [];
        private int _disposed;

        public InprocListener(string name, Func<IComm, CancellationToken, Task> handler)
        {
            _name = name;
            var accepted = InprocComm.Listen(name);
            _acceptLoop = Task.Run(async () =>
            {
                await foreach (InprocComm comm in accepted.ReadAllAsync().ConfigureAwait(false))
                {
                    lock (_served)
                    {
                        _served.RemoveAll(t => t.IsCompleted);
                        _served.Add(Task.Run(() => handler(comm, _stop.Token)));
                    }
                }
            });
        }

        public string Address => $"inproc://{_name}";

        public int Refused => 0;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            InprocComm.StopListening(_name);
            await _stop.CancelAsync().ConfigureAwait(false);
            await _acceptLoop.ConfigureAwait(false);
            Task[] served;
            lock (_served)
            {
                served = [.. _served];
            }

            await Task.WhenAll(served).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            _stop.Dispose();
        }
    }
}
