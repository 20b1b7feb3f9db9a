using System.Buffers;
using System.IO.Pipelines;
using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// One end of a comm: whole messages (lists of frames) over a duplex byte pipe. Reading runs the
/// pure <see cref="FrameCodec"/> over what has arrived; writes are serialised so messages from
/// several threads never interleave.
/// </summary>
public sealed class Connection : IAsyncDisposable
{
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly IAsyncDisposable? _owner;
    private int _disposed;

    /// <summary>A connection over a pipe pair; <paramref name="owner"/> (the socket's stream) is disposed with it.</summary>
    public Connection(PipeReader reader, PipeWriter writer, string peer, long maxMessageSize, IAsyncDisposable? owner = null)
    {
        _reader = reader;
        _writer = writer;
        Peer = peer;
        _maxMessageSize = maxMessageSize;
        _owner = owner;
    }

    // How long closing waits for a message being written to be finished.
    private static readonly TimeSpan WriterCloseBound = TimeSpan.FromSeconds(5);

    private long _maxMessageSize;
    private int _maxFrames = FrameCodec.MaxFrames;

    /// <summary>Who is at the other end (for logs).</summary>
    public string Peer { get; }

    /// <summary>Messages larger than this close the connection (checked when their length arrives, before they are buffered).</summary>
    public long MaxMessageSize => Volatile.Read(ref _maxMessageSize);

    /// <summary>Messages of more frames than this close the connection.</summary>
    public int MaxFrames => Volatile.Read(ref _maxFrames);

    /// <summary>
    /// Sets the limits the next messages are read with: a handshake's small ones until the peer has
    /// authenticated, the listener's own after.
    /// </summary>
    public void SetLimits(long maxMessageSize, int maxFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrames);
        Volatile.Write(ref _maxMessageSize, maxMessageSize);
        Volatile.Write(ref _maxFrames, maxFrames);
    }

    /// <summary>Sends one message.</summary>
    public async ValueTask SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> frames, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            FrameCodec.Write(_writer, frames);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The next message, or null when the peer closed the connection cleanly.</summary>
    /// <exception cref="ProtocolException">for bytes that break the protocol (the caller closes the connection).</exception>
    public async ValueTask<byte[][]?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReceiveCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Volatile.Read(ref _disposed) == 1 && e is InvalidOperationException or ArgumentOutOfRangeException or ProtocolException or ObjectDisposedException)
        {
            // Closed by this side while a receive was waiting or reading: completing the reader
            // returns the buffer being parsed to its pool, so what the parse saw means nothing.
            return null;
        }
    }

    private async ValueTask<byte[][]?> ReceiveCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                return null;
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            bool done;
            byte[][] frames;
            try
            {
                done = FrameCodec.TryRead(ref buffer, MaxMessageSize, MaxFrames, out frames, out _);
            }
            catch (ProtocolException)
            {
                _reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw;
            }

            if (Volatile.Read(ref _disposed) == 1)
            {
                return null; // closed meanwhile: the buffer may already be back in its pool
            }

            if (done)
            {
                _reader.AdvanceTo(buffer.Start);
                return frames;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new ProtocolException($"{Peer} closed the connection in the middle of a message.");
                }

                return null;
            }
        }
    }

    /// <summary>Closes both directions.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _reader.CancelPendingRead();
        await _reader.CompleteAsync().ConfigureAwait(false);

        // A send may be half way through writing a message: the writer is completed (and flushed)
        // only between messages, or the peer would read the half-written one. A flush waiting on
        // a peer that reads nothing is cancelled, and later sends are refused, so the wait is short;
        // past its bound the socket is closed under the writer instead (the peer sees a cut message).
        _writer.CancelPendingFlush();
        if (await _writeGate.WaitAsync(WriterCloseBound).ConfigureAwait(false))
        {
            try
            {
                await _writer.CompleteAsync().ConfigureAwait(false); // flushes; the peer may be gone already
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
            }
            finally
            {
                _writeGate.Release();
            }
        }

        if (_owner is not null)
        {
            await _owner.DisposeAsync().ConfigureAwait(false);
        }

        _writeGate.Dispose();
    }
}
