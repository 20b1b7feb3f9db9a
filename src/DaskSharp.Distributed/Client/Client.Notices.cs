using DaskSharp.Distributed.Protocol;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed;

/// <summary>Something the scheduler said about the whole cluster (see <see cref="Client.ClusterNoticeReceived"/>).</summary>
/// <param name="Kind"><c>all-paused</c>: every worker is paused by memory pressure while tasks wait; <c>resumed</c>: that is over.</param>
/// <param name="Message">The notice in words, with each worker's memory.</param>
public sealed record ClusterNotice(string Kind, string Message)
{
    /// <summary>True for a warning (<c>all-paused</c>), false for the all-clear.</summary>
    public bool IsWarning => Kind == ClusterNoticeMessage.AllPaused;
}

// Notices about the cluster: memory trouble on workers is never silent on the client.
public sealed partial class Client
{
    private volatile string? _lastClusterWarning;

    /// <summary>
    /// The scheduler's latest warning about the whole cluster that still holds, e.g. "All 3 workers
    /// are paused: their memory is above the pause threshold (…)"; null when there is none or the
    /// workers resumed. Each warning is also logged at warning level.
    /// </summary>
    public string? LastClusterWarning => _lastClusterWarning;

    /// <summary>Raised (on the client's receiving thread) for each notice the scheduler sends about the cluster.</summary>
    public event EventHandler<ClusterNotice>? ClusterNoticeReceived;

    private void OnClusterNotice(ClusterNoticeMessage notice)
    {
        if (notice.Kind == ClusterNoticeMessage.AllPaused)
        {
            _lastClusterWarning = notice.Text;
            _logger.LogWarning("{Notice}", notice.Text);
        }
        else
        {
            _lastClusterWarning = null;
            _logger.LogInformation("{Notice}", notice.Text);
        }

        try
        {
            ClusterNoticeReceived?.Invoke(this, new ClusterNotice(notice.Kind, notice.Text));
        }
        catch (Exception e)
        {
            // A handler's bug must not end the link that reports the futures' outcomes.
            _logger.LogError(e, "A {Event} handler threw", nameof(ClusterNoticeReceived));
        }
    }
}
