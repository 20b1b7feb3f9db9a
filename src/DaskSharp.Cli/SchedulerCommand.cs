using System.CommandLine;
using System.Globalization;
using System.Net;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Scheduling;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Cli;

/// <summary><c>dask scheduler</c>: runs a scheduler until interrupted.</summary>
internal static class SchedulerCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "URI, IP or hostname of this server", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Serving port", DefaultValueFactory = _ => 8786 };
        var schedulerFile = new Option<string?>("--scheduler-file") { Description = "File to write connection information (address and secret), readable by its owner only. This may be a good way to share connection information if your cluster is on a shared network file system. Without it: dask-scheduler-PORT.json in --local-directory" };
        var localDirectory = new Option<string?>("--local-directory") { Description = "Directory to place scheduler files (the default scheduler file); the temporary directory when not given" };
        var dashboardAddress = new Option<string>("--dashboard-address") { Description = "Address on which to listen for diagnostics dashboard", DefaultValueFactory = _ => ":8787" };
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Do not launch the dashboard" };
        var insecure = new Option<bool>("--insecure") { Description = "Listen on a non-loopback address without a secret (anyone who can connect can run code)" };
        var tls = new TlsArguments();
        var command = new Command("scheduler", "Launch a DaskSharp scheduler.") { host, port, schedulerFile, localDirectory, dashboardAddress, noDashboard, insecure };
        tls.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using ILoggerFactory logs = Logs.Create();
            ILogger logger = logs.CreateLogger("distributed.scheduler");
            string bind = parse.GetValue(host)!;
            string? file = parse.GetValue(schedulerFile);
            string? secret = Environment.GetEnvironmentVariable(WorkerHost.SecretVariable);
            bool isInsecure = parse.GetValue(insecure);
            if (isInsecure && string.IsNullOrEmpty(secret))
            {
                secret = string.Empty; // the user asked for no secret
            }

            string? dashboard = parse.GetValue(noDashboard) ? null : parse.GetValue(dashboardAddress);
            Scheduler scheduler;
            try
            {
                TlsOptions? tlsOptions = tls.Read(parse);

                // The secret is never printed: without --scheduler-file the scheduler writes one all the same, for workers to read.
                string? directory = file is null ? parse.GetValue(localDirectory) ?? Path.GetTempPath() : null;
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }

                scheduler = await Scheduler.StartAsync(new SchedulerOptions
                {
                    Address = $"{(tlsOptions is null ? "tcp" : "tls")}://{bind}:{parse.GetValue(port).ToString(CultureInfo.InvariantCulture)}",
                    Tls = tlsOptions,
                    Secret = secret,
                    Insecure = isInsecure,
                    SchedulerFile = file,
                    SchedulerFileDirectory = directory,
                    DashboardAddress = dashboard,
                    DashboardBindHost = BatchEnvironment.DashboardBindHost(bind), // a job's dashboard must be reachable from the login node
                    Logger = logger,
                }).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or FormatException or ArgumentException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                logger.LogError("{Reason}", e.Message);
                return 1;
            }

            await using (scheduler.ConfigureAwait(false))
            {
                logger.LogInformation("  Scheduler at:   {Address}", scheduler.Address);
                logger.LogInformation("  dashboard at:   {Dashboard}", scheduler.DashboardLink ?? "(none)");
                logger.LogInformation("  workers:        dask worker --scheduler-file {Path}", scheduler.SchedulerFilePath);
                if (BatchEnvironment.DashboardTunnel(scheduler.DashboardLink) is { } tunnel)
                {
                    logger.LogInformation("  dashboard from your computer: run `{Tunnel}` there, then open {Link}", tunnel, DaskSharp.Distributed.Dashboard.DashboardAddress.TunnelledLink(scheduler.DashboardLink!));
                }

                // Until interrupted, or until a client's Shutdown() closes the scheduler (distributed's terminate).
                if (await Task.WhenAny(Shutdown.WaitAsync(cancellationToken), scheduler.Closed).ConfigureAwait(false) == scheduler.Closed)
                {
                    logger.LogInformation("The scheduler was shut down by a client; end");
                    return 0;
                }

                logger.LogInformation("Scheduler closing");
            }

            return 0;
        });
        return command;
    }
}
