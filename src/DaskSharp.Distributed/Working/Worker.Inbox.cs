using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

// What the scheduler tells the worker, decoded: each record becomes events for the state machine.
public sealed partial class Worker
{
    private void HandleSchedulerMessage(ProtocolMessage message, SchedulerOutbox outbox)
    {
        string stimulus = NextStimulus(message.Op);
        switch (message)
        {
            case ComputeTasksMessage m:
                Apply(_state.Handle(ComputeEvents(m, stimulus)), outbox);
                break;

            case FreeKeysMessage m:
                Apply(_state.Handle(new FreeKeysEvent(m.Keys, stimulus)), outbox);
                DropReleased(m.Keys);
                break;
            case CancelComputeMessage m:
                Apply(_state.Handle(PerKey(m.Keys, k => new CancelComputeEvent(k, stimulus))), outbox);
                DropReleased(m.Keys);
                break;
            case PutDataMessage m:
            {
                Dictionary<Key, long> sizes = StoreAll(m.Keys, m.Data);
                Apply(_state.Handle(new PutDataEvent(sizes, stimulus)), outbox);
                var nbytes = new long[m.Keys.Length];
                for (int i = 0; i < nbytes.Length; i++)
                {
                    nbytes[i] = sizes[m.Keys[i]];
                }

                SendToScheduler(new PutDataDoneMessage(m.Keys, nbytes) { RequestId = m.RequestId });
                break;
            }

            case RunMessage m:
                _ = Task.Run(() => OrLeaveForMemoryAsync(() => { RunFunction(m); return Task.CompletedTask; }, () => "running a function for a client"));
                break;
            case StealRequestMessage m:
                Apply(_state.Handle(PerKey(m.Keys, k => new StealRequestEvent(k, stimulus))), outbox);
                DropReleased(m.Keys);
                outbox.Flush(_scheduler!);
                break;
            case AcquireMessage m:
                _ = Task.Run(() => OrLeaveForMemoryAsync(() => AcquireAsync(m), () => $"copying {m.Keys.Length} results from retiring worker {m.From}"));
                break;
            case RetiredMessage:
                _retired.TrySetResult();
                break;
            case RestartMessage:
                _logger.LogInformation("Worker {Address} restarting at the scheduler's request", Address);
                _restartRequested = true;
                _ = Task.Run(async () => await DisposeAsync().ConfigureAwait(false));
                break;
            case UploadAssembliesMessage m:
                foreach (byte[] bytes in m.Assemblies)
                {
                    LoadShippedAssembly(bytes);
                }

                break;
            case ShuffleRunReply or ShuffleStopMessage:
                HandleShuffleMessage(message);
                break;
            default:
                throw new ProtocolException($"'{message.Op}' is not an operation the scheduler sends a worker.");
        }
    }

    /// <summary>One event per task to run; each carries its node, which the state machine hands back with <see cref="Execute"/>.</summary>
    private WorkerEvent[] ComputeEvents(ComputeTasksMessage message, string stimulus)
    {
        var events = new WorkerEvent[message.Tasks.Length];
        for (int t = 0; t < events.Length; t++)
        {
            TaskAssignment a = message.Tasks[t];
            var whoHas = new Dictionary<Key, string[]>(a.Dependencies.Length);
            for (int i = 0; i < a.Dependencies.Length; i++)
            {
                whoHas[a.Dependencies[i]] = a.Holders[i];
            }

            events[t] = new ComputeTaskEvent(a.Key, (a.Generation, a.Order), whoHas, stimulus) { RunSpec = a.Node };
        }

        return events;
    }

    /// <summary>One event per key of a batch.</summary>
    private static WorkerEvent[] PerKey(Key[] keys, Func<Key, WorkerEvent> create)
    {
        var events = new WorkerEvent[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            events[i] = create(keys[i]);
        }

        return events;
    }

    /// <summary>A stimulus id unique in this worker: the cause and a counter, so a key's story tells its events apart.</summary>
    private string NextStimulus(string what) => $"{what}-{Interlocked.Increment(ref _stimulus)}";

    /// <summary>Queues <paramref name="message"/> for the scheduler; false when the link has closed (or never opened).</summary>
    private bool SendToScheduler(ProtocolMessage message) => _scheduler?.Send(MessageCodec.Encode(message)) ?? false;

    /// <summary>The transitions of <paramref name="key"/> on this worker, with their stimulus ids (for tests and diagnostics).</summary>
    internal IReadOnlyList<(Key Key, WorkerTaskState From, WorkerTaskState To, string StimulusId)> Story(Key key)
    {
        lock (_gate)
        {
            return _state.Story(key);
        }
    }
}
