using System.Globalization;
using System.Net;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// What the deployment layer knows about the batch system this process runs under (today SLURM):
/// where the dashboard must listen so the login node can reach it, and the ssh command that
/// brings it to the user's own computer. Scheduler and Client never read these variables
/// themselves; clusters and the <c>dask scheduler</c> command ask here.
/// </summary>
public static class BatchEnvironment
{
    /// <summary>True inside a SLURM job (<c>SLURM_JOB_ID</c> is set).</summary>
    public static bool InSlurmJob => Variable("SLURM_JOB_ID") is not null;

    /// <summary>
    /// The host a dashboard without a host of its own should listen on for a scheduler on
    /// <paramref name="schedulerHost"/>: inside a SLURM job a loopback-only dashboard could not be
    /// reached through the ssh tunnel <see cref="DashboardTunnel"/> suggests (the login node
    /// connects to this node), so there it is every interface; elsewhere null (the scheduler's host).
    /// </summary>
    /// <example><code>
    /// new SchedulerOptions { Address = "tcp://127.0.0.1:8786", DashboardBindHost = BatchEnvironment.DashboardBindHost("127.0.0.1") };
    /// </code></example>
    public static string? DashboardBindHost(string schedulerHost)
    {
        ArgumentNullException.ThrowIfNull(schedulerHost);
        bool loopback = schedulerHost.Length == 0 || schedulerHost == "localhost" || (IPAddress.TryParse(schedulerHost, out IPAddress? ip) && IPAddress.IsLoopback(ip));
        return InSlurmJob && loopback ? "0.0.0.0" : null;
    }

    /// <summary>
    /// Inside a SLURM job, the ssh command that forwards the dashboard at <paramref name="dashboardLink"/>
    /// to the user's own computer through the login node (<c>ssh -N -L PORT:NODE:PORT USER@LOGIN-HOST</c>),
    /// which HPC users otherwise assemble by hand; null outside SLURM or without a dashboard.
    /// </summary>
    public static string? DashboardTunnel(string? dashboardLink)
    {
        if (!InSlurmJob || dashboardLink is null)
        {
            return null;
        }

        var link = new Uri(dashboardLink);
        bool local = link.IsLoopback || link.Host is "0.0.0.0";
        string node = local ? Variable("SLURMD_NODENAME") ?? Environment.MachineName : link.Host;
        string login = Variable("SLURM_SUBMIT_HOST") ?? "LOGIN-HOST";
        string user = Variable("USER") ?? Environment.UserName;
        return string.Create(CultureInfo.InvariantCulture, $"ssh -N -L {link.Port}:{node}:{link.Port} {user}@{login}");
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
