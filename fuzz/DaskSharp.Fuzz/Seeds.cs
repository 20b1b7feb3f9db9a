using System.Buffers;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Fuzz;

/// <summary>
/// Each target's seeds: valid encodings of real messages, written with the codecs' own encoders,
/// so the fuzzer starts from bytes that reach deep into the decoders. Each file's name starts with the
/// outcome it must have, <c>accepted-</c> or <c>refused-</c> (a handshake with the wrong secret is
/// well formed and refused); the test suite checks it.
/// </summary>
internal static class Seeds
{
    private static readonly Key s_a = new("a-1"), s_b = new("b", 0, 1), s_c = new("c-3");
    private static readonly TaskError s_error = new("System.IO.IOException", "disk on fire", "at Burn()");

    /// <summary>Writes the seed files under <paramref name="corpus"/>/&lt;target&gt;/; the number written.</summary>
    public static int Write(string corpus)
    {
        int written = 0;
        foreach ((string target, IEnumerable<(string Name, byte[] Bytes)> seeds) in new[] { ("frame", Frames()), ("header", Headers()), ("handshake", Handshakes()), ("message", Messages()) })
        {
            string folder = Path.Combine(corpus, target);
            Directory.CreateDirectory(folder);
            foreach ((string name, byte[] bytes) in seeds)
            {
                // A name that says the outcome (refused-…) keeps it; any other seed must be accepted.
                string file = name.StartsWith(FuzzTargets.Refused, StringComparison.Ordinal) ? name : FuzzTargets.Accepted + name;
                FuzzOracleException.Check(FuzzTargets.Run(target, bytes) == FuzzTargets.ExpectedOutcome(file), $"Seed {target}/{file} does not have the outcome its name says.");
                File.WriteAllBytes(Path.Combine(folder, file + ".bin"), bytes);
                written++;
            }
        }

        return written;
    }

    private static int Inc(int x) => x + 1;

    private static GraphNode Node() => TaskSpec.Call((Func<int, int>)Inc, TaskArg.Ref(s_a));

    private static byte[] Framed(params byte[][][] messages)
    {
        var wire = new ArrayBufferWriter<byte>();
        foreach (byte[][] frames in messages)
        {
            FrameCodec.Write(wire, [.. frames.Select(f => (ReadOnlyMemory<byte>)f)]);
        }

        return wire.WrittenSpan.ToArray();
    }

    private static IEnumerable<(string, byte[])> Frames()
    {
        yield return ("empty-message", Framed([]));
        yield return ("one-frame", Framed([HeaderCodec.Encode(("op", "heartbeat"))]));
        yield return ("empty-frames", Framed([[], [], []]));
        yield return ("three-frames", Framed([[1, 2, 3], [4], [.. Enumerable.Range(0, 200).Select(i => (byte)i)]]));
        yield return ("two-messages", Framed([[9, 8, 7]], [[6], [5, 4]]));
        yield return ("partial", Framed([[1, 2, 3, 4, 5, 6, 7, 8]])[..20]);
    }

    private static IEnumerable<(string, byte[])> Headers()
    {
        yield return ("empty", HeaderCodec.Encode());
        yield return ("challenge", HeaderCodec.Encode(("op", "handshake"), ("protocol", 1), ("version", "0.1.0"), ("nonce", new byte[32])));
        yield return ("all-types", HeaderCodec.Encode(("s", "text"), ("i", -5), ("l", long.MinValue), ("b", true), ("d", 2.5), ("bytes", new byte[] { 1, 2 }), ("nil", null)));
        IReadOnlyDictionary<string, object?> heartbeat = MessageCodec.Encode(new HeartbeatMessage(2, 5, 100, 1 << 20, 1 << 10, true, 1L << 30, 97.5)).Header;
        yield return ("heartbeat", HeaderCodec.Encode([.. heartbeat.Select(kv => (kv.Key, kv.Value))]));
        yield return ("unicode", HeaderCodec.Encode(("op", "cluster-notice"), ("kind", "all-paused"), ("text", "Ärger ☃ 𝄞")));
    }

    private static IEnumerable<(string, byte[])> Handshakes()
    {
        byte[] nonce = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];
        yield return ("client-accepted", HandshakeTarget.HonestServer(nonce, accept: true));
        yield return ("refused-client-refused", HandshakeTarget.HonestServer(nonce, accept: false));
        yield return ("refused-server-wrong-proof", Concat(HandshakeTarget.ClientReply(nonce, Handshake.ProtocolVersion), HandshakeTarget.HonestServer(nonce, accept: true)));
        yield return ("refused-server-wrong-protocol", Concat(HandshakeTarget.ClientReply(nonce, 2), HandshakeTarget.HonestServer(nonce, accept: true)));
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    private static IEnumerable<(string, byte[])> Messages()
    {
        int i = 0;
        foreach (ProtocolMessage message in Samples())
        {
            yield return ($"{i++:d2}-{message.Op}", MessageTarget.Wire(message));
        }
    }

    /// <summary>One of every record (as the protocol tests list them), and values of every registered kind.</summary>
    private static IEnumerable<ProtocolMessage> Samples() =>
    [
        new RegisterClientMessage("Client-1"),
        new UpdateGraphMessage([new SubmittedTask(s_b, Node(), [s_a], 3, 1)], [s_b]),
        new ReleaseKeysMessage([s_a, s_b]),
        new WhoHasMessage([s_a]) { RequestId = 7 },
        new ScatterMessage([s_a, s_b], [42, "text"], Broadcast: true) { RequestId = 8 },
        new ScatterMessage([s_a, s_b, s_c], [(1, "two", 3.0), ActionKind.DiskRead, new long[] { 1, -2 }], Broadcast: false) { RequestId = 8 },
        new ScatterMessage([s_a, s_b, s_c], [new string[] { "x", "" }, new bool[] { true }, new byte[] { 1, 2, 3 }], Broadcast: false),
        new RunMessage(Node()) { RequestId = 9 },
        new PublishDatasetMessage("frames", [s_a], Override: true) { RequestId = 10 },
        new GetDatasetMessage("frames") { RequestId = 11 },
        new UnpublishDatasetMessage("frames") { RequestId = 12 },
        new ListDatasetsMessage { RequestId = 13 },
        new SchedulerInfoMessage { RequestId = 14 },
        new WaitForWorkersMessage(3, 12.5) { RequestId = 18 },
        new UploadAssembliesMessage([[1, 2, 3], [4]]),
        new RestartMessage { RequestId = 15 },
        new RetryMessage([s_c]),
        new RegisteredReply("Scheduler-1", "tcp://127.0.0.1:8786", 8787),
        new ErrorReply("no such dataset") { ReplyTo = 11 },
        new OkReply { ReplyTo = 12 },
        new WhoHasReply([s_a, s_b], [["tcp://w1"], []]) { ReplyTo = 7 },
        new DatasetReply([s_a]) { ReplyTo = 11 },
        new DatasetsReply(["frames", "tables"]) { ReplyTo = 13 },
        new RunResultsReply(["tcp://w1", "tcp://w2"], ["", "Boom: no"], [5, null]) { ReplyTo = 9 },
        new SchedulerInfoReply("{\"type\":\"Scheduler\"}") { ReplyTo = 14 },
        new KeysInMemoryMessage([s_a], [["tcp://w1", "tcp://w2"]]),
        new KeysErredMessage([s_a, s_b], [s_error, s_error]),
        new RestartedMessage(),
        new ComputeTasksMessage([new TaskAssignment(s_b, 2, 5, Node(), [s_a], [["tcp://w1"]]), new TaskAssignment(s_c, 3, 6, Node(), [], [])]),
        new FreeKeysMessage([s_a, s_b, s_c]),
        new CancelComputeMessage([s_b]),
        new PutDataMessage([s_a], [new[] { 1.5, 2.5 }]) { RequestId = 16 },
        new StealRequestMessage([s_c]),
        new AcquireMessage("tcp://w2", [s_a, s_b]) { RequestId = 17 },
        new RetiredMessage(),
        new RegisterWorkerMessage("tcp://127.0.0.1:4000", "w-0", 4, 1L << 33, 1234),
        new TaskFinishedMessage([s_a, s_b], [8, 16], [new TaskTiming(1.5, 2.25, 0), TaskTiming.Unknown]),
        new TaskErredMessage([s_c], [s_error], [new TaskTiming(3, 4, 1)]),
        new ActivityMessage([new WorkerActivity(ActionKind.Transfer, 1, 2, 100, "tcp://w2"), new WorkerActivity(ActionKind.DiskWrite, 3, 4, 5, null, s_a), new WorkerActivity(ActionKind.RecomputeDrop, 6, 6, 7, null, s_b)]),
        new StealResponseMessage([s_a, s_b], [true, false]),
        new RetireMessage(),
        new MissingDataMessage([s_a], [["tcp://127.0.0.1:1", "tcp://127.0.0.1:2"]]),
        new HeartbeatMessage(0, 0, 3, 1 << 20, 1 << 19, false, 1L << 31, 3, DiskWriteBytes: 5L << 30, DiskReadBytes: 1 << 20, DroppedBytes: 77),
        new WorkerLeavingMessage("it used 590.00 MiB, 98 % of its 600.00 MiB memory limit"),
        new ClusterNoticeMessage(ClusterNoticeMessage.AllPaused, "All 2 workers are paused"),
        new PutDataDoneMessage([s_a], [16]) { RequestId = 16 },
        new RunResultMessage("tcp://w1", 42, null, null) { RequestId = 9 },
        new RunResultMessage("tcp://w2", null, "System.Exception: no", "at Run()") { RequestId = 9 },
        new AcquiredMessage([s_a, s_b], [1, 2]) { RequestId = 17 },
        new GetDataMessage([s_a, s_b]),
        new DataReply([s_a], ["value"], [s_b], ["cannot travel"]),
    ];
}
