using System.Globalization;
using System.Runtime.Versioning;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Scheduling;
using DaskProcess = DaskSharp.Distributed.Tests.WorkerLifecycleTests.DaskProcess;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The secret as the <c>dask</c> command handles it: never printed by <c>dask scheduler</c> or
/// <c>dask worker</c>, shared through an owner-only scheduler file or <c>--secret-file</c>, and
/// <c>--insecure</c> said out loud. Real processes on 127.0.0.1.
/// </summary>
[UnsupportedOSPlatform("windows")] // file modes are the point
public sealed class SchedulerSecretTests : IDisposable
{
    private static readonly TimeSpan s_processBound = TimeSpan.FromSeconds(60);
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _directory = Directory.CreateTempSubdirectory("dask-secret-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DaskScheduler_NoSchedulerFile_WritesAnOwnerOnlyOneAndNeitherCommandPrintsTheSecret()
    {
        using DaskProcess scheduler = DaskProcess.Dask("scheduler", "--port", "0", "--no-dashboard", "--local-directory", _directory);
        int port = PortOf(await scheduler.WaitForLineAsync("Scheduler at:", s_processBound));
        string hint = await scheduler.WaitForLineAsync("workers:        dask worker --scheduler-file ", s_processBound);
        string path = hint[(hint.IndexOf("--scheduler-file ", StringComparison.Ordinal) + "--scheduler-file ".Length)..];

        Assert.Equal(Path.Combine(_directory, $"dask-scheduler-{port}.json"), path);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        SchedulerFile file = SchedulerFile.Read(path);
        Assert.Equal($"tcp://127.0.0.1:{port}", file.Address);
        Assert.Matches("^[0-9a-f]{64}$", file.Secret);

        using DaskProcess worker = DaskProcess.Dask("worker", "--scheduler-file", path, "--nthreads", "1");
        await worker.WaitForLineAsync("registered with", s_processBound);
        await scheduler.WaitForLineAsync("Register worker", s_processBound);

        Assert.DoesNotContain(file.Secret, scheduler.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(file.Secret, worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaskWorker_SecretFile_JoinsTheSchedulerAndRunsATask()
    {
        string schedulerFile = Path.Combine(_directory, "scheduler.json");
        using DaskProcess scheduler = DaskProcess.Dask("scheduler", "--port", "0", "--no-dashboard", "--scheduler-file", schedulerFile);
        await scheduler.WaitForLineAsync("Scheduler at:", s_processBound);
        SchedulerFile info = SchedulerFile.Read(schedulerFile);
        string secretFile = WriteFile("secret", info.Secret + "\n", OwnerOnly);

        // By address, so the secret can only have come from the file.
        using DaskProcess worker = DaskProcess.Dask("worker", info.Address, "--secret-file", secretFile, "--nthreads", "1", "--name", "from-secret-file");
        await worker.WaitForLineAsync("registered with", s_processBound);

        await using var client = new Client(schedulerFile: schedulerFile);
        client.WaitForWorkers(1, s_processBound);
        Assert.Equal(["from-secret-file"], client.SchedulerInfo().Workers.Values.Select(w => w.Name));
        Assert.Equal(42, client.Submit(static (int x) => x + 1, 41).Result(s_processBound));
        Assert.DoesNotContain(info.Secret, worker.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("open", "Permissions 0644 for the secret file '{0}' are too open: it must be readable by its owner only (chmod 600 '{0}').")]
    [InlineData("missing", "There is no secret file '{0}'.")]
    [InlineData("empty", "The secret file '{0}' is empty.")]
    public async Task DaskWorker_UnusableSecretFile_ExitsNamingTheProblemBeforeConnecting(string kind, string expected)
    {
        string path = kind switch
        {
            "open" => WriteFile("secret", "0123456789abcdef", OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead),
            "empty" => WriteFile("secret", " \n", OwnerOnly),
            _ => Path.Combine(_directory, "no-such-secret"),
        };

        using DaskProcess worker = DaskProcess.Dask("worker", "tcp://127.0.0.1:9", "--secret-file", path, "--nthreads", "1");
        int code = await worker.WaitForExitAsync(s_processBound, $"dask worker with a {kind} secret file");

        Assert.Equal(1, code);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, expected, path), worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Waiting to connect", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaskWorker_SecretFileWithTheWrongSecret_ExitsSayingTheSchedulerRefusedIt()
    {
        await using Scheduler scheduler = await Scheduler.StartAsync(new SchedulerOptions { Address = "tcp://127.0.0.1:0" });
        string path = WriteFile("secret", "not-the-secret", OwnerOnly);

        using DaskProcess worker = DaskProcess.Dask("worker", scheduler.Address, "--secret-file", path, "--nthreads", "1", "--no-nanny");
        int code = await worker.WaitForExitAsync(s_processBound, "dask worker --no-nanny with a wrong secret file");

        Assert.Equal(1, code);
        Assert.Contains($"Could not join the scheduler at {scheduler.Address}: The server refused the connection", worker.Output, StringComparison.Ordinal);
        Assert.Equal(1, scheduler.RefusedConnections);
    }

    [Fact]
    public async Task DaskWorker_SchedulerFileOthersCanRead_IsRefusedAsOneThatMayNameAStrangersScheduler()
    {
        var planted = new SchedulerFile("Scheduler", "Scheduler-planted", "tcp://127.0.0.1:9", new Dictionary<string, int>(), new Dictionary<string, object>(), "planted");
        string path = Path.Combine(_directory, "planted.json");
        planted.Write(path);
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using DaskProcess worker = DaskProcess.Dask("worker", "--scheduler-file", path, "--nthreads", "1");
        int code = await worker.WaitForExitAsync(s_processBound, "dask worker with a world-readable scheduler file");

        Assert.Equal(1, code);
        Assert.Contains($"Permissions 0644 for the scheduler file '{path}' are too open", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Waiting to connect", worker.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "INSECURE: the scheduler at tcp://127.0.0.1:{0} accepts connections without a secret; anyone on this machine can connect and run code as this user")]
    [InlineData("0.0.0.0", "INSECURE: the scheduler at tcp://0.0.0.0:{0} accepts connections without a secret or TLS on a network address; ANYONE WHO CAN REACH IT OVER THE NETWORK CAN RUN CODE AS THIS USER.")]
    public async Task DaskScheduler_Insecure_WarnsNamingTheAddressAndWhatItMeans(string host, string expected)
    {
        // Binds 0.0.0.0 for the second case but nothing connects to it.
        using DaskProcess scheduler = DaskProcess.Dask("scheduler", "--host", host, "--port", "0", "--insecure", "--no-dashboard", "--local-directory", _directory);
        int port = PortOf(await scheduler.WaitForLineAsync("Scheduler at:", s_processBound));

        string warning = await scheduler.WaitForLineAsync("INSECURE", s_processBound);
        Assert.Contains("warn: ", warning, StringComparison.Ordinal);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, expected, port), warning, StringComparison.Ordinal);
    }

    private static int PortOf(string line) => int.Parse(line[(line.LastIndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);

    private string WriteFile(string name, string text, UnixFileMode mode)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
