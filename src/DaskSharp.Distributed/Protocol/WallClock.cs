namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// Wall-clock time as seconds since the Unix epoch (what distributed's <c>time()</c> reports in
/// <c>startstops</c>): workers stamp task and transfer times with it so the dashboard can lay
/// bars from several processes on one axis. Shells read it through their own
/// <see cref="TimeProvider"/> so a test's fake clock moves their stamps too.
/// </summary>
internal static class WallClock
{
    /// <summary>Seconds since the Unix epoch on <paramref name="time"/>'s clock.</summary>
    public static double Now(TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;
}
