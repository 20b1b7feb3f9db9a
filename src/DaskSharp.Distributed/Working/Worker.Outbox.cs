using System.Collections.Concurrent;
using System.Diagnostics;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Working;

// What goes back to the scheduler, batched.
public sealed partial class Worker
{
    /// <summary>Outcomes gathered during one loop pass, sent as one message per kind.</summary>
    private sealed class SchedulerOutbox
    {
        public List<(Key Key, long NBytes, TaskTiming Timing)> Finished { get; } = [];

        public List<(Key Key, TaskError Error, TaskTiming Timing)> Erred { get; } = [];

        /// <summary>Transfers and spills, from any thread; they travel with the next batch or heartbeat.</summary>
        public ConcurrentQueue<WorkerActivity> Activity { get; } = new();

        public List<(Key Key, IReadOnlyList<string> Errant)> Missing { get; } = [];

        public List<(Key Key, bool Released)> Stolen { get; } = [];

        private long _firstAt;

        public int Count => Finished.Count + Erred.Count + Missing.Count + Stolen.Count;

        /// <summary>How long the oldest unsent outcome has waited.</summary>
        public TimeSpan Age => Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_firstAt);

        /// <summary>Notes the time of the first outcome of a batch.</summary>
        public void Started()
        {
            if (Count == 0)
            {
                _firstAt = Stopwatch.GetTimestamp();
            }
        }

        public void Flush(PeerLink scheduler)
        {
            if (Finished.Count > 0)
            {
                scheduler.Send(new Message(
                    "task-finished",
                    [Finished.Select(f => f.Key).ToArray(), Finished.Select(f => f.NBytes).ToArray(), .. TaskTiming.Columns(Finished, f => f.Timing)]));
                Finished.Clear();
            }

            if (Erred.Count > 0)
            {
                scheduler.Send(new Message("task-erred", [Erred.Select(f => f.Key).ToArray(), Erred.Select(f => f.Error).ToArray(), .. TaskTiming.Columns(Erred, f => f.Timing)]));
                Erred.Clear();
            }

            if (!Activity.IsEmpty)
            {
                var drained = new List<WorkerActivity>();
                while (Activity.TryDequeue(out WorkerActivity a))
                {
                    drained.Add(a);
                }

                scheduler.Send(new Message("activity", [
                    drained.Select(a => WorkerActivity.Name(a.Kind)).ToArray(),
                    drained.Select(a => a.Start).ToArray(),
                    drained.Select(a => a.Stop).ToArray(),
                    drained.Select(a => a.NBytes).ToArray(),
                    drained.Select(a => a.Peer ?? string.Empty).ToArray()]));
            }

            if (Stolen.Count > 0)
            {
                scheduler.Send(new Message("steal-response", [Stolen.Select(s => s.Key).ToArray(), Stolen.Select(s => s.Released).ToArray()]));
                Stolen.Clear();
            }

            if (Missing.Count > 0)
            {
                scheduler.Send(new Message("missing-data", [Missing.Select(m => m.Key).ToArray(), Missing.Select(m => m.Errant.ToArray()).ToArray()]));
                Missing.Clear();
            }
        }
    }
}
