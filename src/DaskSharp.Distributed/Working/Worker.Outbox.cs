using System.Collections.Concurrent;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Working;

// What goes back to the scheduler, batched.
public sealed partial class Worker
{
    /// <summary>Outcomes gathered during one loop pass, sent as one message per kind.</summary>
    private sealed class SchedulerOutbox(TimeProvider time)
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
        public TimeSpan Age => Count == 0 ? TimeSpan.Zero : time.GetElapsedTime(_firstAt);

        /// <summary>Notes the time of the first outcome of a batch.</summary>
        public void Started()
        {
            if (Count == 0)
            {
                _firstAt = time.GetTimestamp();
            }
        }

        public void Flush(PeerLink scheduler)
        {
            if (Finished.Count > 0)
            {
                var keys = new Key[Finished.Count];
                var nbytes = new long[keys.Length];
                var timings = new TaskTiming[keys.Length];
                for (int i = 0; i < keys.Length; i++)
                {
                    (keys[i], nbytes[i], timings[i]) = Finished[i];
                }

                scheduler.Send(MessageCodec.Encode(new TaskFinishedMessage(keys, nbytes, timings)));
                Finished.Clear();
            }

            if (Erred.Count > 0)
            {
                var keys = new Key[Erred.Count];
                var errors = new TaskError[keys.Length];
                var timings = new TaskTiming[keys.Length];
                for (int i = 0; i < keys.Length; i++)
                {
                    (keys[i], errors[i], timings[i]) = Erred[i];
                }

                scheduler.Send(MessageCodec.Encode(new TaskErredMessage(keys, errors, timings)));
                Erred.Clear();
            }

            if (!Activity.IsEmpty)
            {
                var drained = new List<WorkerActivity>();
                while (Activity.TryDequeue(out WorkerActivity a))
                {
                    drained.Add(a);
                }

                scheduler.Send(MessageCodec.Encode(new ActivityMessage([.. drained])));
            }

            if (Stolen.Count > 0)
            {
                var keys = new Key[Stolen.Count];
                var released = new bool[keys.Length];
                for (int i = 0; i < keys.Length; i++)
                {
                    (keys[i], released[i]) = Stolen[i];
                }

                scheduler.Send(MessageCodec.Encode(new StealResponseMessage(keys, released)));
                Stolen.Clear();
            }

            if (Missing.Count > 0)
            {
                scheduler.Send(MessageCodec.Encode(new MissingDataMessage([.. Missing.Select(m => m.Key)], [.. Missing.Select(m => m.Errant.ToArray())])));
                Missing.Clear();
            }
        }
    }
}
