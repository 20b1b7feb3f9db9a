namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// The decision half of adaptive scaling (distributed's <c>AdaptiveCore.recommendations</c>), with no
/// cluster and no I/O: scale up at once; scale down only a worker recommended for closing
/// <see cref="WaitCount"/> steps in a row, so a short lull does not cost a worker that is needed
/// again a second later.
/// </summary>
public sealed class AdaptiveCore
{
    private readonly Dictionary<string, int> _closeCounts = new(StringComparer.Ordinal);

    /// <summary>Makes the decision state.</summary>
    /// <exception cref="ArgumentOutOfRangeException">for a negative minimum, a maximum below it, or a wait count below one.</exception>
    public AdaptiveCore(int minimum, int maximum, int waitCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        if (maximum < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, $"Adaptive maximum {maximum} is below the minimum {minimum}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(waitCount, 1);
        (Minimum, Maximum, WaitCount) = (minimum, maximum, waitCount);
    }

    /// <summary>The fewest workers.</summary>
    public int Minimum { get; }

    /// <summary>The most workers.</summary>
    public int Maximum { get; }

    /// <summary>Steps in a row a worker must be recommended for closing before it goes.</summary>
    public int WaitCount { get; }

    /// <summary>
    /// The step's decision for <paramref name="target"/> workers (already within minimum and maximum).
    /// </summary>
    /// <param name="target">Workers wanted.</param>
    /// <param name="plan">Workers the cluster means to have, by name.</param>
    /// <param name="requested">Of those, the ones it has started.</param>
    /// <param name="observed">Workers the scheduler has, by name.</param>
    /// <param name="workersToClose">Given a target, the scheduler's cheapest workers to close to reach it.</param>
    public AdaptiveRecommendation Recommend(int target, IReadOnlyCollection<string> plan, IReadOnlyCollection<string> requested, IReadOnlyCollection<string> observed, Func<int, IReadOnlyList<string>> workersToClose)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(workersToClose);
        if (target >= plan.Count)
        {
            _closeCounts.Clear();
            return new AdaptiveRecommendation(target == plan.Count ? AdaptiveStatus.Same : AdaptiveStatus.Up, target, []);
        }

        // Workers started but not yet arrived go first: they hold nothing and run nothing.
        var toClose = new List<string>(requested.Where(w => !observed.Contains(w)).Take(plan.Count - target));
        if (target < plan.Count - toClose.Count)
        {
            toClose.AddRange(workersToClose(target).Where(w => !toClose.Contains(w)));
        }

        var firmly = new List<string>();
        foreach (string w in toClose)
        {
            int count = _closeCounts.GetValueOrDefault(w) + 1;
            _closeCounts[w] = count;
            if (count >= WaitCount)
            {
                firmly.Add(w);
            }
        }

        foreach (string w in _closeCounts.Keys.ToList())
        {
            if (firmly.Contains(w) || !toClose.Contains(w))
            {
                _closeCounts.Remove(w); // recommended no longer (or acted on): the count starts over
            }
        }

        return firmly.Count > 0 ? new AdaptiveRecommendation(AdaptiveStatus.Down, target, firmly) : new AdaptiveRecommendation(AdaptiveStatus.Same, target, []);
    }
}
