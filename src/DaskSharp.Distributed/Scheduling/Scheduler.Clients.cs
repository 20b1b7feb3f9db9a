using System.Text.Json;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Scheduling;

// What clients ask for, and the requests the scheduler answers once workers have replied.
public sealed partial class Scheduler
{
    private void HandleClientMessage(Peer client, ProtocolMessage message, List<SchedulerInstruction> output)
    {
        string stimulus = NextStimulus(message.Op);
        switch (message)
        {
            case UpdateGraphMessage m:
                UpdateGraph(client, m, stimulus, output);
                break;
            case ReleaseKeysMessage m:
                output.AddRange(_state.Handle(new ReleaseKeysEvent(client.Id, m.Keys, stimulus)));
                break;
            case WhoHasMessage m:
            {
                var holders = new string[m.Keys.Length][];
                for (int i = 0; i < m.Keys.Length; i++)
                {
                    holders[i] = _state.Tasks.TryGetValue(m.Keys[i], out SchedulerTask? t) && t.State == TaskState.Memory ? [.. t.WhoHas.Order(StringComparer.Ordinal)] : [];
                }

                client.Send(Reply(m, new WhoHasReply(m.Keys, holders)));
                break;
            }

            case ScatterMessage m:
                Scatter(client, m);
                break;
            case RunMessage m:
                RunOnWorkers(client, m);
                break;
            case PublishDatasetMessage m:
                PublishDataset(client, m, stimulus, output);
                break;
            case GetDatasetMessage m:
                client.Send(_datasets.TryGetValue(m.DatasetName, out Key[]? dataset)
                    ? Reply(m, new DatasetReply(dataset))
                    : Reply(m, new ErrorReply($"No dataset named '{m.DatasetName}' is published; published: {string.Join(", ", _datasets.Keys.Order(StringComparer.Ordinal))}.")));
                break;
            case UnpublishDatasetMessage m:
            {
                if (_datasets.Remove(m.DatasetName, out Key[]? keys))
                {
                    output.AddRange(_state.Handle(new ReleaseKeysEvent(DatasetHolder(m.DatasetName), keys, stimulus)));
                }

                client.Send(Reply(m, new OkReply()));
                break;
            }

            case ListDatasetsMessage m:
                client.Send(Reply(m, new DatasetsReply([.. _datasets.Keys.Order(StringComparer.Ordinal)])));
                break;
            case SchedulerInfoMessage m:
                client.Send(Reply(m, new SchedulerInfoReply(SchedulerInfoJson())));
                break;
            case WaitForWorkersMessage m:
                WaitForWorkers(client, m);
                break;
            case UploadAssembliesMessage m:
                UploadAssemblies(m);
                break;
            case RestartMessage m:
                Restart(client, m, output);
                break;
            case TerminateMessage m:
                Terminate(client, m);
                break;
            case RetryMessage m:
                output.AddRange(_state.Handle(new RetryEvent(client.Id, m.Keys, stimulus)));
                break;
            default:
                throw new ProtocolException($"'{message.Op}' is not an operation a client sends; client {client.Id} sent it.");
        }
    }

    private void UpdateGraph(Peer client, UpdateGraphMessage message, string stimulus, List<SchedulerInstruction> output)
    {
        SubmittedTask[] tasks = message.Tasks;
        Key[] wanted = message.Wanted;

        // A wanted key must be submitted or known. A map wants what it submits, in order: the submission
        // at the same position answers without building a set of every submitted key.
        HashSet<Key>? defined = null;
        for (int i = 0; i < wanted.Length; i++)
        {
            Key k = wanted[i];
            if ((i < tasks.Length && tasks[i].Key.Equals(k)) || _state.Tasks.ContainsKey(k))
            {
                continue;
            }

            defined ??= [.. tasks.Select(t => t.Key)];
            if (!defined.Contains(k))
            {
                throw new ProtocolException($"'{message.Op}': field 'wanted' names {k}, which is neither in the submitted graph nor on the cluster");
            }
        }

        var submissions = new TaskSubmission[tasks.Length];
        for (int i = 0; i < tasks.Length; i++)
        {
            SubmittedTask t = tasks[i];
            submissions[i] = new TaskSubmission(t.Key, t.Dependencies, t.Order, t.Retries) { RunSpec = t.Node };
        }

        output.AddRange(_state.Handle(new UpdateGraphEvent(client.Id, submissions, wanted, stimulus)));
    }

    private void PublishDataset(Peer client, PublishDatasetMessage message, string stimulus, List<SchedulerInstruction> output)
    {
        string name = message.DatasetName;
        if (_datasets.ContainsKey(name) && !message.Override)
        {
            client.Send(Reply(message, new ErrorReply($"Dataset '{name}' is already published.")));
            return;
        }

        Key[] unknown = [.. message.Keys.Where(k => !_state.Tasks.ContainsKey(k))];
        if (unknown.Length > 0)
        {
            client.Send(Reply(message, new ErrorReply($"Cannot publish '{name}': the scheduler does not know {string.Join(", ", (IEnumerable<Key>)unknown)}.")));
            return;
        }

        if (_datasets.Remove(name, out Key[]? old))
        {
            output.AddRange(_state.Handle(new ReleaseKeysEvent(DatasetHolder(name), old, stimulus)));
        }

        _datasets[name] = message.Keys;
        output.AddRange(_state.Handle(new UpdateGraphEvent(DatasetHolder(name), [], message.Keys, stimulus)));
        client.Send(Reply(message, new OkReply()));
    }

    /// <summary>Keeps the assemblies not seen before and ships them to every worker (later workers get them when they register).</summary>
    private void UploadAssemblies(UploadAssembliesMessage message)
    {
        var fresh = new List<byte[]>();
        foreach (byte[] bytes in message.Assemblies)
        {
            if (_assemblies.TryAdd(AssemblyIdentity.ReadMvid(bytes), bytes))
            {
                fresh.Add(bytes);
            }
        }

        if (fresh.Count > 0)
        {
            var upload = new UploadAssembliesMessage([.. fresh]);
            foreach (Peer w in _workers.Values)
            {
                w.Send(upload);
            }
        }
    }

    private void Scatter(Peer client, ScatterMessage message)
    {
        Key[] keys = message.Keys;
        if (_workers.Count == 0)
        {
            client.Send(Reply(message, new ErrorReply("There are no workers to scatter data to.")));
            return;
        }

        List<Peer> workers = [.. _workers.Values.OrderBy(w => _state.Workers[w.Id].NBytes).ThenBy(w => w.Id, StringComparer.Ordinal)];
        var perWorker = new Dictionary<Peer, (List<Key> Keys, List<object?> Values)>();
        for (int i = 0; i < keys.Length; i++)
        {
            foreach (Peer w in message.Broadcast ? workers : [workers[i % workers.Count]])
            {
                if (!perWorker.TryGetValue(w, out var batch))
                {
                    perWorker[w] = batch = ([], []);
                }

                batch.Keys.Add(keys[i]);
                batch.Values.Add(message.Data[i]);
            }
        }

        var pending = new ScatterRequest(client, message, perWorker.Count);
        long id = NextRequestId();
        _pending[id] = pending;
        foreach (var (worker, batch) in perWorker)
        {
            worker.Send(new PutDataMessage([.. batch.Keys], batch.Values) { RequestId = id });
        }
    }

    /// <summary>
    /// Answers, then closes the whole scheduler off the lock (disposing waits for connections that
    /// this very message's handler holds); its workers see the link close and end.
    /// </summary>
    private void Terminate(Peer client, TerminateMessage message)
    {
        _logger.LogInformation("Scheduler closing: {Client} asked it to terminate", LogText.Truncate(client.Id));
        client.Send(Reply(message, new OkReply()));
        _ = Task.Run(async () => await DisposeAsync().ConfigureAwait(false));
    }

    /// <summary>
    /// distributed's <c>restart</c>: forget every task, tell every client its futures are gone, and
    /// have every worker start afresh (a nanny or LocalCluster brings it back); reply once as many
    /// workers as before have registered again.
    /// </summary>
    private void Restart(Peer client, RestartMessage message, List<SchedulerInstruction> output)
    {
        int expected = _workers.Count;
        _logger.LogInformation("Restarting {Workers} workers for {Client}", expected, LogText.Truncate(client.Id));
        foreach (Peer c in _clients.Values)
        {
            c.Send(new RestartedMessage());
        }

        foreach (Peer w in _workers.Values)
        {
            w.Send(new RestartMessage());
        }

        _workers.Clear(); // their departures are now ignored; they come back as new workers
        _datasets.Clear();
        _state = NewState();
        output.Clear();
        var pending = new RestartRequest(client, message, expected);
        long id = NextRequestId();
        _pending[id] = pending;
        pending.WorkerArrived(this);
        _ = Task.Delay(TimeSpan.FromSeconds(60), _time).ContinueWith(_ => Locked(() => pending.TimedOut(this)), TaskScheduler.Default);
    }

    /// <summary>
    /// Answers when enough workers have joined (each arrival checks), or when the client's timeout
    /// has passed on the scheduler's clock, so no request outlives its client's wait.
    /// </summary>
    private void WaitForWorkers(Peer client, WaitForWorkersMessage message)
    {
        var pending = new WorkersAwaitedRequest(client, message, message.Workers);
        _pending[NextRequestId()] = pending;
        pending.WorkerArrived(this);
        TimeSpan timeout = TimeSpan.FromSeconds(Math.Clamp(message.TimeoutSeconds, 0, TimeSpan.FromDays(1).TotalSeconds));
        _ = Task.Delay(timeout, _time).ContinueWith(_ => Locked(() => pending.TimedOut(this)), TaskScheduler.Default);
    }

    private void RunOnWorkers(Peer client, RunMessage message)
    {
        long id = NextRequestId();
        var pending = new RunRequest(client, message, [.. _workers.Keys]);
        _pending[id] = pending;
        var run = new RunMessage(message.Function) { RequestId = id };
        foreach (Peer w in _workers.Values)
        {
            w.Send(run);
        }

        pending.CompleteIfDone(this);
    }

    private static string DatasetHolder(string name) => $"dataset:{name}";

    /// <summary><paramref name="reply"/> as the answer to <paramref name="request"/>.</summary>
    private static ProtocolMessage Reply(ProtocolMessage request, ProtocolMessage reply) => reply with { ReplyTo = request.RequestId };

    private string SchedulerInfoJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["type"] = "Scheduler",
        ["id"] = Id,
        ["address"] = Address,
        ["dashboard"] = DashboardLink,
        ["workers"] = _workers.Values.OrderBy(w => w.Id, StringComparer.Ordinal).ToDictionary(
            w => w.Id,
            w => new Dictionary<string, object?>
            {
                ["name"] = w.Name ?? w.Id,
                ["nthreads"] = w.Threads,
                ["memory_limit"] = w.MemoryLimit,
                ["pid"] = w.Pid,
                ["executing"] = w.Heartbeat?.Executing,
                ["in_memory"] = w.Heartbeat?.InMemory,
                ["managed_bytes"] = w.Heartbeat?.ManagedBytes,
                ["spilled_bytes"] = w.Heartbeat?.SpilledBytes,
                ["process_bytes"] = w.Heartbeat?.ProcessBytes,
                ["status"] = w.Heartbeat?.Paused == true ? "paused" : "running", // Dask's worker status
                ["last_seen"] = w.LastSeen.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }),
        ["clients"] = _clients.Keys.Order(StringComparer.Ordinal).ToArray(),
        ["tasks"] = _state.Tasks.Count,
    });

    /// <summary>A request the scheduler answers once workers have replied.</summary>
    private abstract class PendingRequest(Peer client, ProtocolMessage request)
    {
        protected Peer Requester { get; } = client;

        protected ProtocolMessage Request { get; } = request;

        public abstract IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, ProtocolMessage reply, string stimulus);

        public abstract void WorkerGone(Scheduler scheduler, string worker);

        /// <summary>A worker registered.</summary>
        public virtual void WorkerArrived(Scheduler scheduler)
        {
        }

        /// <summary>Answers the request with <paramref name="reply"/>.</summary>
        protected void Finish(Scheduler scheduler, ProtocolMessage reply)
        {
            scheduler._pending.Remove(scheduler._pending.First(p => p.Value == this).Key);
            Requester.Send(Scheduler.Reply(Request, reply));
        }

        /// <summary>The replicas a worker reports, as the state machine takes them.</summary>
        protected static (Key Key, long NBytes)[] Sizes(Key[] keys, long[] nbytes)
        {
            var sizes = new (Key, long)[keys.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                sizes[i] = (keys[i], nbytes[i]);
            }

            return sizes;
        }

        /// <summary>A worker answered with another operation than this request awaits.</summary>
        protected static ProtocolException Unexpected(string worker, ProtocolMessage reply, string expected) =>
            new($"Worker {worker} answered a request awaiting '{expected}' with '{reply.Op}'.");
    }

    /// <summary>Copies of a retiring worker's results: when every target has them, the worker may go.</summary>
    private sealed class HandOverRequest(Peer retiring, int targets) : PendingRequest(retiring, new RetireMessage())
    {
        private int _left = targets;

        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, ProtocolMessage reply, string stimulus)
        {
            AcquiredMessage acquired = reply as AcquiredMessage ?? throw Unexpected(worker, reply, AcquiredMessage.OpName);
            List<SchedulerInstruction> output = scheduler._state.Handle(new AddReplicasEvent(worker, Sizes(acquired.Keys, acquired.NBytes), stimulus));
            Done(scheduler);
            return output;
        }

        public override void WorkerGone(Scheduler scheduler, string worker)
        {
            if (worker == Requester.Id)
            {
                scheduler._pending.Remove(scheduler._pending.First(p => p.Value == this).Key);
                return;
            }

            Done(scheduler);
        }

        private void Done(Scheduler scheduler)
        {
            if (--_left == 0)
            {
                // Whatever is still unique (a copy failed) is handed over again by the next pass.
                scheduler._pending.Remove(scheduler._pending.First(p => p.Value == this).Key);
                Requester.Copying = false;
                if (scheduler._state.UniqueData(Requester.Id).Count == 0)
                {
                    Requester.Send(new RetiredMessage());
                }
            }
        }
    }

    /// <summary>A restart: every worker goes and comes back fresh; the client hears when they are all back.</summary>
    private sealed class RestartRequest(Peer client, ProtocolMessage request, int workers) : PendingRequest(client, request)
    {
        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, ProtocolMessage reply, string stimulus) => [];

        public override void WorkerGone(Scheduler scheduler, string worker)
        {
        }

        public override void WorkerArrived(Scheduler scheduler)
        {
            if (scheduler._workers.Count >= workers)
            {
                Finish(scheduler, new OkReply());
            }
        }

        public void TimedOut(Scheduler scheduler)
        {
            if (scheduler._pending.ContainsValue(this))
            {
                Finish(scheduler, new ErrorReply($"Only {scheduler._workers.Count} of {workers} workers came back within the restart timeout."));
            }
        }
    }

    /// <summary>A client waiting for <c>workers</c> workers: answered with the scheduler's info once they are here or the time is up.</summary>
    private sealed class WorkersAwaitedRequest(Peer client, ProtocolMessage request, int workers) : PendingRequest(client, request)
    {
        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, ProtocolMessage reply, string stimulus) => [];

        public override void WorkerGone(Scheduler scheduler, string worker)
        {
        }

        public override void WorkerArrived(Scheduler scheduler)
        {
            if (scheduler._workers.Count >= workers && scheduler._pending.ContainsValue(this))
            {
                Finish(scheduler, new SchedulerInfoReply(scheduler.SchedulerInfoJson()));
            }
        }

        public void TimedOut(Scheduler scheduler)
        {
            if (scheduler._pending.ContainsValue(this))
            {
                Finish(scheduler, new SchedulerInfoReply(scheduler.SchedulerInfoJson()));
            }
        }
    }

    private sealed class ScatterRequest(Peer client, ProtocolMessage request, int workers) : PendingRequest(client, request)
    {
        private int _left = workers;

        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, ProtocolMessage reply, string stimulus)
        {
            PutDataDoneMessage done = reply as PutDataDoneMessage ?? throw Unexpected(worker, reply, PutDataDoneMessage.OpName);
            List<SchedulerInstruction> output = scheduler._state.Handle(new UpdateDataEvent(Requester.Id, Sizes(done.Keys, done.NBytes), [worker], stimulus));
            if (--_left == 0)
            {
                Finish(scheduler, new OkReply());
            }

            return output;
        }

        public override void WorkerGone(Scheduler scheduler, string worker)
        {
            if (--_left == 0)
            {
                Finish(scheduler, new ErrorReply($"Worker {worker} left while data was scattered to it."));
            }
        }
    }

    private sealed class RunRequest(Peer client, ProtocolMessage request, List<string> workers) : PendingRequest(client, request)
    {
        private readonly Dictionary<string, (object? Value, string? Error)> _results = new(StringComparer.Ordinal);

        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, ProtocolMessage reply, string stimulus)
        {
            RunResultMessage result = reply as RunResultMessage ?? throw Unexpected(worker, reply, RunResultMessage.OpName);
            _results[worker] = (result.Value, result.Error);
            CompleteIfDone(scheduler);
            return [];
        }

        public override void WorkerGone(Scheduler scheduler, string worker)
        {
            _results.TryAdd(worker, (null, $"Worker {worker} left before it ran the function."));
            CompleteIfDone(scheduler);
        }

        public void CompleteIfDone(Scheduler scheduler)
        {
            if (workers.Any(w => !_results.ContainsKey(w)))
            {
                return;
            }

            string[] order = [.. workers.Order(StringComparer.Ordinal)];
            Finish(scheduler, new RunResultsReply(order, [.. order.Select(w => _results[w].Error ?? string.Empty)], [.. order.Select(w => _results[w].Value)]));
        }
    }
}
