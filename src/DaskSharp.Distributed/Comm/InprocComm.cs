using System.Collections.Concurrent;
using System.Threading.Channels;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// Comms inside one process (<c>inproc://name</c>): two channels of messages, objects handed over
/// as they are — nothing is serialised, as for distributed's in-process workers.
/// </summary>
public sealed class InprocComm : IComm
{
    private static readonly ConcurrentDictionary<string, Channel<InprocComm>> s_listeners = new(StringComparer.Ordinal);

    private readonly ChannelWriter<Message> _outgoing;
    private readonly ChannelReader<Message> _incoming;

    private InprocComm(string peer, ChannelWriter<Message> outgoing, ChannelReader<Message> incoming)
    {
        Peer = peer;
        _outgoing = outgoing;
        _incoming = incoming;
    }

    /// <inheritdoc/>
    public string Peer { get; }

    /// <summary>Starts accepting connections at <c>inproc://<paramref name="name"/></c>; the reader yields each accepted comm.</summary>
    /// <exception cref="InvalidOperationException">when the name is taken.</exception>
    public static ChannelReader<InprocComm> Listen(string name)
    {
        var accepted = Channel.CreateUnbounded<InprocComm>();
        if (!s_listeners.TryAdd(name, accepted))
        {
            throw new InvalidOperationException($"inproc://{name} is already listening.");
        }

        return accepted.Reader;
    }

    /// <summary>Stops accepting at <c>inproc://<paramref name="name"/></c>.</summary>
    public static void StopListening(string name)
    {
        if (s_listeners.TryRemove(name, out Channel<InprocComm>? accepted))
        {
            accepted.Writer.TryComplete();
        }
    }

    /// <summary>Connects to a listener in this process.</summary>
    /// <exception cref="IOException">when nothing listens at that name.</exception>
    public static InprocComm Connect(string name)
    {
        if (!s_listeners.TryGetValue(name, out Channel<InprocComm>? accepted))
        {
            throw new IOException($"Nothing listens at inproc://{name}.");
        }

        var toServer = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
        var toClient = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
        var server = new InprocComm($"inproc://{name}/client", toClient.Writer, toServer.Reader);
        if (!accepted.Writer.TryWrite(server))
        {
            throw new IOException($"inproc://{name} stopped listening.");
        }

        return new InprocComm($"inproc://{name}", toServer.Writer, toClient.Reader);
    }

    /// <inheritdoc/>
    public ValueTask SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _outgoing.TryWrite(message) ? ValueTask.CompletedTask : ValueTask.FromException(new IOException($"{Peer} is closed."));
    }

    /// <inheritdoc/>
    public async ValueTask<Message?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _incoming.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _outgoing.TryComplete();
        return ValueTask.CompletedTask;
    }
}
