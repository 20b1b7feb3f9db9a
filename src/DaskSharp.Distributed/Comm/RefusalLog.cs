using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// The log of connections a listener refused before authentication, rate-limited so a flood of
/// them does not become a flood of log lines: the first <see cref="Burst"/> refusals of each
/// <see cref="Window"/> are logged one line each; the rest are counted by kind and summed up in
/// one line when the window ends. Peer-supplied text in a reason must already be cut
/// (<see cref="Protocol.LogText"/>).
/// </summary>
internal sealed class RefusalLog : IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly SortedDictionary<string, long> _suppressed = new(StringComparer.Ordinal);
    private long _windowStart;
    private int _logged;
    private ITimer? _flush;
    private bool _disposed;

    public RefusalLog(ILogger logger, TimeProvider? time = null, int burst = 20, TimeSpan? window = null)
    {
        _logger = logger;
        _time = time ?? TimeProvider.System;
        Burst = burst;
        Window = window ?? TimeSpan.FromSeconds(10);
        _windowStart = _time.GetTimestamp();
    }

    /// <summary>Refusals logged one line each per window.</summary>
    public int Burst { get; }

    /// <summary>How long a window lasts.</summary>
    public TimeSpan Window { get; }

    /// <summary>Refusals so far that were only counted, not logged one by one.</summary>
    public long Suppressed { get; private set; }

    /// <summary>Logs (or counts) one refusal: "<paramref name="what"/> <paramref name="peer"/>: <paramref name="reason"/>", counted under <paramref name="kind"/>.</summary>
    public void Refused(string what, string peer, string reason, string kind)
    {
        lock (_gate)
        {
            if (_time.GetElapsedTime(_windowStart) >= Window)
            {
                FlushLocked();
                _windowStart = _time.GetTimestamp();
                _logged = 0;
            }

            if (_logged < Burst)
            {
                _logged++;
                _logger.LogWarning("{What} {Peer}: {Reason}", what, peer, reason);
                return;
            }

            Suppressed++;
            _suppressed[kind] = _suppressed.GetValueOrDefault(kind) + 1;
            if (_flush is null && !_disposed)
            {
                TimeSpan left = Window - _time.GetElapsedTime(_windowStart);
                _flush = _time.CreateTimer(_ => Flush(), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Logs what was counted so far, if anything.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            FlushLocked();
            _disposed = true;
        }
    }

    private void FlushLocked()
    {
        _flush?.Dispose();
        _flush = null;
        if (_suppressed.Count == 0)
        {
            return;
        }

        long total = _suppressed.Values.Sum();
        var kinds = new StringBuilder();
        foreach (var (kind, count) in _suppressed.OrderByDescending(k => k.Value))
        {
            kinds.Append(kinds.Length == 0 ? string.Empty : "; ").Append(CultureInfo.InvariantCulture, $"{count:N0} {kind}");
        }

        _suppressed.Clear();
        _logger.LogWarning(
            "Refused {Count} more connections before authentication without a line each (at most {Burst} lines per {Window} s): {Kinds}",
            total.ToString("N0", CultureInfo.InvariantCulture),
            Burst,
            Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            kinds.ToString());
    }
}
