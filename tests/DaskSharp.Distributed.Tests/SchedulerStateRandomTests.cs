using DaskSharp.Distributed.Scheduling;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// Random but plausible event sequences (graphs submitted and released, results and errors reported by
/// the worker running the task, workers joining, dying and retiring, scatters, retries, steals) fed to
/// the bare scheduler: no transition outside its table, and every invariant holds after every step.
/// </summary>
public class SchedulerStateRandomTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void RandomEvents_KeepEveryInvariant(int seed)
    {
        for (int run = 0; run < 100; run++)
        {
            var random = new Random((seed * 1000) + run);
            var s = new SchedulerState();
            var keys = new List<Key>();
            int workers = 0;
            var history = new List<string>();
            for (int step = 0; step < 80; step++)
            {
                SchedulerEvent e = Next(s, random, keys, ref workers, $"s{step}");
                history.Add(Describe(e));
                string context = $"seed {seed}, run {run}, step {step}: {e}; events so far: {string.Join(" | ", history)}";
                try
                {
                    s.Handle(e);
                    s.Validate();
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
                {
                    throw new Xunit.Sdk.XunitException($"{context}: {ex.Message}");
                }
            }
        }
    }

    private static string Describe(SchedulerEvent e) => e switch
    {
        UpdateGraphEvent g => $"{g.StimulusId} graph {g.Client} [{string.Join(", ", g.Tasks.Select(t => $"{t.Key}<-{string.Join("+", t.Dependencies)} r{t.Retries}"))}] wants {string.Join(",", g.Wanted)}",
        UpdateDataEvent d => $"{d.StimulusId} scatter {d.Client} {string.Join(",", d.Data.Select(x => x.Key))} to {string.Join(",", d.Workers)}",
        ReleaseKeysEvent r => $"{r.StimulusId} release {r.Client} {string.Join(",", r.Keys)}",
        RetryEvent r => $"{r.StimulusId} retry {string.Join(",", r.Keys)}",
        _ => e.ToString(),
    };

    private static SchedulerEvent Next(SchedulerState s, Random random, List<Key> keys, ref int workers, string stimulus)
    {
        string[] alive = [.. s.Workers.Keys];
        SchedulerTask[] processing = [.. s.Tasks.Values.Where(t => t.State == TaskState.Processing)];
        switch (random.Next(10))
        {
            case 0 when alive.Length < 3:
            case 1 when alive.Length == 0:
                return new AddWorkerEvent($"w{++workers}", 1 + random.Next(2), 1 << 30, stimulus);
            case 2 or 3:
            {
                // A small graph over fresh keys, reading earlier keys of the same graph.
                int n = 1 + random.Next(5);
                var submitted = new List<TaskSubmission>();
                for (int i = 0; i < n; i++)
                {
                    var key = new Key($"k{keys.Count}");
                    keys.Add(key);
                    Key[] deps = [.. submitted.Where(_ => random.Next(3) == 0).Select(t => t.Key)];
                    submitted.Add(new TaskSubmission(key, deps, i, random.Next(2)));
                }

                return new UpdateGraphEvent($"c{random.Next(2)}", submitted, [submitted[^1].Key, .. submitted.Where(_ => random.Next(4) == 0).Select(t => t.Key)], stimulus);
            }

            case 4 when processing.Length > 0:
            {
                SchedulerTask t = processing[random.Next(processing.Length)];
                return new TaskFinishedEvent(t.Key, t.ProcessingOn!, 8 + random.Next(1000), stimulus) { Duration = random.NextDouble() * 0.01 };
            }

            case 5 when processing.Length > 0:
            {
                SchedulerTask t = processing[random.Next(processing.Length)];
                return random.Next(3) == 0
                    ? new StealResponseEvent(t.Key, t.ProcessingOn!, random.Next(2) == 0, stimulus)
                    : new TaskErredEvent(t.Key, t.ProcessingOn!, "ValueError: bad", "tb", stimulus);
            }

            case 6 when keys.Count > 0:
                return new ReleaseKeysEvent($"c{random.Next(2)}", [keys[random.Next(keys.Count)]], stimulus);
            case 7 when alive.Length > 0:
                return random.Next(3) == 0
                    ? new RetireWorkerEvent(alive[random.Next(alive.Length)], stimulus)
                    : new RemoveWorkerEvent(alive[random.Next(alive.Length)], stimulus);
            case 8 when alive.Length > 0 && keys.Count > 0:
                return random.Next(2) == 0
                    ? new UpdateDataEvent($"c{random.Next(2)}", [(keys[random.Next(keys.Count)], 16)], [alive[random.Next(alive.Length)]], stimulus)
                    : new RetryEvent($"c{random.Next(2)}", [keys[random.Next(keys.Count)]], stimulus);
            default:
                return new BalanceEvent(stimulus);
        }
    }
}
