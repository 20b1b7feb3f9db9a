using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// A comm with a send queue (distributed's <c>BatchedSend</c>): <see cref="Send"/> never blocks the
/// caller's event loop; one sender task writes the queued messages in order.
/// </summary>
internal sealed class PeerLink : IAsyncDisposable
{
    private readonly Channel<Message> _queue = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _sender;
    private readonly ILogger _logger;

    public PeerLink(IComm comm, ILogger? logger = null)
    {
        Comm = comm;
        _logger = logger ?? NullLogger.Instance;
        _sender = Task.Run(SendLoopAsync);
    }

    public IComm Comm { get; }

    /// <summary>True once sending failed (the peer is gone).</summary>
    public bool Broken { get; private set; }

    /// <summary>Queues a message; false when the link is closed.</summary>
    public bool Send(Message message) => _queue.Writer.TryWrite(message);

    /// <summary>Sends what is queued, then closes the comm.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_sender, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        await Comm.DisposeAsync().ConfigureAwait(false);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (Message message in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await Comm.SendAsync(message).ConfigureAwait(false);
                }
                catch (NotSupportedException e)
                {
                    // A value with no serializer: drop this message, keep the link.
                    _logger.LogError("Could not send {Op} to {Peer}: {Reason}", message.Op, Comm.Peer, e.Message);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Broken = true;
            _queue.Writer.TryComplete();
            _logger.LogDebug("Sending to {Peer} stopped: {Reason}", Comm.Peer, e.Message);
        }
    }
}
