namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// Wall-clock time as seconds since the Unix epoch (what distributed's <c>time()</c> reports in
/// <c>startstops</c>): workers stamp task and transfer times with it so the dashboard can lay
/// bars from several processes on one axis.
/// </summary>
internal static class WallClock
{
    public static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
}
