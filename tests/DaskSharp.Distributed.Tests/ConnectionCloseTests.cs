using System.IO.Pipelines;
using DaskSharp.Distributed.Comm;

namespace DaskSharp.Distributed.Tests;

/// <summary>Closing a connection while another thread sends: the peer gets whole messages and then a clean end, never half a message.</summary>
public sealed class ConnectionCloseTests
{
    private static byte[] Message(int n)
    {
        var bytes = new byte[256 * 1024];
        new Random(n).NextBytes(bytes);
        BitConverter.TryWriteBytes(bytes, n);
        return bytes;
    }

    [Fact]
    public async Task ClosingWhileAnotherThreadSends_EndsBetweenMessages()
    {
        for (int round = 0; round < 20; round++)
        {
            var toPeer = new Pipe();
            var fromPeer = new Pipe();
            var sender = new Connection(fromPeer.Reader, toPeer.Writer, "peer", 1 << 24);
            await using var receiver = new Connection(toPeer.Reader, fromPeer.Writer, "sender", 1 << 24);
            using var sent = new SemaphoreSlim(0);
            Task sending = Task.Run(async () =>
            {
                try
                {
                    for (int n = 0; ; n++)
                    {
                        await sender.SendAsync([Message(n)]);
                        sent.Release();
                    }
                }
                catch (ObjectDisposedException)
                {
                    // closed under it: later sends are refused
                }
            });

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            int received = 0;
            Task<int> reading = Task.Run(async () =>
            {
                while (await receiver.ReceiveAsync(timeout.Token) is { } frames)
                {
                    Assert.Single(frames);
                    Assert.Equal(Message(received), frames[0]); // whole and in order
                    received++;
                }

                return received;
            });

            Assert.True(await sent.WaitAsync(TimeSpan.FromSeconds(10)), "waited 10 s for the first message to be sent");
            await sender.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            int count = await reading.WaitAsync(TimeSpan.FromSeconds(30)); // a clean end: ReceiveAsync gave null, no ProtocolException
            Assert.True(count >= 1, $"round {round}: {count} messages arrived");
            await sending.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
