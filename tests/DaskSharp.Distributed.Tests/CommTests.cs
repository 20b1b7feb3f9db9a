using System.Net.Sockets;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Distributed.Tests;

/// <summary>Real loopback sockets: the handshake, echo, and peers that misbehave.</summary>
public class CommTests
{
    private const string Secret = "s3cret";

    /// <summary>Echoes every message back until the peer closes.</summary>
    private static async Task Echo(Connection connection, CancellationToken cancellationToken)
    {
        while (await connection.ReceiveAsync(cancellationToken) is { } frames)
        {
            await connection.SendAsync([.. frames.Select(f => (ReadOnlyMemory<byte>)f)], cancellationToken);
        }
    }

    private static async Task<byte[][]> RoundTrip(Connection c, params byte[][] frames)
    {
        await c.SendAsync([.. frames.Select(f => (ReadOnlyMemory<byte>)f)]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await c.ReceiveAsync(timeout.Token) ?? throw new IOException("the echo server closed the connection");
    }

    [Fact]
    public async Task Client_WithTheSecret_IsServed()
    {
        await using TcpServer server = TcpServer.Start(Address.Parse("tcp://127.0.0.1:0"), Secret, Echo);
        await using Connection client = await TcpConnector.ConnectAsync(server.Address, Secret);
        byte[][] echoed = await RoundTrip(client, HeaderCodec.Encode(("op", "ping")), [1, 2, 3]);
        Assert.Equal("ping", HeaderCodec.Decode(echoed[0])["op"]);
        Assert.Equal([1, 2, 3], echoed[1]);
    }

    [Fact]
    public async Task WrongSecret_GarbageAndOversizedMessages_AreRefused_WhileAGoodClientKeepsWorking()
    {
        await using TcpServer server = TcpServer.Start(Address.Parse("tcp://127.0.0.1:0"), Secret, Echo, maxMessageSize: 1 << 20);
        await using Connection good = await TcpConnector.ConnectAsync(server.Address, Secret);
        Assert.Equal([9], (await RoundTrip(good, [9]))[0]);

        // 1. A wrong secret.
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => TcpConnector.ConnectAsync(server.Address, "guess"));
        Assert.Equal("The server refused the connection: authentication failed: wrong secret", refused.Message);

        // 2. Garbage bytes instead of a handshake reply.
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync(server.Address.Host, server.Address.Port);
            NetworkStream stream = raw.GetStream();
            byte[] challenge = new byte[4096];
            _ = await stream.ReadAsync(challenge);
            byte[] garbage = [.. Enumerable.Range(0, 64).Select(i => (byte)(255 - i))];
            await stream.WriteAsync(garbage);
            await AssertHangsUp(stream);
        }

        // 3. An authenticated client sending a message over the limit.
        await using (Connection big = await TcpConnector.ConnectAsync(server.Address, Secret))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await big.SendAsync([new byte[(1 << 20) + 1]]);
                Assert.Null(await big.ReceiveAsync(timeout.Token)); // closed, no echo
            }
            catch (IOException)
            {
                // The server hung up while the megabyte was still being written: also closed.
            }
        }

        Assert.Equal(3, server.Refused);
        Assert.Equal([4, 2], (await RoundTrip(good, [4, 2]))[0]);
    }

    [Fact]
    public void PublicAddressWithoutSecret_RefusesToStart()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TcpServer.Start(Address.Parse("tcp://0.0.0.0:0"), null, Echo));
        Assert.StartsWith("Refusing to listen on tcp://0.0.0.0:0 without a secret", e.Message);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:8786", "tcp", "127.0.0.1", 8786)]
    [InlineData("10.0.0.5:1234", "tcp", "10.0.0.5", 1234)]
    [InlineData("tls://[::1]:443", "tls", "::1", 443)]
    [InlineData("inproc://scheduler-1", "inproc", "scheduler-1", 0)]
    public void Address_Parses(string text, string scheme, string host, int port)
    {
        Address a = Address.Parse(text);
        Assert.Equal((scheme, host, port), (a.Scheme, a.Host, a.Port));
        Assert.Equal(a, Address.Parse(a.ToString()));
    }

    [Fact]
    public void Address_Bad_SaysWhy()
    {
        Assert.Equal("Unknown comm scheme 'udp' in 'udp://x:1'; use tcp://, tls:// or inproc://.", Assert.Throws<FormatException>(() => Address.Parse("udp://x:1")).Message);
        Assert.Equal("'tcp://host' has no valid port; write tcp://host:port.", Assert.Throws<FormatException>(() => Address.Parse("tcp://host")).Message);
    }

    /// <summary>Reads until the server closes the connection; fails if it is still open after 10 s.</summary>
    private static async Task AssertHangsUp(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a hang-up too.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the server kept the garbage connection open for 10 s");
        }
    }
}
