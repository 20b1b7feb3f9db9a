using System.Text.RegularExpressions;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.Distributed.Tests.Deploy;

/// <summary>Inside a SLURM job, <c>dask scheduler</c> prints the ssh command that brings its dashboard to the user's computer, and a client's <c>Shutdown()</c> ends it.</summary>
[Collection(LaunchCollection.Name)]
public sealed partial class DashboardTunnelTests
{
    [Fact]
    public async Task DaskScheduler_InASlurmJob_PrintsTheSshTunnelToItsNodeAndEndsOnShutdown()
    {
        string file = Path.Combine(Launches.NewDirectory(), "scheduler.json");
        var (host, prefix) = WorkerHost.Find() ?? throw new InvalidOperationException("DaskSharp.Cli.dll is not next to the tests");
        using var job = Launches.Srun(["-N1", "-n1", "-w", "node2", host, .. prefix, "scheduler", "--scheduler-file", file, "--port", "0", "--dashboard-address", ":0"]);
        string line = await job.WaitForLineAsync("dashboard from your computer: run `ssh -N -L ", Launches.Bound);
        Match tunnel = SshTunnel().Match(line);
        Assert.True(tunnel.Success, line);
        Assert.Equal("node2", tunnel.Groups["node"].Value);
        Assert.Equal(Environment.MachineName, tunnel.Groups["login"].Value); // SLURM_SUBMIT_HOST: where srun ran
        Assert.Matches($@"then open http://localhost:{tunnel.Groups["port"].Value}/status\?token=\S+", line); // listening beyond loopback, so with its token

        using (var client = new Client(schedulerFile: file))
        {
            client.Shutdown();
        }

        Assert.Equal(0, await job.WaitForExitAsync(TimeSpan.FromSeconds(30), "srun of dask scheduler after client.Shutdown()"));
        await Launches.AssertNoneLeftAsync(file, TimeSpan.FromSeconds(10));
    }

    [GeneratedRegex(@"ssh -N -L (?<port>\d+):(?<node>[^:]+):\k<port> \S+@(?<login>\S+)`")]
    private static partial Regex SshTunnel();
}
