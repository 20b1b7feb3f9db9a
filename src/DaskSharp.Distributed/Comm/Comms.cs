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
    /// <exception cref="NotSupportedException">for <c>tls://</c>.</exception>
    public static IListener Listen(string address, string? secret, Func<IComm, CancellationToken, Task> handler, ILogger? logger = null, bool insecure = false, long maxMessageSize = TcpServer.DefaultMaxMessageSize, TlsOptions? tls = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Address parsed = Comm.Address.Parse(address);
        return parsed.Scheme switch
        {
            "tcp" => new TcpListenerAdapter(TcpServer.Start(parsed, secret, (c, ct) => handler(new TcpComm(c), ct), logger, maxMessageSize, insecure)),
            "tls" => new TcpListenerAdapter(TcpServer.Start(
                parsed,
                secret,
                (c, ct) => handler(new TcpComm(c), ct),
                logger,
                maxMessageSize,
                insecure,
                tls ?? throw new ArgumentException($"Listening on {address} needs TlsOptions (the cluster's CA, a certificate and its key).", nameof(tls)))),
            "inproc" => new InprocListener(parsed.Host, handler),
            _ => throw new NotSupportedException($"Unknown comm scheme {parsed.Scheme}://."),
        };
    }

    /// <summary>Connects to <paramref name="address"/>, proving <paramref name="secret"/> on TCP.</summary>
    /// <exception cref="NotSupportedException">for <c>tls://</c>.</exception>
    public static async Task<IComm> ConnectAsync(string address, string? secret, CancellationToken cancellationToken = default, TlsOptions? tls = null)
    {
        Address parsed = Comm.Address.Parse(address);
        return parsed.Scheme switch
        {
            "tcp" or "tls" => new TcpComm(await TcpConnector.ConnectAsync(parsed, secret, cancellationToken: cancellationToken, tls: tls).ConfigureAwait(false)),
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
