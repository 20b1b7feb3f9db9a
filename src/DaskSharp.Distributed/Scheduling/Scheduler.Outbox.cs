using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Scheduling;

// How the state machine's instructions become batched messages.
public sealed partial class Scheduler
{
    /// <summary>
    /// Instructions become messages: per worker, consecutive instructions of one kind travel as one
    /// message, and a change of kind flushes first, so each worker sees them in the order decided.
    /// Reports to clients are off the critical path of the computation, so they are collected for
    /// up to <see cref="ReportInterval"/> and sent together (distributed batches them every 2 ms too).
    /// </summary>
    private sealed class Outbox(Scheduler scheduler)
    {
        private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(2);

        private readonly Dictionary<string, PeerBatch> _batches = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ClientReports> _reports = new(StringComparer.Ordinal);
        private bool _reportsScheduled;

        public void Add(List<SchedulerInstruction> instructions)
        {
            foreach (SchedulerInstruction instruction in instructions)
            {
                switch (instruction)
                {
                    case ComputeTask c:
                        if (scheduler._state.Tasks.TryGetValue(c.Key, out SchedulerTask? task))
                        {
                            Key[] deps = [.. c.WhoHas.Keys];
                            Batch(c.Worker, BatchKind.ComputeTasks).Items.Add(new TaskAssignment(c.Key, c.Priority.Generation, c.Priority.Order, task.RunSpec!, deps, [.. deps.Select(d => c.WhoHas[d])]));
                        }

                        break;
                    case FreeKeys f:
                        Batch(f.Worker, BatchKind.FreeKeys).Items.AddRange(f.Keys);
                        break;
                    case CancelCompute c:
                        Batch(c.Worker, BatchKind.CancelCompute).Items.Add(c.Key);
                        break;
                    case StealRequest s:
                        Batch(s.Victim, BatchKind.StealRequest).Items.Add(s.Key);
                        break;
                    case ReportKey { State: TaskState.Memory } r:
                        Reports(r.Client).Memory.Add(r.Key);
                        break;
                    case ReportKey r:
                        TaskError error = scheduler._state.Tasks.TryGetValue(r.Key, out SchedulerTask? failed) && failed.ErrorDetails is TaskError details
                            ? details
                            : ErrorFromText(r.Exception ?? "Exception: the task failed");
                        Reports(r.Client).Erred.Add((r.Key, error));
                        break;
                    case ClusterPaused p:
                        Notify(ClusterNoticeMessage.AllPaused, p.Describe());
                        break;
                    case ClusterResumed r:
                        Notify(ClusterNoticeMessage.Resumed, r.Describe());
                        break;
                }
            }
        }

        /// <summary>A notice about the whole cluster goes to every client at once (it is rare), and to the scheduler's log.</summary>
        private void Notify(string kind, string text)
        {
            if (kind == ClusterNoticeMessage.AllPaused)
            {
                scheduler._logger.LogWarning("{Notice}", text);
            }
            else
            {
                scheduler._logger.LogInformation("{Notice}", text);
            }

            var notice = new ClusterNoticeMessage(kind, text);
            foreach (Peer client in scheduler._clients.Values)
            {
                client.Send(notice);
            }
        }

        public void Flush()
        {
            foreach (var (peer, batch) in _batches)
            {
                Send(peer, batch);
            }

            _batches.Clear();
            if (_reports.Count > 0 && !_reportsScheduled)
            {
                _reportsScheduled = true;
                _ = Task.Delay(ReportInterval, scheduler._time).ContinueWith(_ => scheduler.FlushReports(), TaskScheduler.Default);
            }
        }

        /// <summary>Sends the collected reports, one message per client and kind (under the scheduler's lock).</summary>
        public void FlushReports()
        {
            _reportsScheduled = false;
            foreach (var (client, reports) in _reports)
            {
                if (scheduler._clients.TryGetValue(client, out Peer? target))
                {
                    if (reports.Memory.Count > 0)
                    {
                        Key[] keys = [.. reports.Memory];
                        var holders = new string[keys.Length][];
                        for (int i = 0; i < keys.Length; i++)
                        {
                            holders[i] = Holders(keys[i]);
                        }

                        target.Send(new KeysInMemoryMessage(keys, holders));
                    }

                    if (reports.Erred.Count > 0)
                    {
                        var keys = new Key[reports.Erred.Count];
                        var errors = new TaskError[keys.Length];
                        for (int i = 0; i < keys.Length; i++)
                        {
                            (keys[i], errors[i]) = reports.Erred[i];
                        }

                        target.Send(new KeysErredMessage(keys, errors));
                    }
                }
            }

            _reports.Clear();
        }

        private ClientReports Reports(string client)
        {
            if (!_reports.TryGetValue(client, out ClientReports? reports))
            {
                _reports[client] = reports = new ClientReports();
            }

            return reports;
        }

        private static TaskError ErrorFromText(string text)
        {
            int colon = text.IndexOf(": ", StringComparison.Ordinal);
            string type = colon > 0 ? text[..colon] : "System.Exception";
            if (type == nameof(KilledWorkerException))
            {
                type = typeof(KilledWorkerException).FullName!;
            }

            return new TaskError(type, colon > 0 ? text[(colon + 2)..] : text, string.Empty);
        }

        private PeerBatch Batch(string peer, BatchKind kind)
        {
            if (_batches.TryGetValue(peer, out PeerBatch? batch))
            {
                if (batch.Kind == kind)
                {
                    return batch;
                }

                Send(peer, batch);
            }

            return _batches[peer] = new PeerBatch(kind);
        }

        private void Send(string peer, PeerBatch batch)
        {
            if (!scheduler._workers.TryGetValue(peer, out Peer? target))
            {
                return; // gone meanwhile
            }

            target.Send(batch.ToMessage());
        }

        private string[] Holders(Key key) =>
            scheduler._state.Tasks.TryGetValue(key, out SchedulerTask? t) ? [.. t.WhoHas.Order(StringComparer.Ordinal)] : [];

        private sealed class ClientReports
        {
            public List<Key> Memory { get; } = [];

            public List<(Key Key, TaskError Error)> Erred { get; } = [];
        }

        private enum BatchKind
        {
            ComputeTasks,
            FreeKeys,
            CancelCompute,
            StealRequest,
        }

        private sealed class PeerBatch(BatchKind kind)
        {
            public BatchKind Kind { get; } = kind;

            public List<object> Items { get; } = [];

            /// <summary>The one message the batch travels as.</summary>
            public ProtocolMessage ToMessage()
            {
                if (Kind == BatchKind.ComputeTasks)
                {
                    var tasks = new TaskAssignment[Items.Count];
                    for (int i = 0; i < tasks.Length; i++)
                    {
                        tasks[i] = (TaskAssignment)Items[i];
                    }

                    return new ComputeTasksMessage(tasks);
                }

                var keys = new Key[Items.Count];
                for (int i = 0; i < keys.Length; i++)
                {
                    keys[i] = (Key)Items[i];
                }

                return Kind switch
                {
                    BatchKind.FreeKeys => new FreeKeysMessage(keys),
                    BatchKind.CancelCompute => new CancelComputeMessage(keys),
                    _ => new StealRequestMessage(keys),
                };
            }
        }
    }
}
