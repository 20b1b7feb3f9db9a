using DaskSharp.Distributed.Comm;

namespace DaskSharp.Distributed.Tests;

/// <summary>The same messages over TCP (serialised) and inproc (objects handed over).</summary>
public class MessageCommTests
{
    private static Message Sample(NDArray<double> chunk) => new(
        new Dictionary<string, object?> { ["op"] = "task-finished", ["key"] = "x-1", ["nbytes"] = 48L },
        [chunk, 7, "text", null]);

    [Fact]
    public async Task Tcp_SerialisesValues_AndChunksArriveIntact()
    {
        await using TcpServer server = TcpServer.Start(Address.Parse("tcp://127.0.0.1:0"), "k", async (connection, ct) =>
        {
            var comm = new TcpComm(connection);
            while (await comm.ReceiveAsync(ct) is { } message)
            {
                await comm.SendAsync(message, ct);
            }
        });
        await using var client = new TcpComm(await TcpConnector.ConnectAsync(server.Address, "k"));
        var chunk = NDArray<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);

        await client.SendAsync(Sample(chunk));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Message back = (await client.ReceiveAsync(timeout.Token))!;

        Assert.Equal("task-finished", back.Op);
        Assert.Equal(48L, back.Header["nbytes"]);
        var received = Assert.IsType<NDArray<double>>(back.Values[0]);
        Assert.NotSame(chunk, received);
        Assert.Equal(chunk.ToArray(), received.ToArray());
        Assert.Equal([2, 3], received.Shape.ToArray());
        Assert.Equal(7, back.Values[1]);
        Assert.Equal("text", back.Values[2]);
        Assert.Null(back.Values[3]);
    }

    [Fact]
    public async Task Inproc_HandsObjectsOverWithoutCopying()
    {
        string name = $"test-{Guid.NewGuid():N}";
        var accepted = InprocComm.Listen(name);
        try
        {
            await using InprocComm client = InprocComm.Connect(name);
            await using InprocComm server = await accepted.ReadAsync();
            var chunk = NDArray<double>.FromArray([1, 2], 2);

            await client.SendAsync(Sample(chunk));
            Message got = (await server.ReceiveAsync())!;
            Assert.Same(chunk, got.Values[0]);

            await server.SendAsync(new Message(("op", "ok")));
            Assert.Equal("ok", (await client.ReceiveAsync())!.Op);

            await client.DisposeAsync();
            Assert.Null(await server.ReceiveAsync()); // closed
        }
        finally
        {
            InprocComm.StopListening(name);
        }

        Assert.Throws<IOException>(() => InprocComm.Connect(name));
    }
}
