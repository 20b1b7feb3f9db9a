using System.Diagnostics;
using DaskSharp.Distributed;
using DaskSharp.Execution;

namespace DaskSharp.JobQueue.Tests;

/// <summary>
/// The private two-node SLURM cluster (<see cref="SlurmTestCluster"/>) and one SLURMCluster on it
/// for a test class, with a client registered as <see cref="SchedulerName"/>. Jobs are small (one
/// core, 1 GB) and carry <see cref="JobName"/>, so <see cref="Dispose"/> can scancel anything a
/// failed test left behind.
/// </summary>
public sealed class SlurmFixture : IDisposable
{
    public const string SchedulerName = "slurm-tests";

    public SlurmFixture()
    {
        SlurmTestCluster.EnsureUp();
        JobName = $"dasksharp-test-{Guid.NewGuid().ToString("N")[..8]}";
        LogDirectory = Directory.CreateTempSubdirectory("dasksharp-slurm-logs-").FullName;
        Cluster = NewCluster();
        Client = new Client(Cluster, setAsDefault: false);
        SchedulerRegistry.Register(SchedulerName, Client);
    }

    public string JobName { get; }

    public string LogDirectory { get; }

    public SLURMCluster Cluster { get; }

    public Client Client { get; }

    /// <summary>A cluster on the test SLURM: jobs of one core and 1 GB on partition debug, scheduler and workers on lo.</summary>
    public SLURMCluster NewCluster(int nodesPerJob = 1, string walltime = "00:15:00", TimeSpan? lifetimeMargin = null, string? localDirectory = null, bool stageRuntime = false, string? sharedTempDirectory = null) => new(
        queue: SlurmTestCluster.Partition, cores: 1, memory: "1GB", processes: 1, walltime: walltime, @interface: "lo",
        localDirectory: localDirectory ?? Path.GetTempPath(), logDirectory: LogDirectory, jobName: JobName, nodesPerJob: nodesPerJob,
        lifetimeMargin: lifetimeMargin, stageRuntime: stageRuntime, sharedTempDirectory: sharedTempDirectory,
        dashboardAddress: null, statusInterval: TimeSpan.FromMilliseconds(500));

    /// <summary>The ids of this user's jobs squeue lists as pending, running or completing (its default states).</summary>
    public static IReadOnlyList<string> LiveJobIds() =>
        Run("squeue", "--noheader", "--format=%i").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        string errors = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), $"{program} did not finish within 30 s");
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {p.ExitCode}: {errors}");
        return output;
    }

    /// <summary>What the jobs printed (for failure messages).</summary>
    public string JobLogs() => string.Join("\n", Directory.EnumerateFiles(LogDirectory).Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}"));

    public void Dispose()
    {
        SchedulerRegistry.Unregister(SchedulerName, Client);
        Client.Dispose();
        Cluster.Dispose();

        // Whatever a failed test left: every job of this fixture's name.
        Run("scancel", "--name", JobName);
        Directory.Delete(LogDirectory, recursive: true);
    }
}
