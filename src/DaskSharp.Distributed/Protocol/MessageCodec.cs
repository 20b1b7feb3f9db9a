using DaskSharp.Distributed.Comm;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// The one place that knows how each <see cref="ProtocolMessage"/> travels as a <see cref="Message"/>:
/// its op, its header fields and the positions of its values. <see cref="Decode"/> checks every field
/// it reads, so a shell that dispatches on the decoded record never casts. The wire format is
/// distributed's: batches travel as parallel columns (<c>[keys, nbytes, starts, stops, threads]</c>).
/// </summary>
/// <example>
/// <code>
/// Message wire = MessageCodec.Encode(new FreeKeysMessage([key]));
/// var back = (FreeKeysMessage)MessageCodec.Decode(wire);
/// </code>
/// </example>
internal static partial class MessageCodec
{
    /// <summary>The message that carries <paramref name="message"/>.</summary>
    public static Message Encode(ProtocolMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var header = new Dictionary<string, object?>(StringComparer.Ordinal) { ["op"] = message.Op };
        if (message.RequestId is long id)
        {
            header["id"] = id;
        }

        if (message.ReplyTo is long replyTo)
        {
            header["reply-to"] = replyTo;
        }

        return new Message(header, Fill(message, header));
    }

    /// <summary>Adds <paramref name="message"/>'s header fields to <paramref name="header"/>; its values.</summary>
    private static object?[] Fill(ProtocolMessage message, Dictionary<string, object?> header)
    {
        switch (message)
        {
            // Worker reports first: they are the most frequent.
            case TaskFinishedMessage m:
                return [m.Keys, m.NBytes, .. TimingColumns(m.Timings)];
            case TaskErredMessage m:
                return [m.Keys, m.Errors, .. TimingColumns(m.Timings)];
            case ComputeTasksMessage m:
                return [m.Tasks];
            case FreeKeysMessage m:
                return [m.Keys];
            case CancelComputeMessage m:
                return [m.Keys];
            case StealRequestMessage m:
                return [m.Keys];
            case StealResponseMessage m:
                return [m.Keys, m.Released];
            case ActivityMessage m:
                return ActivityColumns(m.Activities);
            case MissingDataMessage m:
                return [m.Keys, m.Errant];
            case HeartbeatMessage m:
                header["executing"] = m.Executing;
                header["ready"] = m.Ready;
                header["in_memory"] = m.InMemory;
                header["managed_bytes"] = m.ManagedBytes;
                header["spilled_bytes"] = m.SpilledBytes;
                header["paused"] = m.Paused;
                header["process_bytes"] = m.ProcessBytes;
                header["cpu"] = m.Cpu;
                header["disk_write_bytes"] = m.DiskWriteBytes;
                header["disk_read_bytes"] = m.DiskReadBytes;
                header["dropped_bytes"] = m.DroppedBytes;
                if (m.ShuffleDiskBytes > 0)
                {
                    header["shuffle_disk_bytes"] = m.ShuffleDiskBytes;
                }

                return [];
            case WorkerLeavingMessage m:
                header["reason"] = m.Reason;
                return [];
            case ClusterNoticeMessage m:
                header["kind"] = m.Kind;
                header["text"] = m.Text;
                return [];
            case KeysInMemoryMessage m:
                return [m.Keys, m.Holders];
            case KeysErredMessage m:
                return [m.Keys, m.Errors];
            case GetDataMessage m:
                return [m.Keys];
            case DataReply m:
                return [m.Found, .. m.Values, m.Refused, m.Reasons];

            // Registration.
            case RegisterWorkerMessage m:
                header["address"] = m.Address;
                header["name"] = m.WorkerName;
                header["nthreads"] = m.Threads;
                header["memory_limit"] = m.MemoryLimit;
                header["pid"] = m.Pid;
                return [];
            case RegisterClientMessage m:
                header["client"] = m.Client;
                return [];
            case RegisteredReply m:
                header["id"] = m.Id; // the scheduler's id; a registration is not a request, so the name is free
                header["address"] = m.Address;
                header["dashboard_port"] = m.DashboardPort;
                return [];
            case ErrorReply m:
                header["message"] = m.Message;
                return [];

            // A client's requests and their answers.
            case UpdateGraphMessage m:
                return [m.Tasks, m.Wanted];
            case ReleaseKeysMessage m:
                return [m.Keys];
            case WhoHasMessage m:
                return [m.Keys];
            case WhoHasReply m:
                return [m.Keys, m.Holders];
            case ScatterMessage m:
                header["broadcast"] = m.Broadcast;
                return [m.Keys, .. m.Data];
            case RunMessage m:
                return [m.Function];
            case RunResultsReply m:
                return [m.Workers, m.Errors, .. m.Values];
            case PublishDatasetMessage m:
                header["name"] = m.DatasetName;
                header["override"] = m.Override;
                return [m.Keys];
            case GetDatasetMessage m:
                header["name"] = m.DatasetName;
                return [];
            case DatasetReply m:
                return [m.Keys];
            case UnpublishDatasetMessage m:
                header["name"] = m.DatasetName;
                return [];
            case DatasetsReply m:
                return [m.Names];
            case SchedulerInfoReply m:
                header["info"] = m.Info;
                return [];
            case UploadAssembliesMessage m:
                return [.. m.Assemblies];
            case WaitForWorkersMessage m:
                header["n_workers"] = m.Workers;
                header["timeout"] = m.TimeoutSeconds;
                return [];
            case RetryMessage m:
                return [m.Keys];
            case ListDatasetsMessage or SchedulerInfoMessage or RestartMessage or TerminateMessage or RestartedMessage or OkReply or RetireMessage or RetiredMessage:
                return [];

            // The scheduler's requests to workers and their answers.
            case PutDataMessage m:
                return [m.Keys, .. m.Data];
            case PutDataDoneMessage m:
                return [m.Keys, m.NBytes];
            case AcquireMessage m:
                header["from"] = m.From;
                return [m.Keys];
            case AcquiredMessage m:
                return [m.Keys, m.NBytes];
            case ShuffleGetMessage m:
                header["shuffle"] = m.Id;
                header["outputs"] = m.Outputs;
                header["barrier"] = m.Barrier;
                return [];
            case ShuffleBarrierMessage m:
                header["shuffle"] = m.Id;
                header["run"] = m.Run;
                header["consistent"] = m.Consistent;
                header["barrier"] = m.Barrier;
                return [];
            case ShuffleRunReply m:
                header["shuffle"] = m.Id;
                header["run"] = m.Run;
                if (m.Error is not null)
                {
                    header["error"] = m.Error;
                }

                return [m.Workers];
            case ShuffleRescheduleMessage m:
                header["shuffle"] = m.Id;
                header["run"] = m.Run;
                header["owner"] = m.Owner;
                return [new[] { m.Key }];
            case ShuffleStopMessage m:
                header["shuffle"] = m.Id;
                header["run"] = m.Run;
                header["reason"] = m.Reason;
                return [];
            case ShuffleSendMessage m:
                header["shuffle"] = m.Id;
                header["run"] = m.Run;
                header["input"] = m.Input;
                return [m.Outputs, .. m.Data];
            case RunResultMessage m:
                header["worker"] = m.Worker;
                if (m.Error is not null)
                {
                    header["error"] = m.Error;
                }

                if (m.Traceback is not null)
                {
                    header["traceback"] = m.Traceback;
                }

                return [m.Value];
            default:
                throw new ArgumentException($"No encoding for {message.GetType().Name}.", nameof(message));
        }
    }

    /// <summary>Timings as three columns: starts, stops, threads.</summary>
    private static object[] TimingColumns(TaskTiming[] timings)
    {
        var starts = new double[timings.Length];
        var stops = new double[timings.Length];
        var threads = new int[timings.Length];
        for (int i = 0; i < timings.Length; i++)
        {
            (starts[i], stops[i], threads[i]) = (timings[i].Start, timings[i].Stop, timings[i].Thread);
        }

        return [starts, stops, threads];
    }

    /// <summary>
    /// Activities as six columns: kinds, starts, stops, nbytes, peers (empty for none), and the
    /// keys of those that name one (<see cref="WorkerActivity.NamesKey"/>), in order.
    /// </summary>
    private static object?[] ActivityColumns(WorkerActivity[] activities)
    {
        var kinds = new string[activities.Length];
        var starts = new double[activities.Length];
        var stops = new double[activities.Length];
        var nbytes = new long[activities.Length];
        var peers = new string[activities.Length];
        var keys = new List<Key>();
        for (int i = 0; i < activities.Length; i++)
        {
            WorkerActivity a = activities[i];
            (kinds[i], starts[i], stops[i], nbytes[i], peers[i]) = (WorkerActivity.Name(a.Kind), a.Start, a.Stop, a.NBytes, a.Peer ?? string.Empty);
            if (WorkerActivity.NamesKey(a.Kind))
            {
                keys.Add(a.Key ?? throw new ArgumentException($"A {kinds[i]} activity must name the key it is about.", nameof(activities)));
            }
        }

        return [kinds, starts, stops, nbytes, peers, keys.ToArray()];
    }

    private static Key[] Keys(FieldReader f, int index = 0) => f.Value<Key[]>(index, "keys", FieldReader.KeyList);
}
