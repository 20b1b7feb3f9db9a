namespace DaskSharp.Distributed.Cluster;

/// <summary>Which way an adaptive step goes.</summary>
public enum AdaptiveStatus
{
    /// <summary>Keep the workers as they are.</summary>
    Same,

    /// <summary>Scale up to the target.</summary>
    Up,

    /// <summary>Retire the named workers.</summary>
    Down,
}

/// <summary>What an adaptive step decided (distributed's recommendation dicts).</summary>
/// <param name="Status">Same, up or down.</param>
/// <param name="Target">The worker count it aimed at.</param>
/// <param name="Workers">With <see cref="AdaptiveStatus.Down"/>, the workers to retire, by name; else empty.</param>
public sealed record AdaptiveRecommendation(AdaptiveStatus Status, int Target, IReadOnlyList<string> Workers)
{
    /// <inheritdoc/>
    public override string ToString() => Status switch
    {
        AdaptiveStatus.Up => $"up to {Target}",
        AdaptiveStatus.Down => $"down to {Target}: retire {string.Join(", ", Workers)}",
        _ => "same",
    };
}
