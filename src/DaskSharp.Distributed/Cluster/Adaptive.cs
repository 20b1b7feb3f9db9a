using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// Scales a <see cref="Cluster"/> with its load (distributed's <c>deploy.Adaptive</c>): every
/// <see cref="Interval"/> it reads the scheduler's snapshot, asks <see cref="AdaptivePolicy"/> for
/// a target within [<see cref="Minimum"/>, <see cref="Maximum"/>], and lets <see cref="AdaptiveCore"/>
/// decide: more workers at once, fewer only after <see cref="WaitCount"/> steps in a row, retiring
/// idle workers gracefully. Made by <see cref="Cluster.Adapt"/>.
/// </summary>
public sealed class Adaptive : IAsyncDisposable
{
    private const int LogCapacity = 1000;

    private readonly Cluster _cluster;
    private readonly AdaptiveCore _core;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _adapting = new(1, 1);
    private readonly Queue<(DateTime Time, AdaptiveRecommendation Recommendation)> _log = new();
    private readonly Task _loop;

    internal Adaptive(Cluster cluster, AdaptiveCore core, TimeSpan interval, TimeSpan targetDuration, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(targetDuration, TimeSpan.Zero);
        (_cluster, _core, _logger, Interval, TargetDuration) = (cluster, core, logger, interval, targetDuration);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The fewest workers.</summary>
    public int Minimum => _core.Minimum;

    /// <summary>The most workers.</summary>
    public int Maximum => _core.Maximum;

    /// <summary>Steps in a row a worker must be recommended for closing before it goes.</summary>
    public int WaitCount => _core.WaitCount;

    /// <summary>Time between steps.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How long the work in hand should take with the wanted workers.</summary>
    public TimeSpan TargetDuration { get; }

    /// <summary>The steps that changed something, oldest first (the last thousand; distributed's <c>Adaptive.log</c>).</summary>
    public IReadOnlyList<(DateTime Time, AdaptiveRecommendation Recommendation)> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Completes when the loop has stopped.</summary>
    public Task Stopped => _loop;

    /// <summary>
    /// One step now (what the loop does every <see cref="Interval"/>): returns what it decided, after
    /// acting on it. A step already under way makes this one return "same" without looking.
    /// </summary>
    public async Task<AdaptiveRecommendation> AdaptAsync(CancellationToken cancellationToken = default)
    {
        if (!await _adapting.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return new AdaptiveRecommendation(AdaptiveStatus.Same, _cluster.PlannedWorkers.Count, []);
        }

        try
        {
            AdaptiveLoad load = AdaptiveLoad.From(_cluster.Scheduler.Snapshot());
            int target = AdaptivePolicy.Target(Minimum, Maximum, load, TargetDuration);
            AdaptiveRecommendation recommendation = _core.Recommend(
                target,
                _cluster.PlannedWorkers,
                _cluster.RequestedWorkers,
                [.. load.Workers.Select(w => w.Name)],
                t => AdaptivePolicy.WorkersToClose(load.Workers, t));
            if (recommendation.Status == AdaptiveStatus.Same)
            {
                return recommendation;
            }

            lock (_log)
            {
                if (_log.Count == LogCapacity)
                {
                    _log.Dequeue();
                }

                _log.Enqueue((_cluster.TimeProvider.GetUtcNow().UtcDateTime, recommendation));
            }

            _logger.LogInformation("Adaptive: {Recommendation}", recommendation);

            // Scaling is not cancelled half-way: a retirement that started moves its data before it ends.
            if (recommendation.Status == AdaptiveStatus.Up)
            {
                await _cluster.ScaleAsync(recommendation.Target, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _cluster.ScaleDownAsync(recommendation.Workers, CancellationToken.None).ConfigureAwait(false);
            }

            return recommendation;
        }
        finally
        {
            _adapting.Release();
        }
    }

    /// <summary>Stops adapting (the workers stay as they are); waits for a step under way.</summary>
    public void Stop() => StopAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="Stop"/>.</summary>
    public async ValueTask StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => StopAsync();

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval, _cluster.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await AdaptAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // As distributed: a failed step is logged and the next one tries again.
                    _logger.LogError(e, "Adaptive step failed: {Reason}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
