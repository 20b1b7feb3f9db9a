using System.Globalization;
using System.Text;

namespace DaskSharp.Diagnostics;

/// <summary>
/// A console progress bar for local computations, as <c>dask.diagnostics.ProgressBar</c>:
/// <c>[####################                    ] | 50% Completed |  1.2s</c>.
/// On a terminal it redraws one line in place every <c>dt</c>; when output is redirected (a log,
/// CI) it writes a new line at most every <c>logInterval</c>, plus the final line, so logs stay short.
/// Computations shorter than <c>minimum</c> print nothing.
/// </summary>
/// <example><code>
/// using (new ProgressBar())
/// {
///     result.Compute();
/// }
/// </code></example>
public sealed class ProgressBar : Callback
{
    private readonly TextWriter _output;
    private readonly bool _redraw;
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _dt;
    private readonly TimeSpan _logInterval;
    private readonly int _width;
    private readonly object _gate = new();
    private Thread? _ticker;
    private ComputeProgress? _progress;
    private TimeSpan _lastLine;
    private bool _drawn;

    /// <summary>Creates and activates a progress bar.</summary>
    /// <param name="minimum">Draw nothing for computations shorter than this (default: 0).</param>
    /// <param name="width">Characters in the bar (default 40).</param>
    /// <param name="dt">Redraw period on a terminal (default 0.1 s).</param>
    /// <param name="output">Where to write (default: the console's standard output).</param>
    /// <param name="redraw">Redraw in place (terminal) or write lines (redirected); default: detected.</param>
    /// <param name="logInterval">Shortest time between lines when not redrawing (default 10 s).</param>
    public ProgressBar(TimeSpan? minimum = null, int width = 40, TimeSpan? dt = null, TextWriter? output = null, bool? redraw = null, TimeSpan? logInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _output = output ?? Console.Out;
        _redraw = redraw ?? (output is null && !Console.IsOutputRedirected);
        _minimum = minimum ?? TimeSpan.Zero;
        _dt = dt ?? TimeSpan.FromSeconds(0.1);
        _logInterval = logInterval ?? TimeSpan.FromSeconds(10);
        _width = width;
    }

    /// <summary>One rendering of the bar, without line ending: <c>[###   ] | 50% Completed |  1.2s</c>.</summary>
    public static string Format(int completed, int total, TimeSpan elapsed, int width = 40)
    {
        double fraction = total == 0 ? 1.0 : (double)completed / total;
        int filled = (int)(width * fraction);
        var sb = new StringBuilder(width + 32);
        sb.Append('[').Append('#', filled).Append(' ', width - filled).Append("] | ");
        sb.Append(((int)(100 * fraction)).ToString(CultureInfo.InvariantCulture).PadLeft(3)).Append("% Completed | ");
        sb.Append(FormatTime(elapsed));
        return sb.ToString();
    }

    /// <summary>Dask's <c>format_time</c>: <c>" 1.2s"</c>, <c>"2min  3.0s"</c>, <c>"1hr  2min  3.0s"</c>.</summary>
    public static string FormatTime(TimeSpan elapsed)
    {
        double t = elapsed.TotalSeconds;
        int hours = (int)(t / 3600);
        int minutes = (int)(t % 3600 / 60);
        double seconds = t % 60;
        string s = seconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(4) + "s";
        if (hours > 0)
        {
            return $"{hours}hr {minutes,2}min {s}";
        }

        return minutes > 0 ? $"{minutes}min {s}" : s;
    }

    /// <inheritdoc/>
    public override void Start(ComputeProgress progress)
    {
        lock (_gate)
        {
            _progress = progress;
            _drawn = false;
            _lastLine = TimeSpan.Zero;

            // A thread of its own, as Dask's: a busy thread pool (tasks that block) must not
            // silence the bar.
            _ticker = new Thread(static s => ((ProgressBar)s!).TickLoop()) { IsBackground = true, Name = "dask-progress" };
            _ticker.Start(this);
        }
    }

    /// <inheritdoc/>
    public override void Finish(ComputeProgress progress, bool failed)
    {
        ArgumentNullException.ThrowIfNull(progress);
        StopTicker();
        lock (_gate)
        {
            if (progress.Elapsed >= _minimum || _drawn)
            {
                // The final line shows where it stopped: 100% on success, the last count on failure.
                Draw(progress);
                _output.WriteLine();
                _output.Flush();
            }

            _progress = null;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        StopTicker();
        base.Dispose(disposing);
    }

    private void StopTicker()
    {
        Thread? ticker;
        lock (_gate)
        {
            ticker = _ticker;
            _ticker = null;
            Monitor.PulseAll(_gate);
        }

        ticker?.Join();
    }

    private void TickLoop()
    {
        lock (_gate)
        {
            // Monitor.Wait releases the lock while waiting; StopTicker pulses to end early.
            while (_ticker == Thread.CurrentThread)
            {
                Monitor.Wait(_gate, _dt);
                if (_ticker == Thread.CurrentThread)
                {
                    Tick();
                }
            }
        }
    }

    /// <summary>Draws one update. Called under the lock.</summary>
    private void Tick()
    {
        if (_progress is not { } progress || progress.Elapsed < _minimum)
        {
            return;
        }

        if (_redraw)
        {
            Draw(progress);
            _output.Flush();
        }
        else if (progress.Elapsed - _lastLine >= _logInterval)
        {
            // Redirected output: an occasional full line instead of carriage returns.
            _lastLine = progress.Elapsed;
            _output.WriteLine(Format(progress.CompletedTasks, progress.TotalTasks, progress.Elapsed, _width));
            _output.Flush();
            _drawn = true;
        }
    }

    private void Draw(ComputeProgress progress)
    {
        string line = Format(progress.CompletedTasks, progress.TotalTasks, progress.Elapsed, _width);
        if (_redraw)
        {
            _output.Write('\r');
        }

        _output.Write(line);
        _drawn = _redraw || _drawn;
    }
}
