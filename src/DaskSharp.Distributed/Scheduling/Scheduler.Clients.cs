using System.Text.Json;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Scheduling;

// What clients ask for, and the requests the scheduler answers once workers have replied.
public sealed partial class Scheduler
{
    private void HandleClientMessage(Peer client, Message message, List<SchedulerInstruction> output)
    {
        string stimulus = NextStimulus(message.Op ?? "?");
        switch (message.Op)
        {
            case "update-graph":
                UpdateGraph(client, (SubmittedTask[])message.Values[0]!, (Key[])message.Values[1]!, stimulus, output);
                break;
            case "release-keys":
                output.AddRange(_state.Handle(new ReleaseKeysEvent(client.Id, (Key[])message.Values[0]!, stimulus)));
                break;
            case "who-has":
            {
                Key[] keys = (Key[])message.Values[0]!;
                string[][] holders = [.. keys.Select(k => _state.Tasks.TryGetValue(k, out SchedulerTask? t) && t.State == TaskState.Memory ? t.WhoHas.Order(StringComparer.Ordinal).ToArray() : [])];
                client.Link.Send(Reply(message, "who-has", [keys, holders]));
                break;
            }

            case "scatter":
                Scatter(client, message, stimulus, output);
                break;
            case "run":
                RunOnWorkers(client, message);
                break;
            case "publish-dataset":
            {
                string name = RequireText(message, "name");
                if (_datasets.ContainsKey(name) && message.Header.GetValueOrDefault("override") is not true)
                {
                    client.Link.Send(Reply(message, "error", [], ("message", $"Dataset '{name}' is already published.")));
                    break;
                }

                Key[] keys = (Key[])message.Values[0]!;
                Key[] unknown = [.. keys.Where(k => !_state.Tasks.ContainsKey(k))];
                if (unknown.Length > 0)
                {
                    client.Link.Send(Reply(message, "error", [], ("message", $"Cannot publish '{name}': the scheduler does not know {string.Join(", ", unknown)}.")));
                    break;
                }

                if (_datasets.Remove(name, out Key[]? old))
                {
                    output.AddRange(_state.Handle(new ReleaseKeysEvent(DatasetHolder(name), old, stimulus)));
                }

                _datasets[name] = keys;
                output.AddRange(_state.Handle(new UpdateGraphEvent(DatasetHolder(name), [], keys, stimulus)));
                client.Link.Send(Reply(message, "ok", []));
                break;
            }

            case "get-dataset":
            {
                string name = RequireText(message, "name");
                client.Link.Send(_datasets.TryGetValue(name, out Key[]? keys)
                    ? Reply(message, "dataset", [keys])
                    : Reply(message, "error", [], ("message", $"No dataset named '{name}' is published; published: {string.Join(", ", _datasets.Keys.Order(StringComparer.Ordinal))}.")));
                break;
            }

            case "unpublish-dataset":
            {
                string name = RequireText(message, "name");
                if (_datasets.Remove(name, out Key[]? keys))
                {
                    output.AddRange(_state.Handle(new ReleaseKeysEvent(DatasetHolder(name), keys, stimulus)));
                }

                client.Link.Send(Reply(message, "ok", []));
                break;
            }

            case "list-datasets":
                client.Link.Send(Reply(message, "datasets", [_datasets.Keys.Order(StringComparer.Ordinal).ToArray()]));
                break;
            case "scheduler-info":
                client.Link.Send(Reply(message, "scheduler-info", [], ("info", SchedulerInfoJson())));
                break;
            case "upload-assemblies":
                var fresh = new List<object?>();
                foreach (byte[] bytes in message.Values.OfType<byte[]>())
                {
                    if (_assemblies.TryAdd(AssemblyIdentity.ReadMvid(bytes), bytes))
                    {
                        fresh.Add(bytes);
                    }
                }

                if (fresh.Count > 0)
                {
                    foreach (Peer w in _workers.Values)
                    {
                        w.Link.Send(new Message("upload-assemblies", fresh));
                    }
                }

                break;
            case "restart":
                Restart(client, message, output);
                break;
            case "retry":
                output.AddRange(_state.Handle(new RetryEvent(client.Id, (Key[])message.Values[0]!, stimulus)));
                break;
            case "heartbeat":
                break;
            default:
                throw new ProtocolException($"Unknown operation '{message.Op}' from client {client.Id}.");
        }
    }

    private void UpdateGraph(Peer client, SubmittedTask[] tasks, Key[] wanted, string stimulus, List<SchedulerInstruction> output)
    {
        // Refuse a graph that reads keys nobody defines before the state machine sees any of it.
        var defined = new HashSet<Key>(tasks.Select(t => t.Key));
        foreach (SubmittedTask t in tasks)
        {
            foreach (Key d in t.Dependencies)
            {
                if (!defined.Contains(d) && !_state.Tasks.ContainsKey(d))
                {
                    var error = new TaskError(typeof(InvalidGraphException).FullName!, $"Task {t.Key} depends on {d}, which is neither in the submitted graph nor on the cluster.", string.Empty);
                    client.Link.Send(new Message("task-erred", [wanted, wanted.Select(_ => error).ToArray()]));
                    return;
                }
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

    private void Scatter(Peer client, Message message, string stimulus, List<SchedulerInstruction> output)
    {
        Key[] keys = (Key[])message.Values[0]!;
        if (_workers.Count == 0)
        {
            client.Link.Send(Reply(message, "error", [], ("message", "There are no workers to scatter data to.")));
            return;
        }

        bool broadcast = message.Header.GetValueOrDefault("broadcast") is true;
        List<Peer> workers = [.. _workers.Values.OrderBy(w => _state.Workers[w.Id].NBytes).ThenBy(w => w.Id, StringComparer.Ordinal)];
        var perWorker = new Dictionary<Peer, (List<Key> Keys, List<object?> Values)>();
        for (int i = 0; i < keys.Length; i++)
        {
            foreach (Peer w in broadcast ? workers : [workers[i % workers.Count]])
            {
                if (!perWorker.TryGetValue(w, out var batch))
                {
                    perWorker[w] = batch = ([], []);
                }

                batch.Keys.Add(keys[i]);
                batch.Values.Add(message.Values[i + 1]);
            }
        }

        var pending = new ScatterRequest(client, message, perWorker.Count);
        long id = NextRequestId();
        _pending[id] = pending;
        foreach (var (worker, batch) in perWorker)
        {
            worker.Link.Send(new Message(new Dictionary<string, object?> { ["op"] = "put-data", ["id"] = id }, [batch.Keys.ToArray(), .. batch.Values]));
        }
    }

    /// <summary>
    /// distributed's <c>restart</c>: forget every task, tell every client its futures are gone, and
    /// have every worker start afresh (a nanny or LocalCluster brings it back); reply once as many
    /// workers as before have registered again.
    /// </summary>
    private void Restart(Peer client, Message message, List<SchedulerInstruction> output)
    {
        int expected = _workers.Count;
        _logger.LogInformation("Restarting {Workers} workers for {Client}", expected, client.Id);
        foreach (Peer c in _clients.Values)
        {
            c.Link.Send(new Message(("op", "restarted")));
        }

        foreach (Peer w in _workers.Values)
        {
            w.Link.Send(new Message(("op", "restart")));
        }

        _workers.Clear(); // their departures are now ignored; they come back as new workers
        _datasets.Clear();
        _state = NewState();
        output.Clear();
        var pending = new RestartRequest(client, message, expected);
        long id = NextRequestId();
        _pending[id] = pending;
        pending.WorkerArrived(this);
        _ = Task.Delay(TimeSpan.FromSeconds(60)).ContinueWith(_ => Locked(() => pending.TimedOut(this)), TaskScheduler.Default);
    }

    private void RunOnWorkers(Peer client, Message message)
    {
        long id = NextRequestId();
        var pending = new RunRequest(client, message, [.. _workers.Keys]);
        _pending[id] = pending;
        foreach (Peer w in _workers.Values)
        {
            w.Link.Send(new Message(new Dictionary<string, object?> { ["op"] = "run", ["id"] = id }, [message.Values[0]]));
        }

        pending.CompleteIfDone(this);
    }

    private static string DatasetHolder(string name) => $"dataset:{name}";

    private static Message Reply(Message request, string op, IReadOnlyList<object?> values, params (string Name, object? Value)[] fields)
    {
        var header = new Dictionary<string, object?>(StringComparer.Ordinal) { ["op"] = op, ["reply-to"] = request.Header.GetValueOrDefault("id") };
        foreach (var (name, value) in fields)
        {
            header[name] = value;
        }

        return new Message(header, values);
    }

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
                ["executing"] = w.Heartbeat?.Header.GetValueOrDefault("executing"),
                ["in_memory"] = w.Heartbeat?.Header.GetValueOrDefault("in_memory"),
                ["managed_bytes"] = w.Heartbeat?.Header.GetValueOrDefault("managed_bytes"),
                ["last_seen"] = w.LastSeen.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }),
        ["clients"] = _clients.Keys.Order(StringComparer.Ordinal).ToArray(),
        ["tasks"] = _state.Tasks.Count,
    });

    /// <summary>A request the scheduler answers once workers have replied.</summary>
    private abstract class PendingRequest(Peer client, Message request)
    {
        protected Peer Requester { get; } = client;

        protected Message Request { get; } = request;

        public abstract IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, Message reply, string stimulus);

        public abstract void WorkerGone(Scheduler scheduler, string worker);

        protected void Finish(Scheduler scheduler, Message reply)
        {
            scheduler._pending.Remove(scheduler._pending.First(p => p.Value == this).Key);
            Requester.Link.Send(reply);
        }
    }

    /// <summary>Copies of a retiring worker's results: when every target has them, the worker may go.</summary>
    private sealed class HandOverRequest(Peer retiring, int targets) : PendingRequest(retiring, new Message(("op", "retire")))
    {
        private int _left = targets;

        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, Message reply, string stimulus)
        {
            Key[] keys = (Key[])reply.Values[0]!;
            long[] sizes = (long[])reply.Values[1]!;
            List<SchedulerInstruction> output = scheduler._state.Handle(new AddReplicasEvent(worker, [.. keys.Select((k, i) => (k, sizes[i]))], stimulus));
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
                    Requester.Link.Send(new Message(("op", "retired")));
                }
            }
        }
    }

    /// <summary>A restart: every worker goes and comes back fresh; the client hears when they are all back.</summary>
    private sealed class RestartRequest(Peer client, Message request, int workers) : PendingRequest(client, request)
    {
        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, Message reply, string stimulus) => [];

        public override void WorkerGone(Scheduler scheduler, string worker)
        {
        }

        public void WorkerArrived(Scheduler scheduler)
        {
            if (scheduler._workers.Count >= workers)
            {
                Finish(scheduler, Scheduler.Reply(Request, "ok", []));
            }
        }

        public void TimedOut(Scheduler scheduler)
        {
            if (scheduler._pending.ContainsValue(this))
            {
                Finish(scheduler, Scheduler.Reply(Request, "error", [], ("message", $"Only {scheduler._workers.Count} of {workers} workers came back within the restart timeout.")));
            }
        }
    }

    private sealed class ScatterRequest(Peer client, Message request, int workers) : PendingRequest(client, request)
    {
        private int _left = workers;

        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, Message reply, string stimulus)
        {
            Key[] keys = (Key[])reply.Values[0]!;
            long[] sizes = (long[])reply.Values[1]!;
            List<SchedulerInstruction> output = scheduler._state.Handle(new UpdateDataEvent(Requester.Id, [.. keys.Select((k, i) => (k, sizes[i]))], [worker], stimulus));
            if (--_left == 0)
            {
                Finish(scheduler, Scheduler.Reply(Request, "ok", []));
            }

            return output;
        }

        public override void WorkerGone(Scheduler scheduler, string worker)
        {
            if (--_left == 0)
            {
                Finish(scheduler, Scheduler.Reply(Request, "error", [], ("message", $"Worker {worker} left while data was scattered to it.")));
            }
        }
    }

    private sealed class RunRequest(Peer client, Message request, List<string> workers) : PendingRequest(client, request)
    {
        private readonly Dictionary<string, (object? Value, string? Error)> _results = new(StringComparer.Ordinal);

        public override IEnumerable<SchedulerInstruction> Reply(Scheduler scheduler, string worker, Message reply, string stimulus)
        {
            _results[worker] = (reply.Values.Count > 0 ? reply.Values[0] : null, reply.Header.GetValueOrDefault("error") as string);
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
            Finish(scheduler, Scheduler.Reply(
                Request,
                "run-results",
                [order, order.Select(w => _results[w].Error ?? string.Empty).ToArray(), .. order.Select(w => _results[w].Value)]));
        }
    }
}
