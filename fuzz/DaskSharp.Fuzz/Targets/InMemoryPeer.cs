using System.Buffers;
using System.IO.Pipelines;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Fuzz;

/// <summary>
/// A <see cref="Connection"/> whose peer has sent <c>input</c> and closed: the real read path
/// (pipe, <see cref="FrameCodec"/>, limits) without a socket. What this side sends is kept, so a
/// target can read it back. Pipes run their continuations inline, so every call completes at once.
/// </summary>
internal sealed class InMemoryPeer : IDisposable
{
    private static readonly PipeOptions s_inline = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, useSynchronizationContext: false);

    private readonly Pipe _sent = new(s_inline);

    public InMemoryPeer(ReadOnlySpan<byte> input, long maxMessageSize = TcpServer.DefaultMaxMessageSize)
    {
        var received = new Pipe(s_inline);
        received.Writer.Write(input);
        received.Writer.Complete(); // flushes: the reader sees the bytes and then the end
        Connection = new Connection(received.Reader, _sent.Writer, "fuzz-peer", maxMessageSize);
    }

    public Connection Connection { get; }

    /// <summary>Everything this side has sent so far, framed as on the wire.</summary>
    public byte[] Sent()
    {
        _sent.Reader.TryRead(out ReadResult result);
        byte[] bytes = result.Buffer.ToArray();
        _sent.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        return bytes;
    }

    public void Dispose() => Complete(Connection.DisposeAsync());

    /// <summary>The result of a call that completes synchronously over these pipes.</summary>
    public static T Complete<T>(ValueTask<T> pending) => pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Complete{T}(ValueTask{T})"/>
    public static void Complete(ValueTask pending)
    {
        if (!pending.IsCompleted)
        {
            pending.AsTask().GetAwaiter().GetResult();
            return;
        }

        pending.GetAwaiter().GetResult();
    }
}
