using System.Diagnostics;

namespace DaskSharp.Tests;

/// <summary>
/// The private two-node SLURM cluster of <c>ci/slurm-up.sh</c> (node1 and node2, partition <c>debug</c>,
/// all on 127.0.0.1), started once per test process. The script is idempotent: when test.sh has already
/// started the cluster it returns in well under a second. <see cref="EnsureUp"/> points this process's
/// SLURM commands (and the processes it starts) at the cluster through <c>SLURM_CONF</c>.
/// </summary>
public static class SlurmTestCluster
{
    public const string Partition = "debug";
    public static readonly string[] Nodes = ["node1", "node2"];

    private static readonly Lazy<string> s_conf = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts the cluster if it is not up and returns the path of its slurm.conf.</summary>
    public static string EnsureUp() => s_conf.Value;

    /// <summary>The repository's root: the nearest directory above the test binaries holding DaskSharp.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DaskSharp.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No DaskSharp.slnx above {AppContext.BaseDirectory}: cannot find ci/slurm-up.sh.");
    }

    private static string Start()
    {
        string script = Path.Combine(RepositoryRoot(), "ci", "slurm-up.sh");
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A first start on a fresh machine installs the packages with apt-get.
        var bound = TimeSpan.FromMinutes(5);
        if (!p.WaitForExit(bound))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"ci/slurm-up.sh did not bring up the SLURM test cluster within {bound}.");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"ci/slurm-up.sh failed (exit {p.ExitCode}): {stderr.Result}{stdout.Result}");
        string baseDir = Environment.GetEnvironmentVariable("SLURM_LOCAL_DIR")
            ?? Path.Combine(Environment.GetEnvironmentVariable("TMPDIR") ?? "/tmp", "slurm-local");
        string conf = Path.Combine(Path.GetFullPath(baseDir), "etc", "slurm.conf");
        if (!File.Exists(conf)) throw new InvalidOperationException($"ci/slurm-up.sh succeeded but wrote no {conf}.");
        Environment.SetEnvironmentVariable("SLURM_CONF", conf);
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Contains("/usr/sbin")) Environment.SetEnvironmentVariable("PATH", path + ":/usr/sbin:/sbin");
        return conf;
    }
}
