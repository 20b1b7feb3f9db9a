using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using DaskSharp.Distributed.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// Accepts TCP connections, runs the handshake on each, and hands authenticated connections to a
/// handler. A peer that fails the handshake or breaks the protocol is logged and disconnected; the
/// server and its other connections go on.
/// </summary>
public sealed class TcpServer : IAsyncDisposable
{
    /// <summary>The default limit on one message (distributed's is about 2 GiB per frame; chunks are far smaller).</summary>
    public const long DefaultMaxMessageSize = 1L << 31;

    private readonly TcpListener _listener;
    private readonly byte[] _secret;
    private readonly Func<Connection, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly long _maxMessageSize;
    private readonly TlsOptions? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly HashSet<Task> _connections = [];

    private TcpServer(TcpListener listener, byte[] secret, Func<Connection, CancellationToken, Task> handler, ILogger logger, long maxMessageSize, TlsOptions? tls)
    {
        _tls = tls;
        _listener = listener;
        _secret = secret;
        _handler = handler;
        _logger = logger;
        _maxMessageSize = maxMessageSize;
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        Address = new Address(tls is null ? "tcp" : "tls", endpoint.Address.ToString(), endpoint.Port);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where the server listens (with the port chosen when 0 was asked for).</summary>
    public Address Address { get; }

    /// <summary>Connections refused so far (failed handshakes or protocol errors), for tests and metrics.</summary>
    public int Refused => Volatile.Read(ref _refused);

    private int _refused;

    /// <summary>Starts listening on <paramref name="address"/>.</summary>
    /// <exception cref="InvalidOperationException">for a non-loopback address without a secret, unless <paramref name="insecure"/>.</exception>
    public static TcpServer Start(Address address, string? secret, Func<Connection, CancellationToken, Task> handler, ILogger? logger = null, long maxMessageSize = DefaultMaxMessageSize, bool insecure = false, TlsOptions? tls = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(handler);
        IPAddress ip = address.Host is "" or "localhost" ? IPAddress.Loopback : IPAddress.Parse(address.Host);
        if (string.IsNullOrEmpty(secret) && tls is null && !IPAddress.IsLoopback(ip) && !insecure)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {address} without a secret: anyone who can reach it could run code here. Give a secret, use TLS, or pass --insecure.");
        }

        var listener = new TcpListener(ip, address.Port);
        listener.Start();
        return new TcpServer(listener, Handshake.SecretBytes(secret ?? string.Empty), handler, logger ?? NullLogger.Instance, maxMessageSize, tls);
    }

    /// <summary>Stops accepting and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            Task task = ServeAsync(socket);
            lock (_connections)
            {
                _connections.Add(task);
            }

            _ = task.ContinueWith(
                t =>
                {
                    lock (_connections)
                    {
                        _connections.Remove(t);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        string peer = socket.RemoteEndPoint?.ToString() ?? "?";
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_tls is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5)); // a peer that never starts TLS is dropped
                await ssl.AuthenticateAsServerAsync(_tls.ServerOptions(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
            {
                Interlocked.Increment(ref _refused);
                _logger.LogWarning("Refused TLS connection from {Peer}: {Reason}", peer, e.Message);
                await ssl.DisposeAsync().ConfigureAwait(false);
                return;
            }

            stream = ssl;
        }

        await using var connection = new Connection(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)), peer, _maxMessageSize, stream);
        try
        {
            var (accepted, reason) = await Handshake.ServerAsync(connection, _secret, _stop.Token).ConfigureAwait(false);
            if (!accepted)
            {
                Interlocked.Increment(ref _refused);
                _logger.LogWarning("Refused connection from {Peer}: {Reason}", peer, reason);
                return;
            }

            await _handler(connection, _stop.Token).ConfigureAwait(false);
        }
        catch (ProtocolException e)
        {
            Interlocked.Increment(ref _refused);
            _logger.LogWarning("Closed connection from {Peer}: {Reason}", peer, e.Message);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            _logger.LogDebug("Connection from {Peer} ended: {Reason}", peer, e.Message);
        }
    }
}

/// <summary>Opens authenticated TCP connections.</summary>
public static class TcpConnector
{
    /// <summary>Connects to <paramref name="address"/> and completes the handshake.</summary>
    /// <exception cref="UnauthorizedAccessException">when the server refuses the secret.</exception>
    public static async Task<Connection> ConnectAsync(Address address, string? secret, long maxMessageSize = TcpServer.DefaultMaxMessageSize, CancellationToken cancellationToken = default, TlsOptions? tls = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (address.Scheme == "tls")
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(
                    (tls ?? throw new AuthenticationException($"{address} needs TLS: give TlsOptions (the cluster's CA, a certificate and its key).")).ClientOptions(address.Host),
                    cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            stream = ssl;
        }

        var connection = new Connection(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)), address.ToString(), maxMessageSize, stream);
        try
        {
            await Handshake.ClientAsync(connection, Handshake.SecretBytes(secret ?? string.Empty), cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
