using DaskSharp.Distributed.Protocol;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Scheduling;

// Retirement the cluster asks for (distributed's Scheduler.retire_workers), for workers it will stop from outside.
public sealed partial class Scheduler
{
    /// <summary>
    /// Retires the named workers (by name or address) as a worker's own graceful close does: they get
    /// no new tasks, finish the running ones and hand the results only they hold to the workers that
    /// stay. Returns once each of them runs nothing and holds nothing the others lack (or has left),
    /// so a cluster can then end their processes — a batch job, say — without losing work. Workers
    /// that are not registered are ignored.
    /// </summary>
    /// <returns>The addresses of the workers it retired.</returns>
    /// <exception cref="TimeoutException">naming the workers still busy or holding results after <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<string>> RetireWorkersAsync(IReadOnlyCollection<string> workers, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workers);
        var retiring = new List<string>();
        Process(new Invocation(state =>
        {
            foreach (Peer peer in _workers.Values.Where(w => workers.Contains(w.Id) || (w.Name is { } name && workers.Contains(name))))
            {
                retiring.Add(peer.Id);
                _output.AddRange(state.Handle(new RetireWorkerEvent(peer.Id, NextStimulus("retire-workers"))));
                _logger.LogInformation("Retiring worker {Address}", LogText.Truncate(peer.Id));
            }
        }));

        using var timer = new CancellationTokenSource(timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        while (true)
        {
            List<string> busy;
            lock (_gate)
            {
                busy = [.. retiring.Where(HoldsWork)];
            }

            if (busy.Count == 0)
            {
                return retiring;
            }

            try
            {
                await Task.Delay(BalanceInterval, _time).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Workers {string.Join(", ", busy)} were still running tasks or holding the only copies of results {timeout.TotalSeconds} s after they were asked to retire.");
            }
        }
    }

    /// <summary>Under the lock: the worker is registered and still runs tasks, or holds results it can hand to a worker that stays.</summary>
    private bool HoldsWork(string address) =>
        _state.Workers.TryGetValue(address, out SchedulerWorker? worker)
        && (worker.Processing.Count > 0
            || (_workers.TryGetValue(address, out Peer? peer) && peer.Copying)
            || _state.HandOverPlan(address).Count > 0);
}
