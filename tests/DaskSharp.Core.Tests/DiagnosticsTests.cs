using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using DaskSharp.Diagnostics;
using DaskSharp.Graphs;

namespace DaskSharp.Core.Tests;

public class DiagnosticsTests
{
    [Fact]
    public void Callback_SeesStartEachTaskAndFinish()
    {
        var inc = Dask.Delayed((int x) => x + 1, name: "inc");
        var add = Dask.Delayed((int x, int y) => x + y, name: "add");
        Delayed<int> z = add(inc(1), inc(2));
        using var recorder = new Recorder();

        Assert.Equal(5, z.Compute("sync"));

        Assert.Equal("start 3", recorder.Events[0]);
        Assert.Equal("finish ok 3", recorder.Events[^1]);
        Assert.Equal(8, recorder.Events.Count);
        Assert.Equal(["inc", "inc", "add"], recorder.Events.Where(e => e.StartsWith("pre ", StringComparison.Ordinal)).Select(e => e[4..]));
        Assert.Contains("post add 5", recorder.Events);
    }

    [Fact]
    public void Callback_AfterDispose_IsNotCalled()
    {
        var recorder = new Recorder();
        recorder.Dispose();
        Dask.Delayed(() => 1)().Compute();
        Assert.Empty(recorder.Events);
    }

    [Fact]
    public void Callback_Failure_FinishReportsFailed()
    {
        using var recorder = new Recorder();
        Assert.Throws<TaskFailedException>(() => Dask.Delayed(() => ThrowingValue())().Compute());
        Assert.Equal("finish failed 0", recorder.Events[^1]);
    }

    [Fact]
    public async Task Callback_Register_IsGlobal()
    {
        var recorder = new Recorder();
        recorder.Dispose(); // not active in this flow any more...
        recorder.Register(); // ...but active everywhere
        try
        {
            await Task.Run(() => Dask.Delayed(() => 1)().Compute());
            Assert.Contains("start 1", recorder.Events);
        }
        finally
        {
            recorder.Unregister();
        }
    }

    [Fact]
    public void ProgressBar_Format_MatchesDask()
    {
        Assert.Equal("[####################                    ] |  50% Completed |  1.2s", ProgressBar.Format(5, 10, TimeSpan.FromSeconds(1.23)));
        Assert.Equal("[########################################] | 100% Completed | 2min  3.0s", ProgressBar.Format(10, 10, TimeSpan.FromSeconds(123)));
        Assert.Equal("[          ] |   0% Completed |  0.0s", ProgressBar.Format(0, 3, TimeSpan.Zero, width: 10));
        Assert.Equal("1hr  1min  1.0s", ProgressBar.FormatTime(TimeSpan.FromSeconds(3661)));
    }

    [Fact]
    public void ProgressBar_Redirected_WritesOccasionalLinesAndTheFinalOne()
    {
        var output = new StringWriter();
        var slow = Dask.Delayed((int i) => { Thread.Sleep(15); return i; });
        var parts = Enumerable.Range(0, 20).Select(i => slow(i)).ToArray();
        using (new ProgressBar(output: output, redraw: false, dt: TimeSpan.FromMilliseconds(10), logInterval: TimeSpan.FromMilliseconds(100)))
        {
            Dask.Compute(parts, "sync");
        }

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', output.ToString());
        Assert.InRange(lines.Length, 2, 6); // ~300 ms of work, a line per 100 ms at most, plus the final
        Assert.Matches(@"^\[#{40}\] \| 100% Completed \|  0\.\ds$", lines[^1]);
        Assert.All(lines, l => Assert.Matches(@"^\[[# ]{40}\] \| +\d+% Completed \| ", l));
    }

    [Fact]
    public void ProgressBar_Terminal_RedrawsInPlace()
    {
        var output = new StringWriter();
        var slow = Dask.Delayed((int i) => { Thread.Sleep(10); return i; });
        var parts = Enumerable.Range(0, 20).Select(i => slow(i)).ToArray();
        using (new ProgressBar(output: output, redraw: true, dt: TimeSpan.FromMilliseconds(20)))
        {
            Dask.Compute(parts, "sync");
        }

        string text = output.ToString();
        Assert.True(Regex.Matches(text, "\r").Count >= 3, $"expected several redraws, got: {text.Replace("\r", "\\r", StringComparison.Ordinal)}");
        Assert.Matches(@"\r\[#{40}\] \| 100% Completed \|  0\.\ds\n$", text);
        Assert.Single(Regex.Matches(text, Regex.Escape(Environment.NewLine)));
    }

    [Fact]
    public void ProgressBar_ShorterThanMinimum_PrintsNothing()
    {
        var output = new StringWriter();
        using (new ProgressBar(minimum: TimeSpan.FromSeconds(30), output: output))
        {
            Dask.Delayed(() => 1)().Compute();
        }

        Assert.Equal(string.Empty, output.ToString());
    }

    private static int ThrowingValue() => throw new InvalidOperationException("no");

    private sealed class Recorder : Callback
    {
        private readonly ConcurrentQueue<string> _events = new();

        public List<string> Events => [.. _events];

        public override void Start(ComputeProgress progress) => _events.Enqueue($"start {progress.TotalTasks}");

        public override void PreTask(Key key, ComputeProgress progress) => _events.Enqueue($"pre {key.Prefix}");

        public override void PostTask(Key key, object? result, ComputeProgress progress) => _events.Enqueue($"post {key.Prefix} {result}");

        public override void Finish(ComputeProgress progress, bool failed) => _events.Enqueue($"finish {(failed ? "failed" : "ok")} {progress.CompletedTasks}");
    }
}
