using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// A comm that never makes its caller wait (distributed's <c>BatchedSend</c>): <see cref="Send"/>
/// writes at once on the caller's thread when the link is idle — no hop to another thread on the
/// round trip that limits task throughput — and queues behind a send in progress otherwise; the
/// queue is drained in order by whichever send finishes.
/// </summary>
internal sealed class PeerLink : IAsyncDisposable
{
    private readonly Queue<Message> _queue = new();
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<TaskCompletionSource>? _idleWaiters;
    private bool _sending;
    private bool _closed;

    public PeerLink(IComm comm, ILogger? logger = null)
    {
        Comm = comm;
        _logger = logger ?? NullLogger.Instance;
    }

    public IComm Comm { get; }

    /// <summary>Sends or queues a message; false when the link is closed.</summary>
    public bool Send(Message message)
    {
        lock (_queue)
        {
            if (_closed)
            {
                return false;
            }

            if (_sending)
            {
                _queue.Enqueue(message);
                return true;
            }

            _sending = true;
        }

        _ = SendChainAsync(message);
        return true;
    }

    /// <summary>Completes once everything sent so far has been written to the comm, or the link has failed (for a worker that must be heard before it exits).</summary>
    public Task WhenSentAsync()
    {
        lock (_queue)
        {
            if (!_sending)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_idleWaiters ??= []).Add(waiter);
            return waiter.Task;
        }
    }

    /// <summary>Sends what is queued (for up to 5 s), then closes the comm.</summary>
    public async ValueTask DisposeAsync()
    {
        bool idle;
        lock (_queue)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            idle = !_sending;
        }

        if (!idle)
        {
            await Task.WhenAny(_drained.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        await Comm.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="first"/>, then whatever queued meanwhile; runs synchronously while sends complete synchronously.</summary>
    private async Task SendChainAsync(Message first)
    {
        Message? next = first;
        while (next is not null)
        {
            try
            {
                await Comm.SendAsync(next).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidDataException)
            {
                // A value that cannot be encoded: drop this message, keep the link.
                _logger.LogError("Could not send {Op} to {Peer}: {Reason}", next.Op, Comm.Peer, Protocol.LogText.Truncate(e.Message, Protocol.LogText.ReasonMax));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                _logger.LogDebug("Sending to {Peer} stopped: {Reason}", Comm.Peer, e.Message);
                List<TaskCompletionSource>? failed;
                lock (_queue)
                {
                    _closed = true;
                    _queue.Clear();
                    _sending = false;
                    (failed, _idleWaiters) = (_idleWaiters, null);
                }

                _drained.TrySetResult();
                Release(failed);
                return;
            }

            List<TaskCompletionSource>? idle = null;
            lock (_queue)
            {
                if (!_queue.TryDequeue(out next))
                {
                    _sending = false;
                    (idle, _idleWaiters) = (_idleWaiters, null);
                    if (_closed)
                    {
                        _drained.TrySetResult();
                    }
                }
            }

            Release(idle);
        }
    }

    private static void Release(List<TaskCompletionSource>? waiters)
    {
        foreach (TaskCompletionSource waiter in waiters ?? [])
        {
            waiter.TrySetResult();
        }
    }
}
