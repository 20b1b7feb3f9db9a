using System.Globalization;
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
/// <remarks>
/// Until a peer has proved the secret it gets little (<see cref="WireLimits"/>): the handshake must
/// be over within <see cref="WireLimits.HandshakeTimeout"/> of the accept, TLS included; a message
/// larger than a handshake's is refused when its length arrives, before any of it is buffered; and
/// at most <see cref="WireLimits.MaxUnauthenticatedConnections"/> connections are in the handshake
/// at once: one more is told so and closed as soon as it is accepted. Refusals before
/// authentication are logged at most <see cref="RefusalLog.Burst"/> lines per window, the rest
/// summed up, so a flood of bogus connections does not flood the log.
/// </remarks>
public sealed class TcpServer : IAsyncDisposable
{
    /// <summary>The default limit on one message (distributed's is about 2 GiB per frame; chunks are far smaller).</summary>
    public const long DefaultMaxMessageSize = 1L << 31;

    /// <summary>What a connection over the limit of unauthenticated connections is sent before it is closed.</summary>
    private static readonly byte[] s_busy = EncodeBusy();

    private readonly TcpListener _listener;
    private readonly byte[] _secret;
    private readonly Func<Connection, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly TlsOptions? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly HashSet<Task> _connections = [];
    private readonly RefusalLog _refusals;
    private int _unauthenticated;

    private TcpServer(TcpListener listener, byte[] secret, Func<Connection, CancellationToken, Task> handler, ILogger logger, WireLimits limits, TlsOptions? tls)
    {
        _tls = tls;
        _listener = listener;
        _secret = secret;
        _handler = handler;
        _logger = logger;
        Limits = limits;
        _refusals = new RefusalLog(logger);
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        Address = new Address(tls is null ? "tcp" : "tls", endpoint.Address.ToString(), endpoint.Port);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Where the server listens (with the port chosen when 0 was asked for).</summary>
    public Address Address { get; }

    /// <summary>What peers may send, before and after authentication.</summary>
    public WireLimits Limits { get; }

    /// <summary>Connections refused so far (failed or late handshakes, too many at once, protocol errors), for tests and metrics.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Connections accepted and not yet authenticated, now.</summary>
    public int Unauthenticated => Volatile.Read(ref _unauthenticated);

    /// <summary>Connections open now, authenticated or not.</summary>
    public int Open
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    private int _refused;

    /// <summary>Starts listening on <paramref name="address"/>.</summary>
    /// <param name="address">Where to listen.</param>
    /// <param name="secret">The secret peers must prove (empty or null: none, loopback only unless <paramref name="insecure"/>).</param>
    /// <param name="handler">Runs for each authenticated connection.</param>
    /// <param name="logger">Where refusals and errors go.</param>
    /// <param name="maxMessageSize">The largest message after authentication (when <paramref name="limits"/> is null).</param>
    /// <param name="insecure">Allow a non-loopback address without a secret.</param>
    /// <param name="tls">Mutual TLS, for a <c>tls://</c> listener.</param>
    /// <param name="limits">What peers may send; null: <see cref="WireLimits.FromConfig"/> with <paramref name="maxMessageSize"/>.</param>
    /// <exception cref="InvalidOperationException">for a non-loopback address without a secret, unless <paramref name="insecure"/>.</exception>
    public static TcpServer Start(Address address, string? secret, Func<Connection, CancellationToken, Task> handler, ILogger? logger = null, long maxMessageSize = DefaultMaxMessageSize, bool insecure = false, TlsOptions? tls = null, WireLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(handler);
        IPAddress ip = address.Host is "" or "localhost" ? IPAddress.Loopback : IPAddress.Parse(address.Host);
        if (string.IsNullOrEmpty(secret) && tls is null && !IPAddress.IsLoopback(ip) && !insecure)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {address} without a secret: anyone who can reach it could run code here. Give a secret, use TLS, or pass --insecure.");
        }

        limits ??= WireLimits.FromConfig() with { MaxMessageSize = maxMessageSize };
        var listener = new TcpListener(ip, address.Port);
        listener.Start();
        return new TcpServer(listener, Handshake.SecretBytes(secret ?? string.Empty), handler, logger ?? NullLogger.Instance, limits, tls);
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
        _refusals.Dispose();
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
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (!_stop.IsCancellationRequested)
            {
                // Out of file descriptors, or a peer that reset before it was accepted: the
                // listener itself is fine, and must not stop listening for the peers to come.
                _refusals.Refused("Could not accept a connection on", Address.ToString(), e.Message, "failed accepts");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }
            catch (SocketException)
            {
                return;
            }

            if (Interlocked.Increment(ref _unauthenticated) > Limits.MaxUnauthenticatedConnections)
            {
                Interlocked.Decrement(ref _unauthenticated);
                Interlocked.Increment(ref _refused);
                string peer = PeerOf(socket);
                RefuseAtOnce(socket, tell: _tls is null); // a TLS peer would read the plain error as a broken record
                _refusals.Refused(
                    "Refused connection from",
                    peer,
                    string.Create(CultureInfo.InvariantCulture, $"closed at once: {Limits.MaxUnauthenticatedConnections:N0} connections are in the handshake already ({WireLimits.Prefix}unauthenticated-connections)"),
                    "over the limit of connections in the handshake");
                continue;
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

    private static string PeerOf(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "?";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return "?";
        }
    }

    /// <summary>Tells the peer why (if <paramref name="tell"/>, and its socket takes the few bytes at once) and closes it, without waiting on it.</summary>
    private static void RefuseAtOnce(Socket socket, bool tell)
    {
        try
        {
            if (tell)
            {
                socket.Blocking = false;
                socket.Send(s_busy, SocketFlags.None, out _);
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static byte[] EncodeBusy()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        FrameCodec.Write(buffer, [HeaderCodec.Encode(("op", "error"), ("message", "too many connections are in the handshake at once; try again"))]);
        return buffer.WrittenSpan.ToArray();
    }

    private async Task ServeAsync(Socket socket)
    {
        string peer = PeerOf(socket);
        bool authenticating = true;
        void Authenticated()
        {
            if (authenticating)
            {
                authenticating = false;
                Interlocked.Decrement(ref _unauthenticated);
            }
        }

        // One deadline from the accept to the end of the handshake, TLS included: a peer that
        // sends nothing, or a byte a second, is dropped when it passes.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(Limits.HandshakeTimeout);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        Connection? connection = null;
        try
        {
            if (_tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(_tls.ServerOptions(), deadline.Token).ConfigureAwait(false);
            }

            // Reading starts with a handshake's limits: a peer that announces more is refused when
            // the 8 bytes of its length arrive, before anything else of it is read.
            connection = new Connection(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)), peer, Limits.MaxHandshakeMessageSize, stream);
            connection.SetLimits(Limits.MaxHandshakeMessageSize, Limits.MaxHandshakeFrames);
            var (accepted, reason) = await Handshake.ServerAsync(connection, _secret, deadline.Token).ConfigureAwait(false);
            if (!accepted)
            {
                Refuse(peer, reason, KindOf(reason));
                return;
            }

            Authenticated();
            connection.SetLimits(Limits.MaxMessageSize, Limits.MaxFrames);
            await _handler(connection, _stop.Token).ConfigureAwait(false);
        }
        catch (AuthenticationException e) when (authenticating)
        {
            Refuse(peer, "TLS failed: " + LogText.Truncate(e.Message, LogText.ReasonMax), "whose TLS failed");
        }
        catch (ProtocolException e) when (authenticating)
        {
            Refuse(peer, "before authentication: " + LogText.Truncate(e.Message, LogText.ReasonMax), "that broke the protocol before authentication");
        }
        catch (OperationCanceledException) when (authenticating && deadline.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            Refuse(
                peer,
                string.Create(CultureInfo.InvariantCulture, $"no handshake within {Limits.HandshakeTimeout.TotalSeconds:0.###} s of connecting ({WireLimits.HandshakeTimeoutKey}){(_tls is not null && connection is null ? " (TLS had not finished)" : string.Empty)}"),
                "with no handshake in time");
        }
        catch (ProtocolException e)
        {
            Interlocked.Increment(ref _refused);
            _logger.LogWarning("Closed connection from {Peer}: {Reason}", peer, LogText.Truncate(e.Message, LogText.ReasonMax));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            if (authenticating && _tls is not null && connection is null && !_stop.IsCancellationRequested)
            {
                Refuse(peer, "TLS failed: " + LogText.Truncate(e.Message, LogText.ReasonMax), "whose TLS failed");
            }
            else
            {
                _logger.LogDebug("Connection from {Peer} ended: {Reason}", peer, LogText.Truncate(e.Message, LogText.ReasonMax));
            }
        }
        finally
        {
            Authenticated(); // a slot at the door is free again, whatever happened
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false); // returns its buffers to their pool
            }
            else
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Refuse(string peer, string reason, string kind)
    {
        Interlocked.Increment(ref _refused);
        _refusals.Refused("Refused connection from", peer, reason, kind);
    }

    private static string KindOf(string reason) =>
        reason.StartsWith("wrong secret", StringComparison.Ordinal) ? "with a wrong secret"
        : reason.StartsWith("protocol version", StringComparison.Ordinal) ? "speaking another protocol version"
        : "that broke off the handshake";
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

        // The server's challenge is small: a server (or something else at its address) that
        // announces more is refused as a scheduler would refuse it, before it is buffered.
        var connection = new Connection(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)), address.ToString(), maxMessageSize, stream);
        connection.SetLimits(WireLimits.Default.MaxHandshakeMessageSize, WireLimits.Default.MaxHandshakeFrames);
        try
        {
            await Handshake.ClientAsync(connection, Handshake.SecretBytes(secret ?? string.Empty), cancellationToken).ConfigureAwait(false);
            connection.SetLimits(maxMessageSize, FrameCodec.MaxFrames);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
