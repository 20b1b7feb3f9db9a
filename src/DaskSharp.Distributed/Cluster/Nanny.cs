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
/// restarts it when it dies unexpectedly, and kills it (and anything it started) on dispose.
/// </summary>
public sealed class Nanny : IAsyncDisposable
{
    private readonly string _scheduler;
    private readonly string _secret;
    private readonly IReadOnlyDictionary<string, string> _options;
    private readonly ILogger _logger;
    private readonly (string FileName, string[] Arguments) _host;
    private readonly object _gate = new();
    private Process? _process;
    private bool _stopping;

    private Nanny(string scheduler, string secret, IReadOnlyDictionary<string, string> options, ILogger logger, (string, string[]) host)
    {
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
    public int Restarts { get; private set; }

    /// <summary>Starts a worker process for <paramref name="scheduler"/> with <c>dask worker</c> options such as <c>--nthreads</c>.</summary>
    /// <exception cref="InvalidOperationException">when the worker host is not installed.</exception>
    public static Nanny Start(string scheduler, string secret, IReadOnlyDictionary<string, string> options, ILogger? logger = null)
    {
        var host = WorkerHost.Find()
            ?? throw new InvalidOperationException(
                "Worker processes need the dask worker host (DaskSharp.Cli.dll): reference the DaskSharp.Cli project or package, "
                + "or set DASKSHARP_WORKER_HOST to its path. LocalCluster(processes: false) needs no host.");
        var nanny = new Nanny(scheduler, secret, options, logger ?? NullLogger.Instance, host);
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

                await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
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
            process.Dispose();
        }
    }

    private void Launch()
    {
        var start = new ProcessStartInfo(_host.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
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
        start.Environment[WorkerHost.SecretVariable] = _secret;
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
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void OnExited(Process process)
    {
        lock (_gate)
        {
            if (_stopping || _process != process)
            {
                return;
            }
        }

        _logger.LogWarning("Worker process {Pid} exited with code {Code}; restarting it", process.Id, process.ExitCode);
        Restarts++;
        process.Dispose();
        Thread.Sleep(100);
        Launch();
    }

    private void Log(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            _logger.LogInformation("[worker] {Line}", line);
        }
    }
}
