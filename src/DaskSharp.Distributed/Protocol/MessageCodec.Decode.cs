using DaskSharp.Distributed.Comm;
using DaskSharp.Graphs;
using static DaskSharp.Distributed.Protocol.FieldReader;

namespace DaskSharp.Distributed.Protocol;

// Decoding: every field read is checked; a message that does not fit raises naming op and field.
internal static partial class MessageCodec
{
    /// <summary>The record <paramref name="message"/> carries.</summary>
    /// <exception cref="ProtocolException">naming the operation and the field when a field is missing, of the wrong type or length, or the operation is unknown.</exception>
    public static ProtocolMessage Decode(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Header.GetValueOrDefault("op") is not string op)
        {
            throw new ProtocolException(message.Header.TryGetValue("op", out object? odd)
                ? $"A message's 'op' must be a string, got {odd?.GetType().Name ?? "null"}"
                : "A message has no 'op' field");
        }

        var f = new FieldReader(message, op);
        ProtocolMessage decoded = DecodeOp(f, message.Header.ContainsKey("reply-to"));

        // The registration reply's id is the scheduler's name, not a request id.
        long? requestId = op == RegisteredReply.OpName ? null : f.OptionalInteger("id");
        long? replyTo = f.OptionalInteger("reply-to");
        return requestId is null && replyTo is null ? decoded : decoded with { RequestId = requestId, ReplyTo = replyTo };
    }

    /// <summary>The record <paramref name="message"/> carries, which must be a <typeparamref name="T"/>.</summary>
    /// <exception cref="ProtocolException">when it does not decode, or is another operation.</exception>
    public static T Decode<T>(Message message, string expected)
        where T : ProtocolMessage
    {
        ProtocolMessage decoded = Decode(message);
        return decoded as T ?? throw new ProtocolException($"Expected '{expected}', got '{decoded.Op}'");
    }

    private static ProtocolMessage DecodeOp(FieldReader f, bool isReply)
    {
        switch (f.Op)
        {
            case TaskFinishedMessage.OpName:
            {
                Key[] keys = Keys(f);
                long[] nbytes = f.Column<long[]>(1, "nbytes", IntegerList, keys.Length, "keys");
                TaskTiming[] timings = Timings(f, 2, keys.Length);
                return Ended(f, 5, new TaskFinishedMessage(keys, nbytes, timings));
            }

            case TaskErredMessage.OpName when f.Count == 2:
            {
                // The scheduler's report to a client: no timing columns.
                Key[] keys = Keys(f);
                return new KeysErredMessage(keys, f.Column<TaskError[]>(1, "errors", ErrorList, keys.Length, "keys"));
            }

            case TaskErredMessage.OpName:
            {
                Key[] keys = Keys(f);
                TaskError[] errors = f.Column<TaskError[]>(1, "errors", ErrorList, keys.Length, "keys");
                TaskTiming[] timings = Timings(f, 2, keys.Length);
                return Ended(f, 5, new TaskErredMessage(keys, errors, timings));
            }

            case ComputeTasksMessage.OpName:
                return Ended(f, 1, new ComputeTasksMessage(Assignments(f)));
            case FreeKeysMessage.OpName:
                return Ended(f, 1, new FreeKeysMessage(Keys(f)));
            case CancelComputeMessage.OpName:
                return Ended(f, 1, new CancelComputeMessage(Keys(f)));
            case StealRequestMessage.OpName:
                return Ended(f, 1, new StealRequestMessage(Keys(f)));
            case StealResponseMessage.OpName:
            {
                Key[] keys = Keys(f);
                bool[] released = f.Column<bool[]>(1, "released", BooleanList, keys.Length, "keys");
                return Ended(f, 2, new StealResponseMessage(keys, released));
            }

            case ActivityMessage.OpName:
                return Activity(f);
            case MissingDataMessage.OpName:
            {
                Key[] keys = Keys(f);
                string[][] errant = f.Holders(1, "errant", keys.Length, "keys");
                return Ended(f, 2, new MissingDataMessage(keys, errant));
            }
            case HeartbeatMessage.OpName:
                return Ended(f, 0, new HeartbeatMessage(
                    f.Int32("executing", 0), f.Int32("ready", 0), f.Int32("in_memory", 0), f.Integer("managed_bytes"),
                    f.Integer("spilled_bytes"), f.Flag("paused"), f.Integer("process_bytes"), f.Number("cpu"),
                    f.Counter("disk_write_bytes"), f.Counter("disk_read_bytes"), f.Counter("dropped_bytes")) { ShuffleDiskBytes = Math.Max(0, f.OptionalInteger("shuffle_disk_bytes") ?? 0) });
            case WorkerLeavingMessage.OpName:
                return Ended(f, 0, new WorkerLeavingMessage(f.Text("reason")));
            case ClusterNoticeMessage.OpName:
                return Ended(f, 0, new ClusterNoticeMessage(NoticeKind(f), f.Text("text")));
            case KeysInMemoryMessage.OpName:
            {
                Key[] keys = Keys(f);
                string[][] holders = f.Holders(1, "holders", keys.Length, "keys");
                return Ended(f, 2, new KeysInMemoryMessage(keys, holders));
            }

            case GetDataMessage.OpName:
                return Ended(f, 1, new GetDataMessage(Keys(f)));
            case DataReply.OpName:
            {
                Key[] found = f.Value<Key[]>(0, "found", KeyList);
                object?[] values = f.Slice(1, found.Length, "values", "found", trailing: 2);
                Key[] refused = f.Value<Key[]>(found.Length + 1, "refused", KeyList);
                string[] reasons = f.Column<string[]>(found.Length + 2, "reasons", StringList, refused.Length, "refused");
                return new DataReply(found, values, refused, reasons);
            }

            case RegisterWorkerMessage.OpName:
                return Ended(f, 0, new RegisterWorkerMessage(f.Text("address"), f.OptionalString("name"), f.Int32("nthreads", 1), f.Integer("memory_limit"), f.Integer("pid")));
            case RegisterClientMessage.OpName:
                return Ended(f, 0, new RegisterClientMessage(f.Text("client")));
            case RegisteredReply.OpName:
                return Ended(f, 0, new RegisteredReply(f.String("id"), f.String("address"), f.Int32("dashboard_port", 0)));
            case ErrorReply.OpName:
                return Ended(f, 0, new ErrorReply(f.String("message")));

            case UpdateGraphMessage.OpName:
            {
                SubmittedTask[] tasks = f.Value<SubmittedTask[]>(0, "tasks", TaskList);
                Key[] wanted = f.Value<Key[]>(1, "wanted", KeyList);
                return Ended(f, 2, new UpdateGraphMessage(tasks, wanted));
            }

            case ReleaseKeysMessage.OpName:
                return Ended(f, 1, new ReleaseKeysMessage(Keys(f)));
            case WhoHasReply.OpName when isReply:
            {
                Key[] keys = Keys(f);
                string[][] holders = f.Holders(1, "holders", keys.Length, "keys");
                return Ended(f, 2, new WhoHasReply(keys, holders));
            }

            case WhoHasMessage.OpName:
                return Ended(f, 1, new WhoHasMessage(Keys(f)));
            case ScatterMessage.OpName:
            {
                Key[] keys = Keys(f);
                return new ScatterMessage(keys, f.Slice(1, keys.Length, "data", "keys"), f.Flag("broadcast"));
            }

            case RunMessage.OpName:
                return Ended(f, 1, new RunMessage(f.Task(0, "function")));
            case RunResultsReply.OpName:
            {
                string[] workers = f.Value<string[]>(0, "workers", StringList);
                string[] errors = f.Column<string[]>(1, "errors", StringList, workers.Length, "workers");
                return new RunResultsReply(workers, errors, f.Slice(2, workers.Length, "values", "workers"));
            }

            case PublishDatasetMessage.OpName:
                return Ended(f, 1, new PublishDatasetMessage(f.Text("name"), Keys(f), f.Flag("override")));
            case GetDatasetMessage.OpName:
                return Ended(f, 0, new GetDatasetMessage(f.Text("name")));
            case DatasetReply.OpName:
                return Ended(f, 1, new DatasetReply(Keys(f)));
            case UnpublishDatasetMessage.OpName:
                return Ended(f, 0, new UnpublishDatasetMessage(f.Text("name")));
            case ListDatasetsMessage.OpName:
                return Ended(f, 0, new ListDatasetsMessage());
            case DatasetsReply.OpName:
                return Ended(f, 1, new DatasetsReply(f.Value<string[]>(0, "names", StringList)));
            case SchedulerInfoReply.OpName when isReply:
                return Ended(f, 0, new SchedulerInfoReply(f.String("info")));
            case SchedulerInfoMessage.OpName:
                return Ended(f, 0, new SchedulerInfoMessage());
            case WaitForWorkersMessage.OpName:
                return Ended(f, 0, new WaitForWorkersMessage(f.Int32("n_workers", 0), f.Number("timeout")));
            case UploadAssembliesMessage.OpName:
            {
                var assemblies = new byte[f.Count][];
                for (int i = 0; i < assemblies.Length; i++)
                {
                    assemblies[i] = f.Value<byte[]>(i, "assemblies", "a list of byte arrays");
                }

                return new UploadAssembliesMessage(assemblies);
            }

            case RetryMessage.OpName:
                return Ended(f, 1, new RetryMessage(Keys(f)));
            case RestartMessage.OpName:
                return Ended(f, 0, new RestartMessage());
            case TerminateMessage.OpName:
                return Ended(f, 0, new TerminateMessage());
            case RestartedMessage.OpName:
                return Ended(f, 0, new RestartedMessage());
            case OkReply.OpName:
                return Ended(f, 0, new OkReply());
            case RetireMessage.OpName:
                return Ended(f, 0, new RetireMessage());
            case RetiredMessage.OpName:
                return Ended(f, 0, new RetiredMessage());

            case PutDataMessage.OpName:
            {
                f.RequestId();
                Key[] keys = Keys(f);
                return new PutDataMessage(keys, f.Slice(1, keys.Length, "data", "keys"));
            }

            case PutDataDoneMessage.OpName:
            {
                f.RequestId();
                Key[] keys = Keys(f);
                long[] nbytes = f.Column<long[]>(1, "nbytes", IntegerList, keys.Length, "keys");
                return Ended(f, 2, new PutDataDoneMessage(keys, nbytes));
            }

            case AcquireMessage.OpName:
                f.RequestId();
                return Ended(f, 1, new AcquireMessage(f.Text("from"), Keys(f)));
            case AcquiredMessage.OpName:
            {
                f.RequestId();
                Key[] keys = Keys(f);
                long[] nbytes = f.Column<long[]>(1, "nbytes", IntegerList, keys.Length, "keys");
                return Ended(f, 2, new AcquiredMessage(keys, nbytes));
            }

            case RunResultMessage.OpName:
                f.RequestId();
                return Ended(f, 1, new RunResultMessage(f.Text("worker"), f.Any(0, "value"), f.OptionalString("error"), f.OptionalString("traceback")));
            case ShuffleGetMessage.OpName:
                f.RequestId();
                return Ended(f, 0, new ShuffleGetMessage(f.Text("shuffle"), f.Int32("outputs", 1), f.Text("barrier")));
            case ShuffleBarrierMessage.OpName:
                f.RequestId();
                return Ended(f, 0, new ShuffleBarrierMessage(f.Text("shuffle"), f.Integer("run"), f.Flag("consistent"), f.Text("barrier")));
            case ShuffleRunReply.OpName:
                f.RequestId();
                return Ended(f, 1, new ShuffleRunReply(f.Text("shuffle"), f.Integer("run"), f.Value<string[]>(0, "workers", StringList), f.OptionalString("error")));
            case ShuffleRescheduleMessage.OpName:
            {
                f.RequestId();
                Key[] key = f.Column<Key[]>(0, "key", KeyList, 1, "one key");
                return Ended(f, 1, new ShuffleRescheduleMessage(f.Text("shuffle"), f.Integer("run"), key[0], f.Text("owner")));
            }

            case ShuffleStopMessage.OpName:
                return Ended(f, 0, new ShuffleStopMessage(f.Text("shuffle"), f.Integer("run"), f.Text("reason")));
            case ShuffleSendMessage.OpName:
            {
                int[] outputs = f.Value<int[]>(0, "outputs", IntegerList);
                var data = new byte[outputs.Length][];
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = f.Value<byte[]>(i + 1, "data", "a list of byte arrays");
                }

                return Ended(f, outputs.Length + 1, new ShuffleSendMessage(f.Text("shuffle"), f.Integer("run"), f.Int32("input", 0), outputs, data));
            }

            default:
                throw new ProtocolException($"Unknown operation '{f.Op}'");
        }
    }

    /// <summary>A <c>cluster-notice</c>'s kind, one of those the client knows.</summary>
    private static string NoticeKind(FieldReader f) => f.Text("kind") switch
    {
        ClusterNoticeMessage.AllPaused => ClusterNoticeMessage.AllPaused,
        ClusterNoticeMessage.Resumed => ClusterNoticeMessage.Resumed,
        var other => throw new ProtocolException($"'{f.Op}': field 'kind' must be '{ClusterNoticeMessage.AllPaused}' or '{ClusterNoticeMessage.Resumed}', got '{other}'"),
    };

    /// <summary>Returns <paramref name="message"/> (whose fields were read first, so a missing one is named) once no value follows them.</summary>
    private static T Ended<T>(FieldReader f, int count, T message)
    {
        f.End(count);
        return message;
    }

    /// <summary>The tasks of a <c>compute-tasks</c>, each with a holder list per dependency.</summary>
    private static TaskAssignment[] Assignments(FieldReader f)
    {
        TaskAssignment[] tasks = f.Value<TaskAssignment[]>(0, "tasks", TaskList);
        foreach (TaskAssignment t in tasks)
        {
            if (t.Holders.Length != t.Dependencies.Length)
            {
                throw new ProtocolException($"'{f.Op}': field 'tasks' holds {t.Key} with {t.Dependencies.Length} dependencies but {t.Holders.Length} holder lists");
            }
        }

        return tasks;
    }

    /// <summary>Three timing columns from <paramref name="first"/> on, each as long as the keys.</summary>
    private static TaskTiming[] Timings(FieldReader f, int first, int count)
    {
        double[] starts = f.Column<double[]>(first, "starts", NumberList, count, "keys");
        double[] stops = f.Column<double[]>(first + 1, "stops", NumberList, count, "keys");
        int[] threads = f.Column<int[]>(first + 2, "threads", IntegerList, count, "keys");
        var timings = new TaskTiming[count];
        for (int i = 0; i < count; i++)
        {
            timings[i] = new TaskTiming(starts[i], stops[i], threads[i]);
        }

        return timings;
    }

    private static ActivityMessage Activity(FieldReader f)
    {
        string[] kinds = f.Value<string[]>(0, "kinds", StringList);
        double[] starts = f.Column<double[]>(1, "starts", NumberList, kinds.Length, "kinds");
        double[] stops = f.Column<double[]>(2, "stops", NumberList, kinds.Length, "kinds");
        long[] nbytes = f.Column<long[]>(3, "nbytes", IntegerList, kinds.Length, "kinds");
        string[] peers = f.Column<string[]>(4, "peers", StringList, kinds.Length, "kinds");
        Key[] keys = f.Value<Key[]>(5, "keys", KeyList);
        f.End(6);
        var activities = new WorkerActivity[kinds.Length];
        int keyed = 0;
        for (int i = 0; i < kinds.Length; i++)
        {
            if (!WorkerActivity.TryParse(kinds[i], out ActionKind kind))
            {
                throw new ProtocolException($"'{f.Op}': field 'kinds' must hold activity names (compute, erred, transfer, disk-write, disk-read, recompute-drop), got '{kinds[i]}' at {i}");
            }

            Key? key = null;
            if (WorkerActivity.NamesKey(kind))
            {
                key = keyed < keys.Length ? keys[keyed] : null;
                keyed++;
            }

            activities[i] = new WorkerActivity(kind, starts[i], stops[i], nbytes[i], peers[i] is { Length: > 0 } p ? p : null, key);
        }

        if (keyed != keys.Length)
        {
            throw new ProtocolException($"'{f.Op}': field 'keys' must hold one key per disk-write, disk-read and recompute-drop ({keyed}), got {keys.Length}");
        }

        return new ActivityMessage(activities);
    }
}
