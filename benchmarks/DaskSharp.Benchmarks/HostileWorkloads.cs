using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using DaskSharp.Distributed;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Comm;

namespace DaskSharp.Benchmarks;

// Issue 12's target: a scheduler on a shared machine, and peers that never authenticate.
internal static partial class Workloads
{
    private const int BogusConnections = 2000;
    private const int SlowBogus = 200; // of them, sending a byte a second
    private const int Floods = 3;
    private const long FloodBytes = 400L << 20;
    private const int HostileRounds = 15;

    /// <summary>
    /// A scheduler process (<c>dask scheduler</c>) with one worker process (2 threads), and a client
    /// here timing Map/Gather of n tasks (1,000 by default), the median of 15 rounds: first with no
    /// one else about, then while a child process keeps 2,000 bogus connections open to the
    /// scheduler (200 of them sending a byte a second, the rest nothing; each reopened a second
    /// after the scheduler closes it) and 3 connections each announce a 400 MiB message before
    /// authenticating and send it (again as soon as they are cut off). The load runs twice: with
    /// the attackers at the lowest CPU priority (as if on another machine: their own CPU is not
    /// taken from the scheduler), then at normal priority on the same two cores. The scheduler's
    /// resident memory (Linux VmRSS) is read before, at its peak, and 5 s after the load stops, and
    /// its log is measured. Target (issue 12): loaded within 2× of unloaded, RSS after within
    /// 64 MiB of before.
    /// </summary>
    private static void HostileLoad(long? size, bool emit)
    {
        int n = (int)(size ?? 1_000);
        (string fileName, string[] prefix) = WorkerHost.Find() ?? throw new InvalidOperationException("DaskSharp.Cli (the dask command) is not next to the benchmark; build the benchmark project.");
        string directory = Directory.CreateTempSubdirectory("dask-hostile-").FullName;
        string schedulerFile = Path.Combine(directory, "scheduler.json");
        string secret = Handshake.NewSecret();
        using Process scheduler = StartCli(fileName, [.. prefix, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", schedulerFile], secret, out LogMeter schedulerLog);
        Process? worker = null;
        try
        {
            SchedulerFile info = WaitForSchedulerFile(schedulerFile, scheduler);
            worker = StartCli(fileName, [.. prefix, "worker", "--scheduler-file", schedulerFile, "--nthreads", "2", "--no-nanny", "--memory-limit", "0"], secret, out _);
            using var client = new Client(info.Address, secret: info.Secret);
            client.WaitForWorkers(1, TimeSpan.FromSeconds(60));
            int offset = 0;
            double Round()
            {
                int first = offset;
                offset += n;
                long start = Stopwatch.GetTimestamp();
                Future<int>[] futures = client.Map(Inc, Enumerable.Range(first, n));
                int[] results = client.Gather(futures);
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                for (int i = 0; i < n; i++)
                {
                    Check(results[i] == first + i + 1, "hostile-load: wrong result");
                }

                foreach (Future<int> f in futures)
                {
                    f.Dispose();
                }

                Thread.Sleep(50); // the release reaches the scheduler before the next round
                return seconds;
            }

            for (int i = 0; i < 3; i++)
            {
                Round(); // warm: JIT, code upload to the worker
            }

            Thread.Sleep(1000);
            long rssBefore = Rss(scheduler.Id);
            long logBefore = schedulerLog.Bytes;
            var unloaded = new List<double>();
            for (int i = 0; i < HostileRounds; i++)
            {
                unloaded.Add(Round());
            }

            long rssPeak = rssBefore;
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    rssPeak = Math.Max(rssPeak, Rss(scheduler.Id));
                    await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                }
            });

            // The bogus peers run in a process of their own, as they would on another machine: in this
            // one they would compete with the client for its thread pool, which is not what is measured.
            // First at the lowest CPU priority (their CPU is not the scheduler's, as when they are
            // elsewhere), then at normal priority on the same two cores (the harshest case here).
            Phase Loaded(bool niced)
            {
                double schedulerCpuBefore = CpuSeconds(scheduler.Id), attackersCpu;
                long loadStart = Stopwatch.GetTimestamp();
                using BogusPeersProcess load = BogusPeersProcess.Start(info.Address, niced);
                load.WaitUntilReady(TimeSpan.FromSeconds(60));
                Thread.Sleep(2000);
                var times = new List<double>();
                for (int i = 0; i < HostileRounds; i++)
                {
                    times.Add(Round());
                }

                attackersCpu = CpuSeconds(load.Id);
                BogusPeersReport report = load.Stop();
                double seconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
                return new Phase(times, report, seconds, CpuSeconds(scheduler.Id) - schedulerCpuBefore, attackersCpu);
            }

            Phase elsewhere = Loaded(niced: true);
            Thread.Sleep(1000);
            Phase here = Loaded(niced: false);
            Thread.Sleep(5000); // the scheduler notices every close
            sampling.Cancel();
            sampler.GetAwaiter().GetResult();
            long rssAfter = Rss(scheduler.Id);
            double after = Round(); // still served
            Check(client.ConnectionLost is null, "hostile-load: the client lost its scheduler");
            if (emit)
            {
                double a = Median(unloaded), b = Median(here.Times), c = Median(elsewhere.Times);
                Emit("hostile-load", b, ("tasks", n), ("rounds", HostileRounds), ("median_unloaded", Math.Round(a, 4)),
                    ("median_loaded", Math.Round(b, 4)), ("slowdown", Math.Round(b / a, 2)), ("max_loaded", Math.Round(here.Times.Max(), 4)),
                    ("median_loaded_attackers_niced", Math.Round(c, 4)), ("slowdown_attackers_niced", Math.Round(c / a, 2)), ("max_loaded_attackers_niced", Math.Round(elsewhere.Times.Max(), 4)),
                    ("after_load", Math.Round(after, 4)),
                    ("bogus_connections", BogusConnections), ("bogus_open_at_end", here.Report.Connected), ("bogus_connects", here.Report.Connects), ("bogus_closed_by_scheduler", here.Report.ClosedByServer),
                    ("floods", Floods), ("flood_attempts", here.Report.FloodAttempts), ("flood_mib_into_socket", here.Report.FloodBytesSent >> 20),
                    ("scheduler_cpu_percent_during_load", Math.Round(100 * here.SchedulerCpu / here.Seconds)), ("attackers_cpu_percent_during_load", Math.Round(100 * here.AttackersCpu / here.Seconds)),
                    ("scheduler_rss_before_mb", rssBefore >> 20), ("scheduler_rss_peak_mb", rssPeak >> 20), ("scheduler_rss_after_mb", rssAfter >> 20),
                    ("scheduler_rss_delta_mb", (rssAfter - rssBefore) >> 20), ("scheduler_log_kb_during_load", (schedulerLog.Bytes - logBefore) >> 10),
                    ("scheduler_log_lines_during_load", schedulerLog.LinesSince(logBefore)));
            }
        }
        finally
        {
            Kill(worker);
            Kill(scheduler);
            worker?.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed record Phase(List<double> Times, BogusPeersReport Report, double Seconds, double SchedulerCpu, double AttackersCpu);

    /// <summary>The child process of <see cref="HostileLoad"/> that plays the bogus peers.</summary>
    public static int RunBogusPeers(string address) => BogusPeersProcess.Run(address, BogusConnections, SlowBogus, Floods, FloodBytes);

    private static Process StartCli(string fileName, string[] arguments, string secret, out LogMeter log)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[WorkerHost.SecretVariable] = secret;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var meter = new LogMeter();
        process.OutputDataReceived += (_, e) => meter.Add(e.Data);
        process.ErrorDataReceived += (_, e) => meter.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = meter;
        return process;
    }

    private static SchedulerFile WaitForSchedulerFile(string path, Process scheduler)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Check(!scheduler.HasExited, "hostile-load: the scheduler process exited");
            if (File.Exists(path))
            {
                try
                {
                    return SchedulerFile.Read(path);
                }
                catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
                {
                    // being written
                }
            }

            Check(DateTime.UtcNow < deadline, "hostile-load: no scheduler file within a minute");
            Thread.Sleep(50);
        }
    }

    private static void Kill(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Resident memory of process <paramref name="pid"/> (Linux VmRSS), in bytes.</summary>
    private static long Rss(int pid)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>CPU time (user + system) process <paramref name="pid"/> has used, in seconds (Linux /proc/PID/stat).</summary>
    private static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime
        return ticks / 100.0; // USER_HZ
    }

    /// <summary>Counts what a process writes to its console.</summary>
    private sealed class LogMeter
    {
        private readonly List<long> _lineEnds = [];
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lineEnds)
            {
                _bytes += line.Length + 1;
                _lineEnds.Add(_bytes);
            }
        }

        public int LinesSince(long bytes)
        {
            lock (_lineEnds)
            {
                return _lineEnds.Count(end => end > bytes);
            }
        }
    }
}

/// <summary>What the bogus peers did.</summary>
internal sealed record BogusPeersReport(int Connected, long Connects, long ClosedByServer, long FloodAttempts, long FloodBytesSent);

/// <summary>
/// <see cref="BogusPeers"/> in a child process (this program with <c>--bogus-peers ADDRESS</c>): it
/// prints "ready" once a quarter of its connections are open, and its report as JSON when its
/// standard input closes.
/// </summary>
internal sealed class BogusPeersProcess : IDisposable
{
    public const string Flag = "--bogus-peers";

    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _report = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BogusPeersProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                _ready.TrySetResult();
            }
            else if (e.Data is { } line && line.StartsWith('{'))
            {
                _report.TrySetResult(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("bogus peers: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Starts the peers against <paramref name="address"/>; <paramref name="niced"/>: at the lowest CPU priority, so they take only CPU no one else here wants, as on a machine of their own.</summary>
    public static BogusPeersProcess Start(string address, bool niced)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BogusPeersProcess).Assembly.Location);
        }

        start.ArgumentList.Add(Flag);
        start.ArgumentList.Add(address);
        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bogus peers");
        if (niced)
        {
            process.PriorityClass = ProcessPriorityClass.Idle;
        }

        return new BogusPeersProcess(process);
    }

    public void WaitUntilReady(TimeSpan timeout)
    {
        if (!_ready.Task.Wait(timeout))
        {
            throw new TimeoutException("the bogus peers did not open their connections");
        }
    }

    public BogusPeersReport Stop()
    {
        _process.StandardInput.Close();
        if (!_report.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("the bogus peers did not stop");
        }

        _process.WaitForExit(10_000);
        return System.Text.Json.JsonSerializer.Deserialize<BogusPeersReport>(_report.Task.Result)!;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    /// <summary>The child's side: runs the peers until standard input closes (or two minutes pass).</summary>
    public static int Run(string address, int count, int slow, int floods, long floodBytes)
    {
        var peers = new BogusPeers(Address.Parse(address), count, slow, floods, floodBytes);
        peers.Start();
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (peers.Connected < count / 4 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Console.WriteLine("ready");
        Task stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        stdinClosed.Wait(TimeSpan.FromMinutes(2));
        int connected = peers.Connected;
        peers.StopAsync().GetAwaiter().GetResult();
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new BogusPeersReport(connected, peers.Connects, peers.ClosedByServer, peers.FloodAttempts, peers.FloodBytesSent)));
        return 0;
    }
}

/// <summary>
/// Peers that never authenticate, all to 127.0.0.1 and bounded: <c>count</c> connections held open
/// (some sending a byte a second), each reopened a second after the scheduler closes it, and
/// <c>floods</c> connections announcing <c>floodBytes</c> before the handshake and sending them,
/// again as soon as they are cut off; until <see cref="StopAsync"/> (or two minutes, whichever is first).
/// </summary>
internal sealed class BogusPeers(Address address, int count, int slow, int floods, long floodBytes)
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
    private readonly List<Task> _tasks = [];
    private int _connected;
    private long _connects;
    private long _closedByServer;
    private long _floodAttempts;
    private long _floodBytesSent;

    public int Connected => Volatile.Read(ref _connected);

    public long Connects => Interlocked.Read(ref _connects);

    public long ClosedByServer => Interlocked.Read(ref _closedByServer);

    public long FloodAttempts => Interlocked.Read(ref _floodAttempts);

    public long FloodBytesSent => Interlocked.Read(ref _floodBytesSent);

    public void Start()
    {
        for (int i = 0; i < count; i++)
        {
            bool sends = i < slow;
            _tasks.Add(Task.Run(() => BogusAsync(sends)));
        }

        for (int i = 0; i < floods; i++)
        {
            _tasks.Add(Task.Run(FloodAsync));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_tasks).ConfigureAwait(false);
    }

    private async Task BogusAsync(bool sends)
    {
        CancellationToken stop = _stop.Token;
        var buffer = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(address.Host, address.Port, stop).ConfigureAwait(false);
                Interlocked.Increment(ref _connects);
                Interlocked.Increment(ref _connected);
                try
                {
                    if (sends)
                    {
                        // A byte a second, while watching for the close.
                        Task closed = DrainAsync(socket, buffer, stop);
                        while (!closed.IsCompleted && !stop.IsCancellationRequested)
                        {
                            await socket.SendAsync(new byte[] { 0 }, SocketFlags.None, stop).ConfigureAwait(false);
                            await Task.WhenAny(closed, Task.Delay(1000, stop)).ConfigureAwait(false);
                        }

                        await closed.ConfigureAwait(false);
                    }
                    else
                    {
                        await DrainAsync(socket, buffer, stop).ConfigureAwait(false);
                    }

                    Interlocked.Increment(ref _closedByServer);
                }
                finally
                {
                    Interlocked.Decrement(ref _connected);
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
            {
                if (!stop.IsCancellationRequested && e is SocketException)
                {
                    Interlocked.Increment(ref _closedByServer);
                }
            }

            try
            {
                await Task.Delay(1000, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Reads (the challenge, a refusal) until the server closes.</summary>
    private static async Task DrainAsync(Socket socket, byte[] buffer, CancellationToken stop)
    {
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false) > 0)
        {
        }
    }

    private async Task FloodAsync()
    {
        CancellationToken stop = _stop.Token;
        byte[] chunk = new byte[1 << 20];
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(address.Host, address.Port, stop).ConfigureAwait(false);
                Interlocked.Increment(ref _floodAttempts);
                BitConverter.TryWriteBytes(chunk, floodBytes);
                long sent = 0;
                while (sent < floodBytes + 8)
                {
                    int n = await socket.SendAsync(chunk, SocketFlags.None, stop).ConfigureAwait(false);
                    sent += n;
                    Interlocked.Add(ref _floodBytesSent, n);
                    chunk.AsSpan(0, 8).Clear();
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
            {
            }
        }
    }
}
