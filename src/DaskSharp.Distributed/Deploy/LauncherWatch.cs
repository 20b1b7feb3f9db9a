using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Deploy;

/// <summary>
/// Ends a rank whose launcher is gone. A rank is a child of <c>mpirun</c> (or of its <c>orted</c>
/// daemon on another node, or of SLURM's <c>slurmstepd</c>); a launcher killed outright (SIGKILL,
/// a node's daemon dying) cannot pass the signal on, and the ranks — which use no MPI library that
/// would notice — would serve on as orphans. When this process's parent changes (it was
/// re-parented to init or a subreaper), the token fires and the rank closes as if interrupted.
/// </summary>
/// <remarks>Linux only (the parent is read from <c>/proc/self/stat</c>); elsewhere the token never fires.</remarks>
internal sealed class LauncherWatch : IDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _gone;
    private readonly Timer? _timer;

    /// <summary>Watches this process's parent from now on; <see cref="Token"/> also fires with <paramref name="outer"/>.</summary>
    public LauncherWatch(ILogger logger, CancellationToken outer)
    {
        _gone = CancellationTokenSource.CreateLinkedTokenSource(outer);
        if (ParentId() is not { } launcher)
        {
            return;
        }

        _timer = new Timer(_ =>
        {
            if (ParentId() is { } now && now != launcher && !_gone.IsCancellationRequested)
            {
                logger.LogWarning("The process that launched this rank (pid {Pid}) is gone; closing", launcher);
                try
                {
                    _gone.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // the rank ended meanwhile
                }
            }
        });
        _timer.Change(s_interval, s_interval);
    }

    /// <summary>Fires when the launcher is gone (or the outer token fires).</summary>
    public CancellationToken Token => _gone.Token;

    public void Dispose()
    {
        _timer?.Dispose();
        _gone.Dispose();
    }

    /// <summary>The parent's pid from <c>/proc/self/stat</c> (the field after the state, which follows the parenthesised command name).</summary>
    internal static int? ParentId()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
