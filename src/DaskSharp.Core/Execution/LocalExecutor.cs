using System.Collections.Immutable;
using DaskSharp.Diagnostics;
using DaskSharp.Graphs;

namespace DaskSharp.Execution;

/// <summary>
/// Runs an <see cref="ExecutionPlan"/> on the calling thread plus <c>workers - 1</c> helper threads
/// (Dask's <c>get_async</c>): the ready task with the lowest priority runs next; a result is
/// released as soon as its last dependent has run (outputs are kept); the first failure or a
/// cancellation stops the run. One worker is the synchronous scheduler, for debugging.
/// </summary>
internal sealed class LocalExecutor : IValueLookup
{
    private readonly ExecutionPlan _plan;
    private readonly int[] _priority;
    private readonly object?[] _results;
    private readonly int[] _waitingOn;
    private readonly int[] _pendingDependents;
    private readonly ReadyQueue _ready;
    private readonly ImmutableList<Callback> _callbacks;
    private readonly ComputeProgress _progress;
    private readonly CancellationToken _cancellation;
    private readonly object _gate = new();

    // The p2p shuffles of this run keep their pieces here, and they go when the run ends.
    private readonly InMemoryShuffleService _shuffles = new();
    private const int MaxBatch = 32;
    private int _workers = 1;
    private int _completed;
    private int _idleWorkers;
    private bool _stopping;
    private (Key Key, Exception Error)? _failure;

    private LocalExecutor(ExecutionPlan plan, int[] priority, ImmutableList<Callback> callbacks, ComputeProgress progress, CancellationToken cancellation)
    {
        _plan = plan;
        _priority = priority;
        _callbacks = callbacks;
        _progress = progress;
        _cancellation = cancellation;
        int n = plan.Count;
        _results = new object?[n];
        _waitingOn = new int[n];
        _pendingDependents = new int[n];
        for (int i = 0; i < n; i++)
        {
            _waitingOn[i] = plan.Dependencies[i].Length;
            _pendingDependents[i] = plan.Dependents[i].Length;
        }

        _ready = new ReadyQueue(priority, _waitingOn);
    }

    /// <summary>Runs the plan and returns the output values in the order of <see cref="ExecutionPlan.Outputs"/>.</summary>
    public static object?[] Run(ExecutionPlan plan, int[] priority, int workers, string schedulerName, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        workers = Math.Max(1, Math.Min(workers, plan.Count));
        ImmutableList<Callback> callbacks = Callback.Active;
        var progress = new ComputeProgress(plan.Count, schedulerName, workers);
        var executor = new LocalExecutor(plan, priority, callbacks, progress, cancellation);
        foreach (Callback cb in callbacks)
        {
            cb.Start(progress);
        }

        bool failed = true;
        try
        {
            executor.RunWorkers(workers);
            executor.ThrowIfStopped();
            failed = false;
        }
        finally
        {
            foreach (Callback cb in callbacks)
            {
                cb.Finish(progress, failed);
            }
        }

        var outputs = new object?[plan.Outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = executor._results[plan.Outputs[i]];
        }

        return outputs;
    }

    object? IValueLookup.Get(Key key) => _results[_plan.Index[key]];

    private void RunWorkers(int workers)
    {
        _workers = workers;
        using CancellationTokenRegistration registration = _cancellation.Register(static s => ((LocalExecutor)s!).WakeAll(), this);
        var helpers = new Thread[workers - 1];
        for (int i = 0; i < helpers.Length; i++)
        {
            helpers[i] = new Thread(static s => ((LocalExecutor)s!).WorkLoop(), maxStackSize: 16 * 1024 * 1024)
            {
                IsBackground = true,
                Name = $"dask-worker-{i + 1}",
            };
            helpers[i].Start(this);
        }

        WorkLoop();
        foreach (Thread t in helpers)
        {
            t.Join();
        }
    }

    private void WorkLoop()
    {
        // A worker takes a small batch of ready tasks per visit to the lock and hands their results
        // back together: with tiny tasks the lock, not the work, is the bottleneck.
        var batch = new List<int>(MaxBatch);
        var results = new List<object?>(MaxBatch);
        using ShuffleServices.Scope shuffles = ShuffleServices.Enter(_shuffles);
        while (true)
        {
            lock (_gate)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    Complete(batch[i], results[i]);
                }

                batch.Clear();
                results.Clear();
                TakeNext(batch);
            }

            if (batch.Count == 0)
            {
                return;
            }

            foreach (int task in batch)
            {
                Key key = _plan.Keys[task];
                try
                {
                    foreach (Callback cb in _callbacks)
                    {
                        cb.PreTask(key, _progress);
                    }

                    object? result = _plan.Nodes[task].Execute(this);
                    foreach (Callback cb in _callbacks)
                    {
                        cb.PostTask(key, result, _progress);
                    }

                    results.Add(result);
                }
                catch (Exception e)
                {
                    Fail(e is FusedTaskException fused ? fused.Key : key, e is FusedTaskException ? e.InnerException! : e);
                    return;
                }

                if (_stopping || _cancellation.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Fills <paramref name="batch"/> with the next tasks to run; empty when the run is over. Called under the lock.</summary>
    private void TakeNext(List<int> batch)
    {
        while (true)
        {
            if (_stopping || _cancellation.IsCancellationRequested)
            {
                return;
            }

            if (_ready.TryDequeue(out int first))
            {
                batch.Add(first);

                // Tasks whose results nobody else reads (final results) may be taken several at a
                // time without disturbing the memory-aware order; leave a fair share for the others.
                int take = Math.Clamp(_ready.Count / (2 * _workers), 0, MaxBatch - 1);
                while (take-- > 0 && _plan.Dependents[batch[^1]].Length == 0
                    && _ready.TryPeek(out int next) && _plan.Dependents[next].Length == 0)
                {
                    _ready.TryDequeue(out _);
                    batch.Add(next);
                }

                if (_ready.Count > 0 && _idleWorkers > 0)
                {
                    Monitor.PulseAll(_gate);
                }

                return;
            }

            if (_completed == _plan.Count)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
                return;
            }

            _idleWorkers++;
            Monitor.Wait(_gate);
            _idleWorkers--;
        }
    }

    /// <summary>Stores a result, wakes dependents, releases inputs nobody needs any more. Called under the lock.</summary>
    private void Complete(int task, object? result)
    {
        _results[task] = result;
        _completed++;
        int released = 0;
        foreach (int dependent in _plan.Dependents[task])
        {
            if (--_waitingOn[dependent] == 0)
            {
                _ready.Enqueue(dependent);
            }
        }

        foreach (int dependency in _plan.Dependencies[task])
        {
            if (--_pendingDependents[dependency] == 0 && !_plan.IsOutput[dependency])
            {
                _results[dependency] = null;
                released++;
            }
        }

        if (_pendingDependents[task] == 0 && !_plan.IsOutput[task])
        {
            _results[task] = null;
            released++;
        }

        _progress.Completed(released);
    }

    private void Fail(Key key, Exception error)
    {
        lock (_gate)
        {
            _failure ??= (key, error);
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void WakeAll()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void ThrowIfStopped()
    {
        if (_failure is { } failure)
        {
            throw new TaskFailedException(failure.Key, failure.Error);
        }

        _cancellation.ThrowIfCancellationRequested();
    }
}
