using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// Finds the program that hosts worker processes: the <c>dask</c> command (DaskSharp.Cli). It is
/// looked for in <c>DASKSHARP_WORKER_HOST</c> (a path to <c>DaskSharp.Cli.dll</c> or an executable),
/// then next to the running program (a project that references DaskSharp.Cli gets it copied there).
/// </summary>
public static class WorkerHost
{
    /// <summary>The environment variable that carries the cluster secret to worker processes (never the command line, which others can read).</summary>
    public const string SecretVariable = "DASKSHARP_SECRET";

    /// <summary>
    /// The exit code of a <c>dask worker --no-nanny</c> whose scheduler closed the link or died
    /// (distributed's "worker-handle-scheduler-connection-broken"): its nanny does not restart it.
    /// </summary>
    public const int SchedulerGoneExitCode = 3;

    /// <summary>The exit code of a <c>dask worker --no-nanny</c> that could not join its scheduler within <c>--death-timeout</c>: its nanny does not restart it.</summary>
    public const int DeathTimeoutExitCode = 4;

    /// <summary>
    /// The exit code of a <c>dask worker --no-nanny</c> that ended itself for memory (past the
    /// terminate threshold, out of heap, or paused too long with nothing to spill): its nanny starts a fresh one.
    /// </summary>
    public const int MemoryExitCode = 5;

    /// <summary>The program and leading arguments that start <c>dask</c>, or null when it is not installed.</summary>
    public static (string FileName, string[] Arguments)? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("DASKSHARP_WORKER_HOST");
        string? path = configured is { Length: > 0 } ? configured : Path.Combine(AppContext.BaseDirectory, "DaskSharp.Cli.dll");
        if (!File.Exists(path))
        {
            return null;
        }

        return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (DotnetMuxer(), [path]) : (path, []);
    }

    private static string DotnetMuxer()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (host is { Length: > 0 } && File.Exists(host))
        {
            return host;
        }

        string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return root is { Length: > 0 } && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }
}

/// <summary>
/// Keeps one worker process alive (distributed's <c>Nanny</c>): starts <c>dask worker --no-nanny</c>,
/// restarts it when it dies unexpectedly (backing off while it keeps crashing), and kills it (and
/// anything it started) on dispose. A worker that exits because its scheduler is gone, or could
/// not be reached within the death timeout, is not restarted: the nanny stops with it. The worker
/// process exits by itself if the nanny's process dies (see <c>--exit-when-stdin-closes</c>).
/// </summary>
public sealed class Nanny : IAsyncDisposable
{
    /// <summary>A worker that ran this long before dying was not crash-looping: its next restart is not delayed by earlier ones.</summary>
    private static readonly TimeSpan s_stableRun = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan s_maxRestartDelay = TimeSpan.FromSeconds(10);

    private readonly string _scheduler;
    private readonly string _secret;
    private readonly IReadOnlyDictionary<string, string> _options;
    private readonly ILogger _logger;
    private readonly (string FileName, string[] Arguments) _host;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly TaskCompletionSource<int> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private bool _stopping;
    private int _crashes;
    private long _launchedAt;
    private int _restarts;

    private Nanny(string scheduler, string secret, IReadOnlyDictionary<string, string> options, ILogger logger, (string, string[]) host, TimeProvider time)
    {
        _time = time;
        _scheduler = scheduler;
        _secret = secret;
        _options = options;
        _logger = logger;
        _host = host;
    }

    /// <summary>The worker process's id (0 between restarts).</summary>
    public int ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } p ? p.Id : 0;
            }
        }
    }

    /// <summary>Times the worker was restarted after dying.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>
    /// Completes when the nanny has stopped: with the last worker's exit code when it stopped on
    /// its own (<see cref="WorkerHost.SchedulerGoneExitCode"/> or <see cref="WorkerHost.DeathTimeoutExitCode"/>),
    /// with 0 after <see cref="StopAsync"/>.
    /// </summary>
    public Task<int> Finished => _finished.Task;

    /// <summary>How long to wait before restarting a worker that has crashed <paramref name="crashes"/> times in a row: none before the first, then 0.1 s doubling to at most 10 s.</summary>
    internal static TimeSpan RestartDelay(int crashes) =>
        crashes <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(0.1 * Math.Pow(2, crashes - 1), s_maxRestartDelay.TotalSeconds));

    /// <summary>Starts a worker process for <paramref name="scheduler"/> with <c>dask worker</c> options such as <c>--nthreads</c>.</summary>
    /// <param name="scheduler">The scheduler's address.</param>
    /// <param name="secret">The cluster's secret.</param>
    /// <param name="options"><c>dask worker</c> options.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="timeProvider">The clock of the nanny's restart back-off and stop timeout (the worker process keeps the system clock); <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="InvalidOperationException">when the worker host is not installed.</exception>
    public static Nanny Start(string scheduler, string secret, IReadOnlyDictionary<string, string> options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        var host = WorkerHost.Find()
            ?? throw new InvalidOperationException(
                "Worker processes need the dask worker host (DaskSharp.Cli.dll): reference the DaskSharp.Cli project or package, "
                + "or set DASKSHARP_WORKER_HOST to its path. LocalCluster(processes: false) needs no host.");
        var nanny = new Nanny(scheduler, secret, options, logger ?? NullLogger.Instance, host, timeProvider ?? TimeProvider.System);
        nanny.Launch();
        return nanny;
    }

    /// <summary>Kills the worker process tree and stops restarting it.</summary>
    public ValueTask DisposeAsync() => StopAsync(graceful: false);

    /// <summary>
    /// Stops restarting the worker and ends it: with <paramref name="graceful"/>, SIGTERM first, so
    /// the worker hands its results to others before it exits (killed if it takes over 30 s).
    /// </summary>
    public async ValueTask StopAsync(bool graceful)
    {
        Process? process;
        lock (_gate)
        {
            _stopping = true;
            process = _process;
        }

        if (process is null)
        {
            _finished.TrySetResult(0);
            return;
        }

        try
        {
            if (graceful && !process.HasExited)
            {
                using (Process term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync().ConfigureAwait(false);
                }

                await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30), _time)).ConfigureAwait(false);
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            lock (_gate)
            {
                // ProcessId must not ask a disposed Process whether it has exited (that throws).
                if (_process == process)
                {
                    _process = null;
                }

                process.Dispose();
            }

            PurgeDeadWorkers();
            _finished.TrySetResult(0);
        }
    }

    private void Launch()
    {
        var start = new ProcessStartInfo(_host.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // The worker's lifeline: this process holds the pipe's write end and never writes;
            // when this process dies, even by SIGKILL, the worker reads end-of-file and exits.
            RedirectStandardInput = true,
        };
        foreach (string a in _host.Arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("worker");
        start.ArgumentList.Add(_scheduler);
        foreach (var (option, value) in _options)
        {
            start.ArgumentList.Add(option);
            start.ArgumentList.Add(value);
        }

        start.ArgumentList.Add("--no-nanny");
        start.ArgumentList.Add("--exit-when-stdin-closes");
        start.Environment[WorkerHost.SecretVariable] = _secret;
        foreach (var (name, value) in GcSettings(_options))
        {
            if (!start.Environment.ContainsKey(name))
            {
                start.Environment[name] = value; // a user's own setting wins
            }
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.Exited += (_, _) => OnExited(process);
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            process.Start();
            _process = process;
            _launchedAt = _time.GetTimestamp();
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// The GC settings a worker process starts with when it has a memory limit, so the heap stays
    /// inside the limit and gives memory back: a heap hard limit equal to the memory limit (past it
    /// a task's allocation fails with <see cref="OutOfMemoryException"/>, and the worker leaves for
    /// memory instead of being killed by the kernel), and <c>GCConserveMemory</c> 7, which compacts
    /// the large-object heap — where results' buffers live — when it is fragmented.
    /// </summary>
    internal static IEnumerable<(string Name, string Value)> GcSettings(IReadOnlyDictionary<string, string> options)
    {
        if (options.TryGetValue("--memory-limit", out string? text)
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long limit)
            && limit > 0)
        {
            yield return ("DOTNET_GCHeapHardLimit", "0x" + limit.ToString("X", System.Globalization.CultureInfo.InvariantCulture));
            yield return ("DOTNET_GCConserveMemory", "7");
        }
    }

    /// <summary>Removes what dead workers left in the scratch space this nanny's workers use.</summary>
    private void PurgeDeadWorkers()
    {
        Working.WorkerDirectory.PurgeStale(_options.GetValueOrDefault("--local-directory"), _logger);
    }

    private void OnExited(Process process)
    {
        lock (_gate)
        {
            if (_stopping || _process != process)
            {
                return;
            }

            _process = null;
        }

        int code = process.ExitCode;
        int pid = process.Id;
        TimeSpan ran = _time.GetElapsedTime(Volatile.Read(ref _launchedAt));
        process.Dispose();
        PurgeDeadWorkers();
        if (code is WorkerHost.SchedulerGoneExitCode or WorkerHost.DeathTimeoutExitCode)
        {
            // distributed's worker closes its nanny too when the scheduler is gone: restarting would only spin.
            lock (_gate)
            {
                _stopping = true;
            }

            _logger.LogWarning("Worker process {Pid} exited with code {Code}: {Reason}; not restarting it", pid, code, code == WorkerHost.SchedulerGoneExitCode ? "its scheduler is gone" : "it could not join the scheduler within the death timeout");
            _finished.TrySetResult(code);
            return;
        }

        // Exit code 0 is a restart the scheduler asked for; anything else is a crash, and a worker
        // that keeps crashing soon after start is restarted less and less often.
        _crashes = code == 0 ? 0 : ran >= s_stableRun ? 1 : _crashes + 1;
        TimeSpan delay = RestartDelay(_crashes);
        _logger.LogWarning("Worker process {Pid} exited with code {Code}{Why}; restarting it in {Delay} s", pid, code, code == WorkerHost.MemoryExitCode ? " (it ran out of memory)" : string.Empty, delay.TotalSeconds);
        _ = RestartAsync(delay);
    }

    private async Task RestartAsync(TimeSpan delay)
    {
        await Task.Delay(delay, _time).ConfigureAwait(false);
        Interlocked.Increment(ref _restarts);
        try
        {
            Launch();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _crashes++;
            _logger.LogError("Could not restart the worker process: {Reason}; trying again in {Delay} s", e.Message, RestartDelay(_crashes).TotalSeconds);
            _ = RestartAsync(RestartDelay(_crashes));
        }
    }

    private void Log(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            _logger.LogInformation("[worker] {Line}", line);
        }
    }
}
