using System.Diagnostics;
using DaskSharp.Distributed.Cluster;
using DaskProcess = DaskSharp.Distributed.Tests.WorkerLifecycleTests.DaskProcess;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary>The tests that start real <c>mpirun</c> and <c>srun</c> launches run one at a time: each is several processes on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LaunchCollection
{
    public const string Name = "mpi and srun launches";
}

/// <summary>
/// Starting launches the way a user does: <c>mpirun --allow-run-as-root --oversubscribe -np N</c> (its
/// own traffic kept on loopback) or plain <c>srun</c> on the test SLURM cluster, of <c>dask mpi</c> or
/// of the MpiBatchChild batch program. Every launch is a <see cref="DaskProcess"/>: bounded waits that
/// name what they awaited, and the whole process tree killed on dispose.
/// </summary>
internal static class Launches
{
    /// <summary>How long any one launch may take to finish before the test fails naming it.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> s_loopbackMpi = new()
    {
        ["OMPI_MCA_oob_tcp_if_include"] = "lo",
        ["OMPI_MCA_btl_tcp_if_include"] = "lo",
        ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0",
    };

    /// <summary><c>mpirun -np <paramref name="ranks"/> dask <paramref name="arguments"/></c>.</summary>
    public static DaskProcess MpirunDask(int ranks, params string[] arguments)
    {
        var (host, prefix) = WorkerHost.Find() ?? throw new InvalidOperationException("DaskSharp.Cli.dll is not next to the tests");
        return Mpirun(ranks, [host, .. prefix, .. arguments]);
    }

    /// <summary><c>mpirun -np <paramref name="ranks"/> dotnet MpiBatchChild.dll <paramref name="arguments"/></c>.</summary>
    public static DaskProcess MpirunBatchChild(int ranks, params string[] arguments) => Mpirun(ranks, [Dotnet(), BatchChild(), .. arguments]);

    /// <summary>
    /// <c>mpirun -np <paramref name="ranks"/> <paramref name="command"/></c>, with no SLURM variables
    /// from the test's environment (inside an allocation mpirun would launch through srun).
    /// </summary>
    public static DaskProcess Mpirun(int ranks, string[] command, Dictionary<string, string>? environment = null)
    {
        var all = new Dictionary<string, string>(s_loopbackMpi);
        foreach (var (name, value) in environment ?? [])
        {
            all[name] = value;
        }

        return DaskProcess.Start("mpirun", ["--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command], all);
    }

    /// <summary><c>srun <paramref name="srunArguments"/> dotnet MpiBatchChild.dll <paramref name="arguments"/></c> on the test cluster (plain srun: ranks come from SLURM_PROCID).</summary>
    public static SrunLaunch SrunBatchChild(string[] srunArguments, params string[] arguments) => Srun([.. srunArguments, Dotnet(), BatchChild(), .. arguments]);

    /// <summary><c>srun <paramref name="arguments"/></c> on the test cluster, as a job of its own name.</summary>
    public static SrunLaunch Srun(string[] arguments)
    {
        SlurmTestCluster.EnsureUp();
        string name = $"dask-test-{Guid.NewGuid():N}"[..22];
        var process = DaskProcess.Start("srun", ["--job-name", name, "--partition", SlurmTestCluster.Partition, "--time", "2", .. arguments], new() { ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0" });
        return new SrunLaunch(process, name);
    }

    /// <summary>
    /// An srun and its job. Killing srun does not end the job's tasks (slurmstepd runs them), so
    /// disposing also scancels the job by its name: nothing of a failed test stays queued or running.
    /// </summary>
    internal sealed class SrunLaunch(DaskProcess process, string jobName) : IDisposable
    {
        public DaskProcess Process => process;

        public string Output => process.Output;

        public Task<string> WaitForLineAsync(string text, TimeSpan timeout) => process.WaitForLineAsync(text, timeout);

        public Task<int> WaitForExitAsync(TimeSpan timeout, string what) => process.WaitForExitAsync(timeout, what);

        public void Dispose()
        {
            try
            {
                using var cancel = System.Diagnostics.Process.Start("scancel", ["--name", jobName]);
                if (cancel is not null && !cancel.WaitForExit(10_000))
                {
                    cancel.Kill();
                }
            }
            finally
            {
                process.Dispose();
            }
        }
    }

    /// <summary>The MpiBatchChild program built beside these tests (tests/MpiBatchChild/bin/CONFIGURATION/FRAMEWORK).</summary>
    public static string BatchChild() => Sibling("MpiBatchChild", "MpiBatchChild.dll");

    /// <summary>A project under tests/ or examples/, built in the same configuration and framework as these tests.</summary>
    public static string Sibling(string project, string dll, string folder = "tests")
    {
        string here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string framework = Path.GetFileName(here);
        string configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        string root = SlurmTestCluster.RepositoryRoot();
        string path = Path.Combine(root, folder, project, "bin", configuration, framework, dll);
        Assert.True(File.Exists(path), $"{project} is not built at {path}");
        return path;
    }

    /// <summary>The dotnet muxer running these tests.</summary>
    public static string Dotnet() => WorkerHost.Find()?.FileName ?? "dotnet";

    /// <summary>A fresh directory for one test's scheduler file (under the working directory's file system, which every rank here shares).</summary>
    public static string NewDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "dask-mpi-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The processes whose command line mentions <paramref name="marker"/> (a test's own scheduler file path): none may outlive a test.</summary>
    public static int[] ProcessesMentioning(string marker)
    {
        var found = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                string command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (command.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // exited meanwhile
            }
        }

        return [.. found];
    }

    /// <summary>Waits (bounded) until no process mentions <paramref name="marker"/>; fails naming those left.</summary>
    public static async Task AssertNoneLeftAsync(string marker, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        int[] left;
        while ((left = ProcessesMentioning(marker)).Length > 0)
        {
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"{left.Length} processes of the launch with '{marker}' were still running {timeout.TotalSeconds} s after it ended: pids {string.Join(", ", left)}");
            }

            await Task.Delay(100);
        }
    }
}
