using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Working;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// How workers start and end: impossible options are refused before connecting, a worker gives up
/// on an absent scheduler after its death timeout, a nanny neither restarts a worker whose
/// scheduler is gone nor restarts a crashing one in a tight loop, and worker processes do not
/// outlive the process that started them. Real <c>dask</c> processes on 127.0.0.1.
/// </summary>
public class WorkerLifecycleTests
{
    private static readonly TimeSpan s_processBound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("--nthreads", "0")]
    [InlineData("--nthreads", "-2")]
    [InlineData("--nworkers", "0")]
    [InlineData("--memory-limit", "-1GB")]
    [InlineData("--memory-limit", "lots")]
    [InlineData("--death-timeout", "0")]
    [InlineData("--death-timeout", "-5s")]
    [InlineData("--death-timeout", "soon")]
    public async Task DaskWorker_ImpossibleOption_ExitsNonZeroNamingItBeforeConnecting(string option, string value)
    {
        using DaskProcess worker = DaskProcess.Dask("worker", $"tcp://127.0.0.1:{ClosedPort()}", option, value);

        int code = await worker.WaitForExitAsync(s_processBound, "dask worker with an impossible option");

        Assert.Equal(1, code);
        Assert.Contains($"Failed to launch worker: {option} {value} is not possible", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Waiting to connect", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaskWorker_DeadScheduler_ExitsNonZeroAfterTheDeathTimeoutWithoutRestarting()
    {
        string address = $"tcp://127.0.0.1:{ClosedPort()}";
        var clock = Stopwatch.StartNew();
        using DaskProcess worker = DaskProcess.Dask("worker", address, "--nthreads", "1", "--death-timeout", "2s");

        int code = await worker.WaitForExitAsync(s_processBound, "dask worker against a dead scheduler with --death-timeout 2s");

        Assert.Equal(1, code);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.98), $"dask worker gave up after {clock.Elapsed}, before its 2 s death timeout");
        Assert.Contains($"Timed out starting worker: could not join the scheduler at {address} within --death-timeout 2s", worker.Output, StringComparison.Ordinal);
        Assert.Contains($"Waiting to connect to the scheduler at {address}", worker.Output, StringComparison.Ordinal);
        Assert.Contains("not restarting it", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("restarting it in", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaskWorkerNoNanny_DeadScheduler_ExitsWithTheDeathTimeoutCodeNamingAddressAndTimeout()
    {
        string address = $"tcp://127.0.0.1:{ClosedPort()}";
        using DaskProcess worker = DaskProcess.Dask("worker", address, "--nthreads", "1", "--death-timeout", "2", "--no-nanny");

        int code = await worker.WaitForExitAsync(s_processBound, "dask worker --no-nanny against a dead scheduler with --death-timeout 2");

        Assert.Equal(WorkerHost.DeathTimeoutExitCode, code);
        Assert.Contains($"Could not join the scheduler at {address} within the death timeout of 2 s; giving up. (--death-timeout 2)", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaskWorker_SchedulerKilled_NannyStopsInsteadOfRestartingAndDaskWorkerExits()
    {
        string directory = Directory.CreateTempSubdirectory("dask-lifecycle-").FullName;
        string file = Path.Combine(directory, "scheduler.json");
        try
        {
            using DaskProcess scheduler = DaskProcess.Dask("scheduler", "--port", "0", "--scheduler-file", file, "--no-dashboard");
            await scheduler.WaitForLineAsync("Scheduler at:", s_processBound);
            using DaskProcess worker = DaskProcess.Dask("worker", "--scheduler-file", file, "--nthreads", "1");
            await worker.WaitForLineAsync("registered with", s_processBound);

            scheduler.Kill(); // SIGKILL: the worker's link breaks with no goodbye

            int code = await worker.WaitForExitAsync(s_processBound, "dask worker after its scheduler was killed");
            Assert.Equal(0, code); // as distributed's dask worker, which ends when its nannies close
            Assert.Contains("exited with code 3: its scheduler is gone; not restarting it", worker.Output, StringComparison.Ordinal);
            Assert.Contains("is gone; End worker", worker.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("restarting it in", worker.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Nanny_CrashingWorker_RestartsAfterDoublingDelays()
    {
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tcp://127.0.0.1:0" });
        var logger = new CapturingLogger();

        // A wrong secret: each worker process is refused at once and exits 1, a crash the nanny restarts.
        await using Nanny nanny = Nanny.Start(scheduler.Address, "not-the-secret", new Dictionary<string, string> { ["--nthreads"] = "1" }, logger);
        string[] delays = await WaitForAsync(
            () => logger.Entries.Select(e => e.Message).Where(m => m.Contains("; restarting it in ", StringComparison.Ordinal)).Select(m => m[(m.LastIndexOf(" in ", StringComparison.Ordinal) + 4)..]).ToArray(),
            found => found.Length >= 3,
            TimeSpan.FromSeconds(60),
            "three restarts of a worker that is refused by the scheduler");

        Assert.Equal(["0.1 s", "0.2 s", "0.4 s"], delays[..3]);
    }

    [Fact]
    public void Nanny_RestartDelay_DoublesFromATenthOfASecondToTenSeconds()
    {
        double[] seconds = [.. Enumerable.Range(0, 11).Select(n => Nanny.RestartDelay(n).TotalSeconds)];

        Assert.Equal([0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10, 10, 10], seconds);
        Assert.Equal(TimeSpan.FromSeconds(10), Nanny.RestartDelay(int.MaxValue));
    }

    [Fact]
    public void SchedulerConnector_UpperBound_IsDasksExponentialCapWithinTheWindow()
    {
        TimeSpan window = SchedulerConnector.Window;

        Assert.Equal(TimeSpan.FromSeconds(30), window);
        Assert.Equal(TimeSpan.FromMilliseconds(10), SchedulerConnector.UpperBound(0, window));
        Assert.Equal(TimeSpan.FromMilliseconds(80), SchedulerConnector.UpperBound(3, window));
        Assert.Equal(TimeSpan.FromMilliseconds(20_480), SchedulerConnector.UpperBound(11, window));
        Assert.Equal(window, SchedulerConnector.UpperBound(12, window));
        Assert.Equal(window, SchedulerConnector.UpperBound(40, window));
        Assert.Equal(TimeSpan.FromMilliseconds(15), SchedulerConnector.UpperBound(2, TimeSpan.FromMilliseconds(15)));
        Assert.Equal(TimeSpan.Zero, SchedulerConnector.UpperBound(5, TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [InlineData(0, 0L, null, "Threads")]
    [InlineData(-1, 0L, null, "Threads")]
    [InlineData(1, -1L, null, "MemoryLimit")]
    [InlineData(1, 0L, 0.0, "DeathTimeout")]
    [InlineData(1, 0L, -2.0, "DeathTimeout")]
    public async Task Worker_ImpossibleOptions_AreRefusedBeforeConnecting(int threads, long memoryLimit, double? deathTimeoutSeconds, string option)
    {
        var logger = new CapturingLogger();
        var options = new WorkerOptions
        {
            SchedulerAddress = $"tcp://127.0.0.1:{ClosedPort()}",
            Threads = threads,
            MemoryLimit = memoryLimit,
            DeathTimeout = deathTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            Logger = logger,
        };

        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Worker.StartAsync(options).WaitAsync(s_processBound));

        Assert.Equal(option, e.ParamName);
        Assert.Contains($"{option} is ", e.Message, StringComparison.Ordinal);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task Worker_DeadScheduler_GivesUpAfterTheDeathTimeoutNamingAddressAndTimeout()
    {
        string address = $"tcp://127.0.0.1:{ClosedPort()}";
        var logger = new CapturingLogger();
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<TimeoutException>(() => Worker.StartAsync(new WorkerOptions { SchedulerAddress = address, Threads = 1, DeathTimeout = TimeSpan.FromSeconds(1.5), Logger = logger }).WaitAsync(s_processBound));

        Assert.Equal($"Could not join the scheduler at {address} within the death timeout of 1.5 s; giving up.", e.Message);
        // The timeout runs on the system timer, which ticks more coarsely than the Stopwatch: allow it 20 ms early.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.48), TimeSpan.FromSeconds(15));
        Assert.Contains(logger.Entries, entry => entry.Message.StartsWith($"Waiting to connect to the scheduler at {address}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_StartedBeforeItsScheduler_JoinsOnceItIsUp()
    {
        int port = ClosedPort();
        var logger = new CapturingLogger();
        Task<Worker> starting = Worker.StartAsync(new WorkerOptions { SchedulerAddress = $"tcp://127.0.0.1:{port}", Secret = "s", Threads = 1, DeathTimeout = TimeSpan.FromSeconds(60), Logger = logger });
        await WaitForAsync(() => logger.Entries.Any(e => e.Message.StartsWith("Waiting to connect", StringComparison.Ordinal)), seen => seen, s_processBound, "the worker's first failed attempt to reach the scheduler");

        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = $"tcp://127.0.0.1:{port}", Secret = "s" });
        await using Worker worker = await starting.WaitAsync(s_processBound);

        Assert.Equal(1, await scheduler.InvokeAsync(s => s.Workers.Count).WaitAsync(s_processBound));
    }

    [Fact]
    public void LocalCluster_ImpossibleLayoutOrMemoryLimit_IsRefusedNamingTheParameter()
    {
        Assert.Equal("threadsPerWorker", Assert.Throws<ArgumentOutOfRangeException>(() => new LocalCluster(nWorkers: 1, threadsPerWorker: 0, processes: false, dashboardAddress: null)).ParamName);
        Assert.Equal("threadsPerWorker", Assert.Throws<ArgumentOutOfRangeException>(() => new LocalCluster(threadsPerWorker: -3, processes: false, dashboardAddress: null)).ParamName);
        Assert.Equal("nWorkers", Assert.Throws<ArgumentOutOfRangeException>(() => new LocalCluster(nWorkers: -1, processes: false, dashboardAddress: null)).ParamName);

        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new LocalCluster(nWorkers: 1, memoryLimit: "-1GB", processes: false, dashboardAddress: null));
        Assert.Equal("memoryLimit", negative.ParamName);
        Assert.StartsWith("memoryLimit '-1GB' is negative", negative.Message, StringComparison.Ordinal);

        var unreadable = Assert.Throws<ArgumentException>(() => new LocalCluster(nWorkers: 1, memoryLimit: "lots", processes: false, dashboardAddress: null));
        Assert.Equal("memoryLimit", unreadable.ParamName);
        Assert.StartsWith("memoryLimit 'lots' is not a memory limit", unreadable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalCluster_ClientProcessKilled_WorkerProcessesExit()
    {
        var environment = new Dictionary<string, string> { ["DASKSHARP_WORKER_HOST"] = Path.Combine(AppContext.BaseDirectory, "DaskSharp.Cli.dll") };
        using DaskProcess client = DaskProcess.Start(WorkerHost.Find()!.Value.FileName, [ChildProgram()], environment);
        string line = await client.WaitForLineAsync("worker pids: ", TimeSpan.FromSeconds(60));
        int[] pids = [.. line[(line.IndexOf("worker pids: ", StringComparison.Ordinal) + "worker pids: ".Length)..].Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        Assert.Equal(2, pids.Length);
        Assert.All(pids, pid => Assert.False(IsGone(pid), $"worker {pid} was gone before its client was killed"));

        client.Kill(); // SIGKILL: the client's LocalCluster gets no chance to stop its workers

        await AssertExitWithinAsync(pids, TimeSpan.FromSeconds(15), "their client was killed");
    }

    [Fact]
    public async Task DaskWorker_NannyProcessKilled_ItsWorkerExitsThoughTheSchedulerLives()
    {
        // The scheduler is in this process and stays up, so the worker's link to it does not
        // break: only the nanny's pipe (ParentWatch) can tell the worker its nanny is gone.
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tcp://127.0.0.1:0" });
        using DaskProcess nanny = DaskProcess.Dask(new Dictionary<string, string> { [WorkerHost.SecretVariable] = scheduler.Secret }, "worker", scheduler.Address, "--nthreads", "1");
        IReadOnlyList<WorkerSnapshot> joined = await WaitForAsync(() => scheduler.Snapshot().Workers, w => w.Count == 1, TimeSpan.FromSeconds(60), "the nanny's worker to register");
        int pid = (int)joined[0].Pid;
        Assert.NotEqual(nanny.Id, pid);

        nanny.Kill(); // SIGKILL to the nanny's process alone

        await AssertExitWithinAsync([pid], TimeSpan.FromSeconds(15), "their nanny was killed");
        await WaitForAsync(() => scheduler.Snapshot().Workers.Count, n => n == 0, TimeSpan.FromSeconds(15), "the scheduler to see the orphaned worker leave");
    }

    /// <summary>Waits for processes to exit; fails naming those that did not (and kills them, so no test leaves them behind).</summary>
    private static async Task AssertExitWithinAsync(int[] pids, TimeSpan timeout, string after)
    {
        try
        {
            await WaitForAsync(() => pids.Where(p => !IsGone(p)).ToArray(), left => left.Length == 0, timeout, $"worker processes {string.Join(", ", pids)} to exit after {after}");
        }
        catch (TimeoutException e)
        {
            int[] lingering = [.. pids.Where(p => !IsGone(p))];
            foreach (int pid in lingering)
            {
                using Process p = Process.GetProcessById(pid);
                p.Kill();
            }

            Assert.Fail($"{e.Message}: worker processes {string.Join(", ", lingering)} were still running {timeout.TotalSeconds} s after {after}");
        }
    }

    /// <summary>Re-evaluates <paramref name="read"/> until <paramref name="done"/> holds; a <see cref="TimeoutException"/> naming <paramref name="what"/> otherwise.</summary>
    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            T value = read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A loopback port nothing listens on (just released by a listener), so connecting is refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>True when <paramref name="pid"/> has exited: no such process, or a zombie not yet reaped by whoever adopted it.</summary>
    private static bool IsGone(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }

        // "pid (comm) S ...": the state follows the last ')' (comm may itself contain parentheses).
        char state = stat[stat.LastIndexOf(')') + 2];
        return state is 'Z' or 'X';
    }

    private static string ChildProgram()
    {
        // tests/DaskSharp.Distributed.Tests/bin/<Configuration>/<framework>/ → tests/LocalClusterChild/bin/<Configuration>/<framework>/
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string framework = Path.GetFileName(here);
        string configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        string tests = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(here)!)!)!)!;
        string dll = Path.Combine(tests, "LocalClusterChild", "bin", configuration, framework, "LocalClusterChild.dll");
        Assert.True(File.Exists(dll), $"the LocalCluster child program is not built at {dll}");
        return dll;
    }

    /// <summary>A process whose output lines are kept, to wait for a line or for its exit within a bound; killed (with its children) on dispose.</summary>
    internal sealed class DaskProcess : IDisposable
    {
        private readonly Process _process;
        private readonly object _gate = new();
        private readonly List<string> _lines = [];
        private readonly List<(string Text, TaskCompletionSource<string> Seen)> _waiters = [];

        private DaskProcess(Process process)
        {
            _process = process;
        }

        public string Output
        {
            get
            {
                lock (_gate)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        public int Id => _process.Id;

        public static DaskProcess Dask(params string[] arguments) => Dask(null, arguments);

        public static DaskProcess Dask(Dictionary<string, string>? environment, params string[] arguments)
        {
            var (host, prefix) = WorkerHost.Find() ?? throw new InvalidOperationException("DaskSharp.Cli.dll is not next to the tests");
            return Start(host, [.. prefix, .. arguments], environment);
        }

        public static DaskProcess Start(string fileName, string[] arguments, Dictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            foreach (var (name, value) in environment ?? [])
            {
                start.Environment[name] = value;
            }

            var running = new DaskProcess(new Process { StartInfo = start });
            running._process.OutputDataReceived += (_, e) => running.Add(e.Data);
            running._process.ErrorDataReceived += (_, e) => running.Add(e.Data);
            running._process.Start();
            running._process.BeginOutputReadLine();
            running._process.BeginErrorReadLine();
            return running;
        }

        /// <summary>The first line containing <paramref name="text"/>.</summary>
        public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
        {
            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
                {
                    return line;
                }

                _waiters.Add((text, seen));
            }

            try
            {
                return await seen.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for a line containing '{text}' from '{string.Join(' ', _process.StartInfo.ArgumentList)}'; output so far:\n{Output}");
            }
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout, string what)
        {
            using var bound = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what} to exit; output so far:\n{Output}");
            }

            return _process.ExitCode;
        }

        /// <summary>SIGKILL to this process alone (not its children).</summary>
        public void Kill() => _process.Kill(entireProcessTree: false);

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }

            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _lines.Add(line);
                foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
                {
                    waiter.Seen.TrySetResult(line);
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
