using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The typed protocol: every record survives <see cref="MessageCodec"/> in process and over TCP,
/// every malformed message is refused naming its operation and field, and a real scheduler that
/// receives one drops that peer and goes on serving the others.
/// </summary>
public sealed class ProtocolTests
{
    private static readonly Key s_a = new("a-1"), s_b = new("b", 0, 1), s_c = new("c-3");

    private static int Inc(int x) => x + 1;

    private static GraphNode Node() => TaskSpec.Call((Func<int, int>)Inc, TaskArg.Ref(s_a));

    private static readonly TaskError s_error = new("System.IO.IOException", "disk on fire", "at Burn()");

    /// <summary>One instance of every record, with ids where the operation carries them.</summary>
    internal static IEnumerable<ProtocolMessage> Samples() =>
    [
        new RegisterClientMessage("Client-1"),
        new UpdateGraphMessage([new SubmittedTask(s_b, Node(), [s_a], 3, 1)], [s_b]),
        new ReleaseKeysMessage([s_a, s_b]),
        new WhoHasMessage([s_a]) { RequestId = 7 },
        new ScatterMessage([s_a, s_b], [42, "text"], Broadcast: true) { RequestId = 8 },
        new RunMessage(Node()) { RequestId = 9 },
        new PublishDatasetMessage("frames", [s_a], Override: true) { RequestId = 10 },
        new GetDatasetMessage("frames") { RequestId = 11 },
        new UnpublishDatasetMessage("frames") { RequestId = 12 },
        new ListDatasetsMessage { RequestId = 13 },
        new SchedulerInfoMessage { RequestId = 14 },
        new WaitForWorkersMessage(3, 12.5) { RequestId = 18 },
        new UploadAssembliesMessage([[1, 2, 3], [4]]),
        new RestartMessage { RequestId = 15 },
        new TerminateMessage { RequestId = 19 },
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
        new ComputeTasksMessage([new TaskAssignment(s_b, 2, 5, Node(), [s_a], [["tcp://w1"]])]),
        new FreeKeysMessage([s_a, s_b, s_c]),
        new CancelComputeMessage([s_b]),
        new PutDataMessage([s_a], [new[] { 1.5, 2.5 }]) { RequestId = 16 },
        new StealRequestMessage([s_c]),
        new AcquireMessage("tcp://w2", [s_a, s_b]) { RequestId = 17 },
        new RetiredMessage(),
        new RegisterWorkerMessage("tcp://127.0.0.1:4000", "w-0", 4, 1L << 33, 1234),
        new RegisterWorkerMessage("tcp://127.0.0.1:4001", null, 1, 0, 1),
        new TaskFinishedMessage([s_a, s_b], [8, 16], [new TaskTiming(1.5, 2.25, 0), TaskTiming.Unknown]),
        new TaskErredMessage([s_c], [s_error], [new TaskTiming(3, 4, 1)]),
        new ActivityMessage([new WorkerActivity(ActionKind.Transfer, 1, 2, 100, "tcp://w2"), new WorkerActivity(ActionKind.DiskWrite, 3, 4, 5, null, s_a), new WorkerActivity(ActionKind.RecomputeDrop, 6, 6, 7, null, s_b)]),
        new StealResponseMessage([s_a, s_b], [true, false]),
        new RetireMessage(),
        new MissingDataMessage([s_a], [["tcp://127.0.0.1:1", "tcp://127.0.0.1:2"]]),
        new HeartbeatMessage(2, 5, 100, 1 << 20, 1 << 10, true, 1L << 30, 97.5),
        new HeartbeatMessage(0, 0, 3, 1 << 20, 1 << 19, false, 1L << 31, 3, DiskWriteBytes: 5L << 30, DiskReadBytes: 1 << 20, DroppedBytes: 77),
        new WorkerLeavingMessage("it used 590.00 MiB, 98 % of its 600.00 MiB memory limit"),
        new ClusterNoticeMessage(ClusterNoticeMessage.AllPaused, "All 2 workers are paused"),
        new ClusterNoticeMessage(ClusterNoticeMessage.Resumed, "Workers run tasks again"),
        new PutDataDoneMessage([s_a], [16]) { RequestId = 16 },
        new RunResultMessage("tcp://w1", 42, null, null) { RequestId = 9 },
        new RunResultMessage("tcp://w2", null, "System.Exception: no", "at Run()") { RequestId = 9 },
        new AcquiredMessage([s_a, s_b], [1, 2]) { RequestId = 17 },
        new GetDataMessage([s_a, s_b]),
        new DataReply([s_a], ["value"], [s_b], ["cannot travel"]),
        new ShuffleGetMessage("shuffle-x", 4, "shuffle-barrier-x") { RequestId = 19 },
        new ShuffleBarrierMessage("shuffle-x", 2, Consistent: true, "shuffle-barrier-x") { RequestId = 20 },
        new ShuffleRunReply("shuffle-x", 2, ["tcp://w1", "tcp://w2"], null) { RequestId = 19 },
        new ShuffleRunReply("shuffle-x", 0, [], "Shuffle shuffle-x is not running") { RequestId = 20 },
        new ShuffleStopMessage("shuffle-x", 2, "worker w2 left"),
        new ShuffleRescheduleMessage("shuffle-x", 2, s_b, "tcp://w2") { RequestId = 21 },
        new ShuffleSendMessage("shuffle-x", 2, 3, [0, 1], [[1, 2], [3]]),
        new HeartbeatMessage(0, 0, 3, 1 << 20, 0, false, 1L << 31, 3) { ShuffleDiskBytes = 9 },
    ];

    public static TheoryData<int> SampleIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Samples().Count(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void Samples_CoverEveryRecord()
    {
        Type[] records = [.. typeof(ProtocolMessage).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ProtocolMessage)) && !t.IsAbstract)];
        HashSet<Type> sampled = [.. Samples().Select(s => s.GetType())];
        string[] unsampled = [.. records.Where(r => !sampled.Contains(r)).Select(r => r.Name)];
        Assert.Empty(unsampled);
    }

    [Theory]
    [MemberData(nameof(SampleIndices))]
    public void EncodeThenDecode_InProcess_GivesAnEqualRecord(int index)
    {
        ProtocolMessage sample = Samples().ElementAt(index);
        ProtocolMessage back = MessageCodec.Decode(MessageCodec.Encode(sample));
        Assert.Equal(sample.GetType(), back.GetType());
        Assert.Equal(Describe(sample), Describe(back));
    }

    [Fact]
    public async Task EncodeThenDecode_OverTcp_GivesAnEqualRecord()
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
        foreach (ProtocolMessage sample in Samples())
        {
            await client.SendAsync(MessageCodec.Encode(sample));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Message echoed = await client.ReceiveAsync(timeout.Token) ?? throw new IOException($"The echo server closed instead of returning '{sample.Op}'.");
            ProtocolMessage back = MessageCodec.Decode(echoed);
            Assert.Equal(sample.GetType(), back.GetType());
            Assert.Equal(Describe(sample), Describe(back));
        }
    }

    /// <summary>Batches of any size and content come back as they went, in process.</summary>
    [Property(MaxTest = 100)]
    public void TaskFinished_AnyBatch_RoundTrips(NonEmptyString[] names, long[] nbytes, double[] starts)
    {
        int n = Math.Min(names.Length, Math.Min(nbytes.Length, starts.Length));
        var keys = new Key[n];
        var sizes = new long[n];
        var timings = new TaskTiming[n];
        for (int i = 0; i < n; i++)
        {
            (keys[i], sizes[i], timings[i]) = (new Key(names[i].Get), nbytes[i], new TaskTiming(starts[i], starts[i] + 1, i));
        }

        var sample = new TaskFinishedMessage(keys, sizes, timings);
        Assert.Equal(Describe(sample), Describe(MessageCodec.Decode(MessageCodec.Encode(sample))));
    }

    public static TheoryData<Message, string> Malformed()
    {
        Key[] one = [s_a], three = [s_a, s_b, s_c];
        double[] d1 = [1.0], d3 = [1.0, 2, 3];
        int[] t1 = [0], t3 = [0, 1, 2];
        return new TheoryData<Message, string>
        {
            { Values("task-finished", three, new long[2], d3, d3, t3), "'task-finished': field 'nbytes' must be an integer list as long as 'keys' (3), got 2" },
            { Values("task-finished", one, new long[1], d1, d1), "'task-finished': field 'threads' is missing" },
            { Values("task-finished", "a-1", new long[1], d1, d1, t1), "'task-finished': field 'keys' must be a key list, got String" },
            { Values("task-finished", one, new long[1], d1, d1, t1, 9), "'task-finished': expected 5 values, got 6" },
            { Values("task-finished", one, new long[1], d1, d1, new long[1]), "'task-finished': field 'threads' must be an integer list, got Int64[]" },
            { Values("task-erred", one, new[] { s_error }, d1), "'task-erred': field 'stops' is missing" },
            { Values("task-erred", one, new[] { s_error }, new double[0], d1, t1), "'task-erred': field 'starts' must be a number list as long as 'keys' (1), got 0" },
            { Values("task-erred", one, Array.Empty<TaskError>()), "'task-erred': field 'errors' must be an error list as long as 'keys' (1), got 0" },
            { Values("compute-tasks", (object)one), "'compute-tasks': field 'tasks' must be a task list, got Key[]" },
            { Values("compute-tasks", (object)new[] { new TaskAssignment(s_b, 0, 0, Node(), [s_a], []) }), "'compute-tasks': field 'tasks' holds ('b', 0, 1) with 1 dependencies but 0 holder lists" },
            { Values("free-keys"), "'free-keys': field 'keys' is missing" },
            { Values("free-keys", one, 1), "'free-keys': expected 1 value, got 2" },
            { Values("cancel-compute", [null]), "'cancel-compute': field 'keys' must be a key list, got null" },
            { Values("steal-request", "a"), "'steal-request': field 'keys' must be a key list, got String" },
            { Values("steal-response", one, Array.Empty<bool>()), "'steal-response': field 'released' must be a boolean list as long as 'keys' (1), got 0" },
            { Values("activity", new[] { "teleport" }, d1, d1, new long[1], new[] { "" }, Array.Empty<Key>()), "'activity': field 'kinds' must hold activity names (compute, erred, transfer, disk-write, disk-read, recompute-drop), got 'teleport' at 0" },
            { Values("activity", new[] { "transfer" }, d1, d1, new long[1]), "'activity': field 'peers' is missing" },
            { Values("activity", new[] { "recompute-drop" }, d1, d1, new long[1], new[] { "" }), "'activity': field 'keys' is missing" },
            { Values("activity", new[] { "recompute-drop" }, d1, d1, new long[1], new[] { "" }, Array.Empty<Key>()), "'activity': field 'keys' must hold one key per disk-write, disk-read and recompute-drop (1), got 0" },
            { Values("activity", new[] { "transfer" }, d1, d1, new long[1], new[] { "tcp://w2" }, one), "'activity': field 'keys' must hold one key per disk-write, disk-read and recompute-drop (0), got 1" },
            { Values("missing-data", 42), "'missing-data': field 'keys' must be a key list, got Int32" },
            { Values("missing-data", (object)one), "'missing-data': field 'errant' is missing" },
            { Header("heartbeat", ("executing", 1), ("ready", 0), ("in_memory", 0), ("managed_bytes", 0L), ("spilled_bytes", 0L), ("paused", false), ("process_bytes", 0L)), "'heartbeat': field 'cpu' is missing" },
            { Header("heartbeat", ("executing", "x")), "'heartbeat': field 'executing' must be an integer, got String" },
            { Header("heartbeat", ("executing", -1)), "'heartbeat': field 'executing' must be an integer from 0 to 2147483647, got -1" },
            { Header("heartbeat", ("executing", 1), ("ready", 0), ("in_memory", 0), ("managed_bytes", 0L), ("spilled_bytes", 0L), ("paused", false), ("process_bytes", 0L), ("cpu", 1.5)), "'heartbeat': field 'disk_write_bytes' is missing" },
            { Header("heartbeat", ("executing", 1), ("ready", 0), ("in_memory", 0), ("managed_bytes", 0L), ("spilled_bytes", 0L), ("paused", false), ("process_bytes", 0L), ("cpu", 1.5), ("disk_write_bytes", 0L), ("disk_read_bytes", -4L)), "'heartbeat': field 'disk_read_bytes' must be a count of at least 0, got -4" },
            { Header("heartbeat", ("executing", 1), ("ready", 0), ("in_memory", 0), ("managed_bytes", 0L), ("spilled_bytes", 0L), ("paused", false), ("process_bytes", 0L), ("cpu", 1.5), ("disk_write_bytes", 0L), ("disk_read_bytes", 0L), ("dropped_bytes", "x")), "'heartbeat': field 'dropped_bytes' must be an integer, got String" },
            { Header("worker-leaving"), "'worker-leaving': field 'reason' is missing" },
            { Header("worker-leaving", ("reason", "")), "'worker-leaving': field 'reason' must be a non-empty string, got an empty one" },
            { Header("worker-leaving", ("reason", "oom")).WithValues("extra"), "'worker-leaving': expected 0 values, got 1" },
            { Header("cluster-notice", ("kind", "on-fire"), ("text", "help")), "'cluster-notice': field 'kind' must be 'all-paused' or 'resumed', got 'on-fire'" },
            { Header("cluster-notice", ("kind", "all-paused")), "'cluster-notice': field 'text' is missing" },
            { Header("cluster-notice", ("kind", 3), ("text", "t")), "'cluster-notice': field 'kind' must be a non-empty string, got Int32" },
            { Values("key-in-memory", one, new[] { new[] { "w" }, new[] { "v" } }), "'key-in-memory': field 'holders' must be a list of address lists as long as 'keys' (1), got 2" },
            { Values("key-in-memory", one, new string[][] { null! }), "'key-in-memory': field 'holders' must be a list of address lists, got null at 0" },
            { Values("get-data", "a"), "'get-data': field 'keys' must be a key list, got String" },
            { Values("data", new[] { s_a, s_b }, "v", Array.Empty<Key>(), Array.Empty<string>()), "'data': field 'values' must hold as many values as 'found' (2), got 1" },
            { Values("data", one, "v", one, Array.Empty<string>()), "'data': field 'reasons' must be a string list as long as 'refused' (1), got 0" },
            { Header("register-worker", ("nthreads", 1)), "'register-worker': field 'address' is missing" },
            { Header("register-worker", ("address", "tcp://w"), ("nthreads", 0), ("memory_limit", 0), ("pid", 1)), "'register-worker': field 'nthreads' must be an integer from 1 to 2147483647, got 0" },
            { Header("register-worker", ("address", "tcp://w"), ("name", 3), ("nthreads", 1), ("memory_limit", 0), ("pid", 1)), "'register-worker': field 'name' must be a string, got Int32" },
            { Header("register-client", ("client", "")), "'register-client': field 'client' must be a non-empty string, got an empty one" },
            { Header("registered", ("id", "S"), ("address", "tcp://s"), ("dashboard_port", "x")), "'registered': field 'dashboard_port' must be an integer, got String" },
            { Header("error"), "'error': field 'message' is missing" },
            { Values("update-graph", "not a graph", 42), "'update-graph': field 'tasks' must be a task list, got String" },
            { Values("update-graph", (object)Array.Empty<SubmittedTask>()), "'update-graph': field 'wanted' is missing" },
            { Values("release-keys"), "'release-keys': field 'keys' is missing" },
            { Values("who-has", one, new string[1][]), "'who-has': expected 1 value, got 2" },
            { Reply(Values("who-has", (object)one)), "'who-has': field 'holders' is missing" },
            { Header("scatter", ("broadcast", false)).WithValues(new[] { s_a, s_b }, 1), "'scatter': field 'data' must hold as many values as 'keys' (2), got 1" },
            { Values("scatter", one, 1), "'scatter': field 'broadcast' is missing" },
            { Values("run", 42), "'run': field 'function' must be a task, got Int32" },
            { Values("run-results", new[] { "w" }, Array.Empty<string>(), 1), "'run-results': field 'errors' must be a string list as long as 'workers' (1), got 0" },
            { Header("publish-dataset", ("name", "d"), ("override", "yes")).WithValues((object)one), "'publish-dataset': field 'override' must be a boolean, got String" },
            { Header("get-dataset"), "'get-dataset': field 'name' is missing" },
            { Header("unpublish-dataset", ("name", 5)), "'unpublish-dataset': field 'name' must be a non-empty string, got Int32" },
            { Values("dataset"), "'dataset': field 'keys' is missing" },
            { Values("list-datasets", 1), "'list-datasets': expected 0 values, got 1" },
            { Values("datasets", (object)one), "'datasets': field 'names' must be a string list, got Key[]" },
            { Reply(Header("scheduler-info")), "'scheduler-info': field 'info' is missing" },
            { Values("scheduler-info", 1), "'scheduler-info': expected 0 values, got 1" },
            { Header("wait-for-workers", ("n_workers", -1), ("timeout", 1.0)), "'wait-for-workers': field 'n_workers' must be an integer from 0 to 2147483647, got -1" },
            { Header("wait-for-workers", ("n_workers", 2), ("timeout", "10s")), "'wait-for-workers': field 'timeout' must be a number, got String" },
            { Values("upload-assemblies", new byte[] { 1 }, "x"), "'upload-assemblies': field 'assemblies' must be a list of byte arrays, got String" },
            { Values("restart", 1), "'restart': expected 0 values, got 1" },
            { Values("terminate", 1), "'terminate': expected 0 values, got 1" },
            { Values("restarted", 1), "'restarted': expected 0 values, got 1" },
            { Values("ok", 1), "'ok': expected 0 values, got 1" },
            { Values("retire", 1), "'retire': expected 0 values, got 1" },
            { Values("retired", 1), "'retired': expected 0 values, got 1" },
            { Values("retry", "a"), "'retry': field 'keys' must be a key list, got String" },
            { Values("put-data", one, 1), "'put-data': field 'id' is missing" },
            { Header("put-data", ("id", "x")).WithValues(one, 1), "'put-data': field 'id' must be an integer, got String" },
            { Header("put-data-done", ("id", 1)).WithValues(one, new int[1]), "'put-data-done': field 'nbytes' must be an integer list, got Int32[]" },
            { Header("acquire", ("id", 1)).WithValues((object)one), "'acquire': field 'from' is missing" },
            { Header("acquired", ("id", 1)).WithValues(one, new long[2]), "'acquired': field 'nbytes' must be an integer list as long as 'keys' (1), got 2" },
            { Header("run-result", ("id", 1)).WithValues(5), "'run-result': field 'worker' is missing" },
            { Header("run-result", ("id", 1), ("worker", "w"), ("error", 5)).WithValues(5), "'run-result': field 'error' must be a string, got Int32" },
            { Header("run-result", ("id", 1), ("worker", "w")), "'run-result': field 'value' is missing" },
            { Header("ok", ("reply-to", "x")), "'ok': field 'reply-to' must be an integer, got String" },
            { Header("rm-rf"), "Unknown operation 'rm-rf'" },
            { Header("shuffle-get-or-create", ("id", 1), ("shuffle", "x"), ("outputs", 2)), "'shuffle-get-or-create': field 'barrier' is missing" },
            { Header("shuffle-barrier", ("id", 1), ("shuffle", "x"), ("run", 1), ("consistent", true)), "'shuffle-barrier': field 'barrier' is missing" },
            { Header("shuffle-run", ("id", 1), ("shuffle", "x"), ("run", 1)), "'shuffle-run': field 'workers' is missing" },
            { Header("shuffle-stop", ("shuffle", "x"), ("run", 1)), "'shuffle-stop': field 'reason' is missing" },
            { Header("shuffle-reschedule", ("id", 1), ("shuffle", "x"), ("run", 1), ("owner", "w")), "'shuffle-reschedule': field 'key' is missing" },
            { Header("shuffle-send", ("shuffle", "x"), ("run", 1), ("input", 0)).WithValues(new[] { 0, 1 }, new byte[] { 1 }), "'shuffle-send': field 'data' is missing" },
            { new Message(("client", "x")), "A message has no 'op' field" },
            { new Message(("op", 5)), "A message's 'op' must be a string, got Int32" },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_MalformedMessage_RaisesNamingOpAndField(Message message, string expected)
    {
        var e = Assert.Throws<ProtocolException>(() => MessageCodec.Decode(message));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Malformed_CoversEveryOperation()
    {
        HashSet<string> covered = [.. Malformed().Select(row => ((Message)row[0]).Op ?? string.Empty)];
        string[] uncovered = [.. Samples().Select(s => s.Op).Distinct().Where(op => !covered.Contains(op))];
        Assert.Empty(uncovered);
    }

    [Fact]
    public async Task RealScheduler_MalformedMessagesFromAWorkerAndAClient_AreLoggedAndTheRestAreServed()
    {
        var logger = new CapturingLogger();
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync(new Scheduling.SchedulerOptions { Logger = logger });
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Assert.Equal(2, client.Submit(Inc, 1).Result(TimeSpan.FromSeconds(30)));

        // An authenticated "worker" whose task report has fewer sizes than keys.
        await using (IComm fake = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            await fake.SendAsync(MessageCodec.Encode(new RegisterWorkerMessage("tcp://127.0.0.1:1", "fake", 1, 0, 1)));
            Assert.IsType<RegisteredReply>(MessageCodec.Decode((await fake.ReceiveAsync())!));
            await fake.SendAsync(Values("task-finished", new[] { s_a, s_b, s_c }, new long[2], new double[3], new double[3], new int[3]));
            await WaitUntilClosedAsync(fake, "the scheduler to close the fake worker's connection");
        }

        // An authenticated client whose scatter has fewer values than keys.
        await using (IComm raw = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            await raw.SendAsync(MessageCodec.Encode(new RegisterClientMessage("raw")));
            Assert.IsType<RegisteredReply>(MessageCodec.Decode((await raw.ReceiveAsync())!));
            await raw.SendAsync(Header("scatter", ("broadcast", false), ("id", 1L)).WithValues(new[] { s_a, s_b }, 1));
            await WaitUntilClosedAsync(raw, "the scheduler to close the raw client's connection");
        }

        Assert.Equal(2, scheduler.RefusedConnections);
        string[] warnings = [.. logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];
        Assert.Contains(warnings, w => w.EndsWith(": 'task-finished': field 'nbytes' must be an integer list as long as 'keys' (3), got 2", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.EndsWith(": 'scatter': field 'data' must hold as many values as 'keys' (2), got 1", StringComparison.Ordinal));

        // The real worker and client never noticed.
        Assert.Equal(Enumerable.Range(1, 50), client.Gather(client.Map(Inc, Enumerable.Range(0, 50))));
    }

    [Fact]
    public async Task RealScheduler_AWellFormedMessageAPeerMayNotSend_ClosesThatPeerOnly()
    {
        var logger = new CapturingLogger();
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync(new Scheduling.SchedulerOptions { Logger = logger });
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        await using (IComm raw = await Comms.ConnectAsync(scheduler.Address, scheduler.Secret))
        {
            await raw.SendAsync(MessageCodec.Encode(new RegisterClientMessage("raw")));
            Assert.IsType<RegisteredReply>(MessageCodec.Decode((await raw.ReceiveAsync())!));
            await raw.SendAsync(MessageCodec.Encode(new TaskFinishedMessage([s_a], [1], [TaskTiming.Unknown])));
            await WaitUntilClosedAsync(raw, "the scheduler to close a client that sent a worker's report");
        }

        Assert.Equal(1, scheduler.RefusedConnections);
        Assert.Contains(logger.Entries, e => e.Message.Contains("'task-finished' is not an operation a client sends; client raw sent it.", StringComparison.Ordinal));
        Assert.Equal(3, client.Submit(Inc, 2).Result(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task RealWorker_MalformedMessagesFromItsScheduler_AreLoggedAndTheNextOneIsServed()
    {
        var logger = new CapturingLogger();
        var answered = new TaskCompletionSource<ProtocolMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        string secret = Handshake.NewSecret();
        await using IListener fakeScheduler = Comms.Listen("tcp://127.0.0.1:0", secret, async (comm, ct) =>
        {
            Assert.IsType<RegisterWorkerMessage>(MessageCodec.Decode((await comm.ReceiveAsync(ct))!));
            await comm.SendAsync(MessageCodec.Encode(new RegisteredReply("Scheduler-fake", "tcp://127.0.0.1:1", 0)), ct);
            await comm.SendAsync(Values("free-keys", "a-1"), ct);
            await comm.SendAsync(Header("rm-rf"), ct);
            await comm.SendAsync(MessageCodec.Encode(new PutDataMessage([s_a], [41]) { RequestId = 5 }), ct);
            while (await comm.ReceiveAsync(ct) is { } message)
            {
                if (MessageCodec.Decode(message) is PutDataDoneMessage done)
                {
                    answered.TrySetResult(done);
                }
            }
        });
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = fakeScheduler.Address, Secret = secret, Threads = 1, Logger = logger });

        var done = Assert.IsType<PutDataDoneMessage>(await answered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(5, done.RequestId);
        Assert.Equal([s_a], done.Keys);
        Assert.Contains(s_a, worker.Keys);
        string[] errors = [.. logger.Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message)];
        Assert.Contains(errors, e => e.EndsWith(": 'free-keys': field 'keys' must be a key list, got String", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith(": Unknown operation 'rm-rf'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StimulusIds_AreUniquePerEvent_SoAKeysStoryTellsTwoRunsApart()
    {
        await using Scheduling.Scheduler scheduler = await Scheduling.Scheduler.StartAsync();
        await using Working.Worker worker = await Working.Worker.StartAsync(new Working.WorkerOptions { SchedulerAddress = scheduler.Address, Secret = scheduler.Secret, Threads = 1 });
        using var client = new Client(scheduler.Address, secret: scheduler.Secret);
        Future<int> f = client.Submit((int x) => x > 0 ? throw new IOException("always") : x, 1);
        Assert.NotNull(f.Exception(TimeSpan.FromSeconds(30)));
        f.Retry();
        Assert.NotNull(f.Exception(TimeSpan.FromSeconds(30)));

        // The worker ran the key twice: each failure is its own event.
        string[] workerErred = [.. worker.Story(f.Key).Where(s => s.To == Working.WorkerTaskState.Error).Select(s => s.StimulusId)];
        Assert.Equal(2, workerErred.Length);
        Assert.All(workerErred, id => Assert.Matches("^task-erred-[0-9]+$", id));
        Assert.NotEqual(workerErred[0], workerErred[1]);

        // So did the scheduler, which heard of each in its own message.
        string[] schedulerErred = await scheduler.InvokeAsync(s => s.Story(f.Key).Where(t => t.To == Scheduling.TaskState.Erred).Select(t => t.StimulusId).ToArray());
        Assert.Equal(2, schedulerErred.Length);
        Assert.All(schedulerErred, id => Assert.Matches("^task-erred-[0-9]+$", id));
        Assert.NotEqual(schedulerErred[0], schedulerErred[1]);
    }

    /// <summary>Reads (and drops: a registered peer may be sent assemblies or work) until the other side closes.</summary>
    private static async Task WaitUntilClosedAsync(IComm comm, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await comm.ReceiveAsync(timeout.Token) is not null)
            {
            }
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"Waited 10 s for {what}.", e);
        }
    }

    private static Message Values(string op, params object?[] values) => new(op, values);

    private static Message Header(string op, params (string Name, object? Value)[] fields) => new([("op", op), .. fields]);

    private static Message Reply(Message message) =>
        new(new Dictionary<string, object?>(message.Header, StringComparer.Ordinal) { ["reply-to"] = 1L }, message.Values);

    /// <summary>
    /// A record's content as text, to compare what went with what came: arrays element by element,
    /// task nodes as a placeholder (a graph node in process becomes its bytes over TCP) and errors
    /// without the exception object (which stays in its process).
    /// </summary>
    private static string Describe(object? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append('"').Append(s).Append('"');
                break;
            case Key k:
                text.Append("Key(").Append(k).Append(')');
                break;
            case GraphNode or SerializedTask:
                text.Append("<task>");
                break;
            case TaskError e:
                text.Append("TaskError(").Append(e.TypeName).Append('|').Append(e.Message).Append('|').Append(e.Traceback).Append(')');
                break;
            case byte[] bytes:
                text.Append("bytes:").Append(Convert.ToHexString(bytes));
                break;
            case IFormattable f when value.GetType().IsPrimitive:
                text.Append(value.GetType().Name).Append(':').Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            case bool b:
                text.Append(b);
                break;
            case Enum:
                text.Append(value);
                break;
            case IEnumerable items:
                text.Append('[');
                foreach (object? item in items)
                {
                    Append(text, item);
                    text.Append(", ");
                }

                text.Append(']');
                break;
            default:
                text.Append(value.GetType().Name).Append('{');
                foreach (PropertyInfo p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(p.Name).Append('=');
                    Append(text, p.GetValue(value));
                    text.Append("; ");
                }

                text.Append('}');
                break;
        }
    }
}

/// <summary>Values for a header-only test message.</summary>
internal static class MessageTestExtensions
{
    public static Message WithValues(this Message message, params object?[] values) => new(message.Header, values);
}
