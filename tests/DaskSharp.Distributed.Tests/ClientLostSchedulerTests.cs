using System.Diagnostics;
using System.Globalization;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using DaskSharp.Distributed.Working;
using Xunit.Abstractions;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// A client whose scheduler goes away mid-computation, over real TCP on 127.0.0.1: an in-process
/// scheduler that is disposed, a <c>dask scheduler</c> process that is killed, and one that is
/// stopped (SIGSTOP) so its socket stays open but nothing answers.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClientLostSchedulerTests : IDisposable
{
    // How long anything waiting on the client may take to fail once the scheduler's socket closed.
    private static readonly TimeSpan s_lostWithin = TimeSpan.FromSeconds(10);

    // How long a task that blocks on the gate may take to start, and to return once it is opened.
    private static readonly TimeSpan s_taskBound = TimeSpan.FromSeconds(60);

    // Tasks run on in-process workers (same statics), so the test opens the gate they wait on.
    private static SemaphoreSlim s_started = new(0);
    private static ManualResetEventSlim s_gate = new();

    private readonly ITestOutputHelper _output;

    public ClientLostSchedulerTests(ITestOutputHelper output)
    {
        _output = output;
        s_started = new SemaphoreSlim(0);
        s_gate = new ManualResetEventSlim();
    }

    public void Dispose()
    {
        s_gate.Set(); // no worker thread stays blocked after a test
    }

    [Fact]
    public async Task SchedulerDisposedMidTask_EveryWaitFailsNamingTheAddress_AndNewWorkIsRefused()
    {
        Scheduler scheduler = await Scheduler.StartAsync();
        string address = scheduler.Address;
        await using Worker worker = await Worker.StartAsync(new WorkerOptions { SchedulerAddress = address, Secret = scheduler.Secret, Threads = 1 });
        using GateOpener opener = new(); // disposed before the worker, which waits for its running task
        using var client = new Client(address, secret: scheduler.Secret);
        Assert.Equal(Client.DefaultSchedulerTimeout, client.SchedulerTimeout); // closing is noticed without it

        Future<int> finished = client.Submit(Inc, 1);
        Assert.Equal(2, finished.Result(s_taskBound));
        Future<int> blocked = client.Submit(WaitAtTheGate, 7);
        Assert.True(await s_started.WaitAsync(s_taskBound), $"the gated task did not start on the worker within {s_taskBound}");
        Future<int>[] queued = client.Map(Inc, [10, 11]); // behind the blocked task on the only thread
        Task<int> awaited = AwaitAsync(blocked);
        Task<int[]> gathered = Task.Run(() => client.Gather(queued));
        Task<int> result = Task.Run(() => blocked.Result(s_lostWithin));
        Task<List<Future<int>>> completed = Task.Run(() => Client.AsCompleted<Future<int>>([blocked, .. queued]).ToList());
        Task<int> computed = Task.Run(() => Dask.Delayed((int x) => WaitAtTheGate(x))(5).Compute());

        var disposing = Stopwatch.StartNew();
        await scheduler.DisposeAsync();
        _output.WriteLine($"the scheduler disposed in {disposing.ElapsedMilliseconds} ms");

        string lost = $"The connection to the scheduler at {address} was lost.";
        Assert.Equal(lost, (await FailsWithLostConnection(awaited, "await of the blocked future")).Message);
        Assert.Equal(lost, (await FailsWithLostConnection(gathered, "Gather of the queued futures")).Message);
        Assert.Equal(lost, (await FailsWithLostConnection(result, "Result(timeout) of the blocked future")).Message);
        Assert.Equal(lost, (await FailsWithLostConnection(computed, "Compute() of a delayed value")).Message);
        Assert.True(await Task.WhenAny(completed, Task.Delay(s_lostWithin)) == completed, $"AsCompleted did not yield every future within {s_lostWithin} of the scheduler going away");
        Assert.Equal(3, (await completed).Count);

        // Every future, finished ones too (their data went with the cluster), says why.
        Future[] all = [finished, blocked, .. queued];
        foreach (Future f in all)
        {
            Assert.Equal(FutureStatus.Cancelled, f.Status);
            var e = Assert.IsType<SchedulerConnectionLostException>(f.Exception(s_lostWithin));
            Assert.Equal(lost, e.Message);
            Assert.Equal(address, e.SchedulerAddress);
        }

        Assert.Equal(lost, client.ConnectionLost?.Message);
        Assert.Equal($"{client.Id}{Environment.NewLine}{lost}", client.ToString()); // printing a dead client does not throw

        // New work fails at once, with the same error, instead of returning futures that stay pending.
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => client.Submit(Inc, 3)).Message);
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => client.Map(Inc, [1, 2])).Message);
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => client.Gather([finished])).Message);
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => Dask.Delayed((int x) => x + 1)(1).Compute()).Message);
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => client.Scatter(42)).Message);
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => client.SchedulerInfo()).Message);

        // Closing the client afterwards keeps the better reason.
        client.Close();
        Assert.Equal(lost, blocked.Exception()!.Message);
    }

    [Fact]
    public async Task SchedulerProcessKilledMidTask_PendingFutureFailsNamingTheAddress_AndNewSubmitIsRefused()
    {
        using SchedulerProcess scheduler = await SchedulerProcess.StartAsync();
        await using Worker worker = await Worker.StartAsync(new WorkerOptions { SchedulerAddress = scheduler.File.Address, Secret = scheduler.File.Secret, Threads = 1 });
        using GateOpener opener = new(); // disposed before the worker, which waits for its running task
        using var client = new Client(schedulerFile: scheduler.Path);
        Future<int> blocked = client.Submit(WaitAtTheGate, 7);
        Assert.True(await s_started.WaitAsync(s_taskBound), $"the gated task did not start on the worker within {s_taskBound}");
        Task<int> awaited = AwaitAsync(blocked);

        scheduler.Process.Kill();

        string lost = $"The connection to the scheduler at {scheduler.File.Address} was lost.";
        Assert.Equal(lost, (await FailsWithLostConnection(awaited, "await of the blocked future")).Message);
        Assert.Equal(FutureStatus.Cancelled, blocked.Status);
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => blocked.Result(s_lostWithin)).Message);
        Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => client.Submit(Inc, 1)).Message);
    }

    [Fact]
    public async Task SchedulerProcessStopped_PendingFutureFailsAfterTheSchedulerTimeout_WhileAnIdleHealthyClientStaysConnected()
    {
        using SchedulerProcess scheduler = await SchedulerProcess.StartAsync();
        await using Worker worker = await Worker.StartAsync(new WorkerOptions { SchedulerAddress = scheduler.File.Address, Secret = scheduler.File.Secret, Threads = 1 });
        using GateOpener opener = new(); // disposed before the worker, which waits for its running task
        Client client;
        using (DaskConfig.Set(Client.SchedulerTimeoutSetting, "2s"))
        {
            client = new Client(schedulerFile: scheduler.Path);
        }

        using (client)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), client.SchedulerTimeout);

            // Idle for longer than the timeout: the client's pings are answered, so nothing is lost.
            // Real time is what is under test here (a scheduler process answering pings over TCP for
            // longer than the 2 s timeout), so this wait measures it rather than waiting for an event.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Null(client.ConnectionLost);
            Assert.Equal(2, client.Submit(Inc, 1).Result(s_taskBound));

            Future<int> blocked = client.Submit(WaitAtTheGate, 7);
            Assert.True(await s_started.WaitAsync(s_taskBound), $"the gated task did not start on the worker within {s_taskBound}");
            Task<int> awaited = AwaitAsync(blocked);

            Signal("STOP", scheduler.Process); // its socket stays open; it just never answers
            try
            {
                string lost = $"The connection to the scheduler at {scheduler.File.Address} was lost: it did not answer for 2 s (distributed.comm.timeouts.tcp).";
                Assert.Equal(lost, (await FailsWithLostConnection(awaited, "await of the blocked future on a stopped scheduler")).Message);
                Assert.Equal(FutureStatus.Cancelled, blocked.Status);
                Assert.Equal(lost, Assert.Throws<SchedulerConnectionLostException>(() => client.Submit(Inc, 1)).Message);
            }
            finally
            {
                scheduler.Process.Kill(); // SIGKILL ends a stopped process too
            }
        }
    }

    [Fact]
    public async Task SchedulerThatAcceptsButNeverAnswers_ClientConstructorFailsAfterTheConnectTimeout()
    {
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            string address = $"tcp://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}";
            Task<Client> connecting = Task.Run(() =>
            {
                using (DaskConfig.Set(Client.ConnectTimeoutSetting, "1s"))
                {
                    return new Client(address, secret: "s");
                }
            });
            using System.Net.Sockets.TcpClient accepted = await silent.AcceptTcpClientAsync().WaitAsync(s_lostWithin);

            Assert.True(await Task.WhenAny(connecting, Task.Delay(s_lostWithin)) == connecting, $"the client constructor did not give up on a silent scheduler within {s_lostWithin}");
            var e = await Assert.ThrowsAsync<TimeoutException>(() => connecting);
            Assert.Equal($"The scheduler at {address} did not register the client within 1 s (distributed.comm.timeouts.connect).", e.Message);
        }
        finally
        {
            silent.Stop();
        }
    }

    private static int Inc(int x) => x + 1;

    private sealed class GateOpener : IDisposable
    {
        public void Dispose() => s_gate.Set();
    }

    private static int WaitAtTheGate(int x)
    {
        s_started.Release();
        if (!s_gate.Wait(s_taskBound))
        {
            throw new TimeoutException($"The test did not open the gate within {s_taskBound}.");
        }

        return x;
    }

    private static async Task<int> AwaitAsync(Future<int> future) => await future;

    /// <summary>Waits (bounded) for <paramref name="task"/> to fail with a lost connection; the message says what hung.</summary>
    private async Task<SchedulerConnectionLostException> FailsWithLostConnection(Task task, string what)
    {
        var clock = Stopwatch.StartNew();
        Assert.True(await Task.WhenAny(task, Task.Delay(s_lostWithin)) == task, $"{what} did not end within {s_lostWithin} of the scheduler going away");
        _output.WriteLine($"{what} failed {clock.ElapsedMilliseconds} ms after the wait began");
        return await Assert.ThrowsAsync<SchedulerConnectionLostException>(() => task);
    }

    private static void Signal(string signal, Process p)
    {
        using var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString(CultureInfo.InvariantCulture)])!;
        Assert.True(kill.WaitForExit(10_000), $"kill -{signal} did not return within 10 s");
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>A <c>dask scheduler</c> process on 127.0.0.1 with a scheduler file; killed on dispose.</summary>
    private sealed class SchedulerProcess : IDisposable
    {
        private readonly string _directory;

        private SchedulerProcess(Process process, string directory, string path, SchedulerFile file)
        {
            Process = process;
            _directory = directory;
            Path = path;
            File = file;
        }

        public Process Process { get; }

        public string Path { get; }

        public SchedulerFile File { get; }

        public static async Task<SchedulerProcess> StartAsync()
        {
            string directory = Directory.CreateTempSubdirectory("dask-lost-").FullName;
            string path = System.IO.Path.Combine(directory, "scheduler.json");
            var (host, prefix) = WorkerHost.Find() ?? throw new InvalidOperationException("The dask command (DaskSharp.Cli) is not next to the tests.");
            var start = new ProcessStartInfo(host) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string a in prefix.Concat(["scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", path, "--no-dashboard"]))
            {
                start.ArgumentList.Add(a);
            }

            Process process = Process.Start(start)!;
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();

            // The file appears (atomically renamed into place) once the scheduler listens.
            TimeSpan bound = TimeSpan.FromSeconds(60);
            var clock = Stopwatch.StartNew();
            while (!System.IO.File.Exists(path))
            {
                if (process.HasExited || clock.Elapsed > bound)
                {
                    string why = process.HasExited ? $"exited with {process.ExitCode}" : $"did not write {path} within {bound}";
                    process.Kill();
                    process.Dispose();
                    throw new TimeoutException($"dask scheduler {why}.");
                }

                await Task.Delay(50);
            }

            return new SchedulerProcess(process, directory, path, SchedulerFile.Read(path));
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
            }

            Process.WaitForExit(10_000);
            Process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
