using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Graphs;
using MessagePack;
using Xunit.Abstractions;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// A scheduler on a shared machine, against peers that do not play by the rules: before they
/// authenticate (silence, a byte a second, floods, too many at once, other protocol versions) and
/// after (ids and operation names of megabytes, values nested too deep, too many frames). Each is
/// refused with a log line that says why and stays short; everyone else goes on.
/// </summary>
public class HostilePeerTests
{
    private static int Inc(int x) => x + 1;

    [Fact]
    public async Task AnIdleConnection_IsClosedAtTheHandshakeDeadline_AndLogged()
    {
        var logger = new CapturingLogger();
        Scheduler scheduler;
        using (DaskConfig.Set("distributed.comm.timeouts.connect", "1s"))
        {
            scheduler = await Scheduler.StartAsync(new SchedulerOptions { Logger = logger });
        }

        await using (scheduler)
        {
            using var idle = await RawPeer.OpenAsync(scheduler.Address);
            Assert.Equal("handshake", (await idle.ReadMessageAsync())!.Header["op"]);
            var clock = Stopwatch.StartNew();
            Assert.True(await idle.WaitUntilClosedAsync(TimeSpan.FromSeconds(15)), "the idle connection was still open 15 s later");
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(10));

            // A byte every 200 ms never makes a message, and does not move the deadline.
            using var slow = await RawPeer.OpenAsync(scheduler.Address);
            clock.Restart();
            bool closed = false;
            for (int i = 0; i < 75 && !closed; i++)
            {
                closed = !await slow.TrySendAsync([0]);
                await Task.Delay(200);
            }

            Assert.True(await slow.WaitUntilClosedAsync(TimeSpan.FromSeconds(5)), "a peer sending a byte every 200 ms was still connected after 15 s");
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(12));

            await Eventually.True(() => Warnings(logger).Count(w => w.Contains("no handshake within 1 s of connecting (distributed.comm.timeouts.connect)", StringComparison.Ordinal)) == 2, TimeSpan.FromSeconds(10), "both late peers to be logged");
            Assert.Equal(2, scheduler.RefusedConnections);

            // The deadline is for the handshake only: a real client connects and stays.
            using var client = new Client(scheduler.Address, secret: scheduler.Secret);
            await Task.Delay(1500);
            Assert.Null(client.ConnectionLost);
            Assert.Equal(2, scheduler.RefusedConnections);
        }
    }

    [Fact]
    public async Task ConnectionsOverTheLimitInTheHandshake_AreClosedAtOnce_AndLoggedSparingly()
    {
        var logger = new CapturingLogger();
        TcpServer server;
        using (DaskConfig.Set("distributed.comm.limits.unauthenticated-connections", 10))
        {
            server = TcpServer.Start(Address.Parse("tcp://127.0.0.1:0"), "s3cret", Echo, logger);
        }

        var holding = new List<RawPeer>();
        try
        {
            for (int i = 0; i < 10; i++)
            {
                RawPeer peer = await RawPeer.OpenAsync(server.Address.ToString());
                Assert.Equal("handshake", (await peer.ReadMessageAsync())!.Header["op"]);
                holding.Add(peer);
            }

            Assert.Equal(10, server.Unauthenticated);

            // 50 more: each is told why and closed at once, not after the 10 s deadline.
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 50; i++)
            {
                using RawPeer extra = await RawPeer.OpenAsync(server.Address.ToString());
                RawMessage? told = await extra.ReadMessageAsync();
                Assert.Equal("error", told!.Header["op"]);
                Assert.Equal("too many connections are in the handshake at once; try again", told.Header["message"]);
                Assert.True(await extra.WaitUntilClosedAsync(TimeSpan.FromSeconds(5)));
            }

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
            Assert.Equal(50, server.Refused);

            // A real client is refused too while the places are taken, and says why.
            var busy = await Assert.ThrowsAsync<IOException>(() => TcpConnector.ConnectAsync(server.Address, "s3cret"));
            Assert.Equal("The server refused the connection before the handshake: too many connections are in the handshake at once; try again", busy.Message);

            // Once the idle peers go, a place is free again.
            foreach (RawPeer peer in holding)
            {
                peer.Dispose();
            }

            holding.Clear();
            await Eventually.True(() => server.Unauthenticated == 0, TimeSpan.FromSeconds(10), "the places at the door to be freed");
            await using Connection good = await TcpConnector.ConnectAsync(server.Address, "s3cret");
            await good.SendAsync([new byte[] { 7 }]);
            Assert.Equal([7], (await good.ReceiveAsync())![0]);
        }
        finally
        {
            foreach (RawPeer peer in holding)
            {
                peer.Dispose();
            }

            await server.DisposeAsync();
        }

        // 61 refusals (the 10 idle peers broke off the handshake when they closed): 20 lines, then one line summing up the rest.
        string[] warnings = Warnings(logger);
        Assert.Equal(20, warnings.Count(w => w.Contains("closed at once: 10 connections are in the handshake already (distributed.comm.limits.unauthenticated-connections)", StringComparison.Ordinal)));
        Assert.Contains("Refused 41 more connections before authentication without a line each (at most 20 lines per 10 s): 31 over the limit of connections in the handshake; 10 that broke off the handshake", warnings);
        Assert.Equal(21, warnings.Length);
    }

    [Fact]
    public async Task ProtocolVersions_OfAnyTypeAndSize_AreLoggedAsReceived()
    {
        var logger = new CapturingLogger();
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Logger = logger });
        (object Version, string Logged)[] cases =
        [
            (1L << 40, "the peer sent protocol version 1099511627776"),
            (ulong.MaxValue, "the peer sent protocol version 18446744073709551615"),
            ("1", "the peer sent protocol version \"1\" (a string)"),
            (1.0, "the peer sent protocol version 1 (a float)"),
            (new string('9', 3000), $"the peer sent protocol version \"{new string('9', 40)}… (3,000 characters)\" (a string)"),
        ];
        foreach (var (version, _) in cases)
        {
            using var peer = await RawPeer.OpenAsync(scheduler.Address);
            Assert.Equal("handshake", (await peer.ReadMessageAsync())!.Header["op"]);
            await peer.SendAsync(Frame(Header(("op", "handshake-reply"), ("protocol", version), ("version", "9.9.9"), ("proof", new byte[32]))));
            RawMessage? answer = await peer.ReadMessageAsync();
            Assert.Equal("error", answer!.Header["op"]);
            Assert.StartsWith("protocol version mismatch: this server speaks protocol version 1", (string)answer.Header["message"]!, StringComparison.Ordinal);
            Assert.True(await peer.WaitUntilClosedAsync(TimeSpan.FromSeconds(10)));
        }

        await Eventually.True(() => Warnings(logger).Count(w => w.Contains("protocol version mismatch", StringComparison.Ordinal)) == cases.Length, TimeSpan.FromSeconds(10), "every mismatch to be logged");
        string[] warnings = Warnings(logger);
        foreach (var (_, logged) in cases)
        {
            Assert.Contains(warnings, w => w.Contains($"protocol version mismatch: {logged} (DaskSharp version \"9.9.9\" (a string)); this side speaks protocol version 1 (DaskSharp ", StringComparison.Ordinal));
        }

        Assert.All(warnings, w => Assert.InRange(w.Length, 1, 400));
        Assert.Equal(cases.Length, scheduler.RefusedConnections);
    }

    [Fact]
    public async Task OversizedIdsOpsAndKeys_AfterAuthentication_AreRefusedNamingTheField_AndLoggedShort()
    {
        var logger = new CapturingLogger();
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Logger = logger });

        // A client id of 5 MB: refused at registration, and the client is told why.
        await using (IComm big = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            await big.SendAsync(new Message(("op", "register-client"), ("client", new string('c', 5_000_000))));
            Message? told = await big.ReceiveAsync();
            Assert.Equal("error", told!.Op);
            Assert.StartsWith("'register-client': header field 'client' is 5,000,000 bytes; the limit is 1,024 bytes (distributed.comm.limits.id-bytes)", (string)told.Header["message"]!, StringComparison.Ordinal);
            Assert.Null(await big.ReceiveAsync());
        }

        // An operation name of 5 MB from a registered client.
        await using (IComm registered = await RegisteredClientAsync(scheduler, "op-sender"))
        {
            await registered.SendAsync(new Message(("op", new string('x', 5_000_000))));
            await DrainUntilClosedAsync(registered);
        }

        // A worker whose address is 100 KB.
        await using (IComm worker = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            await worker.SendAsync(MessageCodec.Encode(new RegisterWorkerMessage("tcp://" + new string('w', 100_000), "w", 1, 0, 1)));
            await DrainUntilClosedAsync(worker);
        }

        // A key of 100 KB.
        await using (IComm keys = await RegisteredClientAsync(scheduler, "key-sender"))
        {
            await keys.SendAsync(new Message("release-keys", [new[] { new Key("fine"), new Key(new string('k', 100_000)) }]));
            await DrainUntilClosedAsync(keys);
        }

        await Eventually.True(() => scheduler.RefusedConnections == 4, TimeSpan.FromSeconds(10), "four refusals");
        string[] warnings = Warnings(logger);
        Assert.Contains(warnings, w => w.Contains("'register-client': header field 'client' is 5,000,000 bytes; the limit is 1,024 bytes (distributed.comm.limits.id-bytes); it begins \"cccc", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("header field 'op' is 5,000,000 bytes; the limit is 128 bytes (distributed.comm.limits.name-bytes); it begins \"xxxx", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'register-worker': header field 'address' is 100,006 bytes; the limit is 1,024 bytes (distributed.comm.limits.id-bytes)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("'release-keys': key 1 of value 0 is 100,000 bytes; the limit is 4,096 bytes (distributed.comm.limits.key-bytes)", StringComparison.Ordinal));

        // Every line is short, and so is the whole log: not 5 MB a line.
        Assert.All(logger.Entries, e => Assert.InRange(e.Message.Length, 1, 1200));
        Assert.InRange(logger.Entries.Sum(e => e.Message.Length), 1, 20_000);

        // Everyone else goes on.
        await using Working.Worker real = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Assert.Equal(Enumerable.Range(1, 20), client.Gather(client.Map(Inc, Enumerable.Range(0, 20))));
    }

    [Fact]
    public async Task ValuesNestedTooDeep_AndTooManyFrames_AreRefused()
    {
        var logger = new CapturingLogger();
        Scheduler scheduler;
        using (DaskConfig.Set("distributed.comm.limits.frames", 8))
        {
            scheduler = await Scheduler.StartAsync(new SchedulerOptions { Logger = logger });
        }

        await using (scheduler)
        {
            await using (IComm deep = await RegisteredClientAsync(scheduler, "deep"))
            {
                await deep.SendAsync(new Message("release-keys", [WireLimitsTests.Nested(40)]));
                Message? told = await deep.ReceiveAsync();
                Assert.Equal("error", told!.Op);
                Assert.Equal("'release-keys': the message's values nest more than 32 levels deep (distributed.comm.limits.depth).", told.Header["message"]);
                await DrainUntilClosedAsync(deep);
            }

            await using (IComm frames = await RegisteredClientAsync(scheduler, "frames"))
            {
                await frames.SendAsync(new Message("release-keys", [.. Enumerable.Range(0, 20).Select(i => (object?)new byte[] { (byte)i })]));
                await DrainUntilClosedAsync(frames);
            }

            await Eventually.True(() => scheduler.RefusedConnections == 2, TimeSpan.FromSeconds(10), "both refusals");
            string[] warnings = Warnings(logger);
            Assert.Contains(warnings, w => w.Contains("nest more than 32 levels deep", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.Contains("Message declares 22 frames; the limit is 8 (distributed.comm.limits.frames).", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AClientSpeakingAnotherVersion_IsToldBothVersions()
    {
        // A fake server whose challenge names protocol 2.
        var toClient = new System.IO.Pipelines.Pipe();
        var toServer = new System.IO.Pipelines.Pipe();
        await using var client = new Connection(toClient.Reader, toServer.Writer, "fake", 1 << 20);
        await using var server = new Connection(toServer.Reader, toClient.Writer, "client", 1 << 20);
        await server.SendAsync([HeaderCodec.Encode(("op", "handshake"), ("protocol", 2L), ("version", "2.0.0"), ("nonce", new byte[32]))]);
        var e = await Assert.ThrowsAsync<IOException>(() => Handshake.ClientAsync(client, [1], CancellationToken.None));
        Assert.StartsWith("The server speaks protocol version 2 (DaskSharp version \"2.0.0\" (a string)); this client speaks protocol version 1 (DaskSharp ", e.Message, StringComparison.Ordinal);
    }

    private static async Task Echo(Connection connection, CancellationToken cancellationToken)
    {
        while (await connection.ReceiveAsync(cancellationToken) is { } frames)
        {
            await connection.SendAsync([.. frames.Select(f => (ReadOnlyMemory<byte>)f)], cancellationToken);
        }
    }

    internal static string[] Warnings(CapturingLogger logger) => [.. logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];

    internal static async Task<IComm> RegisteredClientAsync(Scheduler scheduler, string id)
    {
        IComm comm = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret);
        await comm.SendAsync(MessageCodec.Encode(new RegisterClientMessage(id)));
        Assert.Equal("registered", (await comm.ReceiveAsync())!.Op);
        return comm;
    }

    /// <summary>Reads until the scheduler closes the comm; fails after 10 s.</summary>
    internal static async Task DrainUntilClosedAsync(IComm comm)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await comm.ReceiveAsync(timeout.Token) is not null)
            {
            }
        }
        catch (IOException)
        {
            // reset: closed too
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException("The scheduler kept the connection open for 10 s.", e);
        }
    }

    internal static byte[] Header(params (string Name, object? Value)[] fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(fields.Length);
        foreach (var (name, value) in fields)
        {
            writer.Write(name);
            switch (value)
            {
                case ulong u: writer.Write(u); break;
                case long l: writer.Write(l); break;
                case double d: writer.Write(d); break;
                case string s: writer.Write(s); break;
                case byte[] b: writer.Write(b); break;
                default: writer.WriteNil(); break;
            }
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    internal static byte[] Frame(params byte[][] frames)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(buffer, [.. frames.Select(f => (ReadOnlyMemory<byte>)f)]);
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>One decoded message read off a raw socket.</summary>
internal sealed record RawMessage(Dictionary<string, object?> Header, byte[][] Frames);

/// <summary>A TCP peer that speaks the framing by hand, to misbehave on purpose.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _received = [];

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawPeer> OpenAsync(string address)
    {
        Address a = Address.Parse(address);
        var client = new TcpClient();
        await client.ConnectAsync(a.Host, a.Port);
        return new RawPeer(client);
    }

    public NetworkStream Stream => _stream;

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>False when the server has closed (the write failed).</summary>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The next whole message, or null when the server closes first; fails after 10 s.</summary>
    public async Task<RawMessage?> ReadMessageAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>([.. _received]);
            if (FrameCodec.TryRead(ref sequence, 1 << 20, out byte[][] frames, out _))
            {
                _received.RemoveRange(0, _received.Count - (int)sequence.Length);
                return new RawMessage(HeaderCodec.Decode(frames[0]), frames);
            }

            int n;
            try
            {
                n = await _stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            _received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>True once the server closed the connection within <paramref name="within"/>.</summary>
    public async Task<bool> WaitUntilClosedAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true; // reset
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}

/// <summary>Tests that measure the process (its allocations, its memory, its time) and so must not share it with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone: measures the process";
}

/// <summary>Floods and crowds of bogus peers, measured: memory and a real client's work stay bounded.</summary>
[Collection(AloneCollection.Name)]
public class HostilePeerLoadTests(ITestOutputHelper output)
{
    private const long FloodBytes = 400L << 20;

    private static int Inc(int x) => x + 1;

    [Fact]
    public async Task APreAuthFrameAnnouncedAt400MB_IsRefusedWhenItsLengthArrives_WithoutBufferingIt()
    {
        var logger = new CapturingLogger();
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Logger = logger });
        (long heap, long workingSet, long allocated) before = Measure();

        long[] sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => FloodAsync(scheduler.Address, FloodBytes, CancellationToken.None)));

        (long heap, long workingSet, long allocated) after = Measure();
        output.WriteLine($"sent before the server hung up: {string.Join(", ", sent.Select(s => $"{s >> 20} MiB"))}");
        output.WriteLine($"managed heap {before.heap >> 20} -> {after.heap >> 20} MiB; working set {before.workingSet >> 20} -> {after.workingSet >> 20} MiB; allocated {(after.allocated - before.allocated) >> 20} MiB during the floods");

        // The server read the 8-byte length and hung up: what got through is what the kernel's buffers took.
        // (Counted in whole 1 MiB writes: the first can fail midway, after its length arrived, and count 0;
        // that the length arrived is asserted by the three refusals logged below.)
        Assert.All(sent, s => Assert.InRange(s, 0, 64L << 20));
        Assert.InRange(after.allocated - before.allocated, 0, 64L << 20); // 1.2 GB would have been buffered before
        Assert.InRange(after.heap - before.heap, long.MinValue, 32L << 20);
        await Eventually.True(() => scheduler.RefusedConnections == 3, TimeSpan.FromSeconds(10), "three refusals");
        Assert.Equal(3, HostilePeerTests.Warnings(logger).Count(w => w.EndsWith(": before authentication: Message of 419430400 bytes is larger than the limit of 4096 bytes.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task HundredsOfBogusPeersAndFloods_LeaveARealClientsMapExactAndBounded()
    {
        const int Idle = 300, Slow = 20, Tasks = 1000;
        var logger = new CapturingLogger();
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Logger = logger });
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 2 });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Assert.Equal(Enumerable.Range(1, 100), client.Gather(client.Map(Inc, Enumerable.Range(0, 100)))); // warm
        double unloaded = await TimeMapAsync(client, 1_000_000, Tasks);

        var crowd = new List<RawPeer>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // the load stops by itself
        try
        {
            for (int i = 0; i < Idle; i++)
            {
                crowd.Add(await RawPeer.OpenAsync(scheduler.Address));
            }

            Task slowLoris = Task.WhenAll(Enumerable.Range(0, Slow).Select(_ => Task.Run(async () =>
            {
                using RawPeer peer = await RawPeer.OpenAsync(scheduler.Address);
                while (!stop.IsCancellationRequested && await peer.TrySendAsync([0]))
                {
                    await Task.Delay(100, CancellationToken.None);
                }
            })));
            long flooded = 0;
            Task floods = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Interlocked.Add(ref flooded, await FloodAsync(scheduler.Address, FloodBytes, stop.Token));
                }
            })));

            await Task.Delay(200);
            double loaded = await TimeMapAsync(client, 2_000_000, Tasks);
            output.WriteLine($"Map of {Tasks} tasks: {unloaded:0.000} s unloaded, {loaded:0.000} s with {Idle} idle peers, {Slow} sending a byte each 100 ms and 3 floods of 400 MiB ({loaded / unloaded:0.0}x)");
            Assert.InRange(loaded, 0, 60);

            await stop.CancelAsync();
            await floods;
            await slowLoris;
            output.WriteLine($"the floods got {Interlocked.Read(ref flooded) >> 20} MiB into the scheduler's socket buffers in all");
        }
        finally
        {
            foreach (RawPeer peer in crowd)
            {
                peer.Dispose();
            }
        }

        Assert.Null(client.ConnectionLost);
        Assert.InRange(scheduler.RefusedConnections, 3 + Slow, int.MaxValue);
        Assert.All(logger.Entries, e => Assert.InRange(e.Message.Length, 1, 1200));
    }

    /// <summary>Times a Map and Gather on a thread of its own, as a user's program would: not on a thread the pool needs.</summary>
    private static Task<double> TimeMapAsync(Client client, int offset, int n) =>
        Task.Factory.StartNew(() => TimeMap(client, offset, n), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static double TimeMap(Client client, int offset, int n)
    {
        long start = Stopwatch.GetTimestamp();
        int[] results = client.Gather(client.Map(Inc, Enumerable.Range(offset, n)));
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Assert.Equal(Enumerable.Range(offset + 1, n), results);
        return seconds;
    }

    /// <summary>Announces a message of <paramref name="bytes"/> before authenticating and sends as much of it as gets through; the bytes sent.</summary>
    internal static async Task<long> FloodAsync(string address, long bytes, CancellationToken cancellationToken)
    {
        using RawPeer peer = await RawPeer.OpenAsync(address);
        byte[] chunk = new byte[1 << 20];
        BitConverter.TryWriteBytes(chunk, bytes);
        long sent = 0;
        try
        {
            while (sent < bytes + 8 && !cancellationToken.IsCancellationRequested)
            {
                await peer.Stream.WriteAsync(chunk, cancellationToken);
                sent += chunk.Length;
                chunk.AsSpan(0, 8).Clear();
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
        }

        return sent;
    }

    private static (long Heap, long WorkingSet, long Allocated) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64, GC.GetTotalAllocatedBytes(precise: true));
    }
}
