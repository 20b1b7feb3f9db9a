using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DaskSharp.Distributed.Cluster;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Working;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Cli;

/// <summary><c>dask worker</c>: joins a scheduler with one or more workers, each under a nanny unless <c>--no-nanny</c>.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var scheduler = new Argument<string?>("scheduler") { Description = "The scheduler's address, e.g. tcp://127.0.0.1:8786", Arity = ArgumentArity.ZeroOrOne };
        var schedulerFile = new Option<string?>("--scheduler-file") { Description = "Filename to JSON encoded scheduler information. Use with dask scheduler --scheduler-file" };
        var secretFile = new Option<string?>("--secret-file") { Description = "File holding the cluster's secret (readable by its owner only, as chmod 600); instead of DASKSHARP_SECRET or the scheduler file's" };
        var nthreads = new Option<int>("--nthreads") { Description = "Number of threads per process.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var nworkers = new Option<int>("--nworkers") { Description = "Number of worker processes to launch.", DefaultValueFactory = _ => 1 };
        var memoryLimit = new Option<string>("--memory-limit") { Description = "Bytes of memory per process that the worker can use: an integer (bytes), a string (like 5GB or 5000M), 'auto', or zero for no memory management", DefaultValueFactory = _ => "auto" };
        var localDirectory = new Option<string?>("--local-directory") { Description = "Directory to place worker files" };
        var name = new Option<string?>("--name") { Description = "A unique name for this worker like 'worker-1'. If used with --nworkers then the process number will be appended like name-0, name-1, name-2, ..." };
        var host = new Option<string?>("--host") { Description = "Serving host. Should be an ip address that is visible to the scheduler and other workers." };
        var noNanny = new Option<bool>("--no-nanny") { Description = "Start workers without a nanny process (no restart when a worker dies)" };
        var withNanny = new Option<bool>("--nanny") { Description = "Start workers in nanny processes (the default; as dask-jobqueue's scripts write it)" };
        var networkInterface = new Option<string?>("--interface") { Description = "Network interface like 'eth0' or 'ib0': the worker listens on its address" };
        var lifetime = new Option<string?>("--lifetime") { Description = "If provided, shut down the worker gracefully after this duration (e.g. 55m)" };
        var lifetimeStagger = new Option<string?>("--lifetime-stagger") { Description = "Random amount by which to stagger lifetime values (e.g. 4m)" };
        var lifetimeRestart = new Option<bool>("--lifetime-restart") { Description = "Whether or not to restart the worker after the lifetime lapses (with a nanny)" };
        var deathTimeout = new Option<string?>("--death-timeout") { Description = "Seconds to wait for a scheduler before closing (e.g. 60, 30s, 5m); by default, wait forever" };

        // Internal: set by the nanny, which holds the other end of this process's standard input (ParentWatch).
        var exitWhenStdinCloses = new Option<bool>("--exit-when-stdin-closes") { Hidden = true };
        var tls = new TlsArguments();
        var command = new Command("worker", "Launch a DaskSharp worker attached to an existing scheduler.")
        {
            scheduler, schedulerFile, secretFile, nthreads, nworkers, memoryLimit, localDirectory, name, host, networkInterface, noNanny, withNanny, deathTimeout,
            lifetime, lifetimeStagger, lifetimeRestart, exitWhenStdinCloses,
        };
        tls.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using ILoggerFactory logs = Logs.Create();
            ILogger logger = logs.CreateLogger("distributed.worker");
            if (parse.GetValue(exitWhenStdinCloses))
            {
                ParentWatch.ExitWhenStandardInputCloses(logger);
            }

            WorkerLimits limits;
            string? listenOn = parse.GetValue(host);
            try
            {
                limits = WorkerLimits.Parse(
                    parse.GetValue(nthreads), parse.GetValue(nworkers), parse.GetValue(memoryLimit)!, parse.GetValue(deathTimeout),
                    parse.GetValue(lifetime), parse.GetValue(lifetimeStagger), parse.GetValue(lifetimeRestart));
                if (parse.GetValue(noNanny) && parse.GetValue(withNanny))
                {
                    throw new ArgumentException("Failed to launch worker: give --nanny or --no-nanny, not both.");
                }

                if (parse.GetValue(networkInterface) is { } nic)
                {
                    listenOn = listenOn is null ? InterfaceAddress.Of(nic) : throw new ArgumentException("Failed to launch worker: give --host or --interface, not both.");
                }
            }
            catch (ArgumentException e)
            {
                logger.LogError("{Reason}", e.Message);
                return 1;
            }

            string? file = parse.GetValue(schedulerFile);
            string? address = parse.GetValue(scheduler);
            string? secret = Environment.GetEnvironmentVariable(WorkerHost.SecretVariable);
            try
            {
                if (file is not null)
                {
                    SchedulerFile info = await ReadSchedulerFileAsync(file, cancellationToken).ConfigureAwait(false);
                    address = info.Address;
                    secret = info.Secret;
                }

                if (parse.GetValue(secretFile) is { } secretPath)
                {
                    secret = OwnerOnlyFile.ReadSecret(secretPath);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                logger.LogError("{Reason}", e.Message); // never the secret: the messages name files and modes only
                return 1;
            }

            if (address is null)
            {
                logger.LogError("Give the scheduler's address or --scheduler-file");
                return 1;
            }

            int workers = limits.Workers;
            long memory = limits.MemoryLimit;

            string? baseName = parse.GetValue(name);
            string NameOf(int i) => baseName is null ? string.Empty : workers == 1 ? baseName : $"{baseName}-{i.ToString(CultureInfo.InvariantCulture)}";
            Task shutdown = Shutdown.WaitAsync(cancellationToken);
            if (!parse.GetValue(noNanny))
            {
                while (true)
                {
                    var nannies = new List<Nanny>();
                    for (int i = 0; i < workers; i++)
                    {
                        var options = new Dictionary<string, string>
                        {
                            ["--nthreads"] = limits.Threads.ToString(CultureInfo.InvariantCulture),
                            ["--memory-limit"] = memory.ToString(CultureInfo.InvariantCulture),
                        };
                        if (parse.GetValue(deathTimeout) is { } death)
                        {
                            options["--death-timeout"] = death;
                        }

                        if (NameOf(i) is { Length: > 0 } n)
                        {
                            options["--name"] = n;
                        }

                        if (parse.GetValue(localDirectory) is { } directory)
                        {
                            options["--local-directory"] = directory;
                        }

                        if (listenOn is not null)
                        {
                            options["--host"] = listenOn;
                        }

                        tls.CopyTo(parse, options);

                        nannies.Add(Nanny.Start(address, secret ?? string.Empty, options, logger));
                    }

                    // Run until interrupted, or until every nanny has stopped on its own: its worker could not
                    // join within the death timeout, or lost its scheduler (distributed's nannies then close too).
                    // With --lifetime, the nannies retire their workers gracefully when it ends (SIGTERM: results move to others).
                    Task<int[]> finished = Task.WhenAll(nannies.Select(n => n.Finished));
                    Task lived = LifetimeAsync(limits, logger, cancellationToken);
                    Task first = await Task.WhenAny(shutdown, finished, lived).ConfigureAwait(false);
                    if (first == finished)
                    {
                        return Ended(await finished.ConfigureAwait(false), address, parse.GetValue(deathTimeout), logger);
                    }

                    await Task.WhenAll(nannies.Select(n => n.StopAsync(graceful: true).AsTask())).ConfigureAwait(false);
                    if (first != lived || !limits.LifetimeRestart)
                    {
                        return 0;
                    }

                    logger.LogInformation("Restarting the workers after their lifetime (--lifetime-restart)");
                }
            }

            string listenHost = listenOn ?? LocalHostFor(address);
            var started = new List<Worker>();
            try
            {
                for (int i = 0; i < workers; i++)
                {
                    started.Add(await Worker.StartAsync(
                        new WorkerOptions
                        {
                            SchedulerAddress = address,
                            Secret = secret,
                            ListenAddress = $"tcp://{listenHost}:0",
                            Threads = limits.Threads,
                            DeathTimeout = limits.DeathTimeout,
                            MemoryLimit = memory,
                            Tls = tls.Read(parse),
                            LocalDirectory = parse.GetValue(localDirectory),
                            OwnsProcess = workers == 1,
                            Name = NameOf(i) is { Length: > 0 } n ? n : null,
                            Logger = logger,
                        },
                        cancellationToken).ConfigureAwait(false));
                    logger.LogInformation("      Start worker at: {Address}", started[^1].Address);
                }
            }
            catch (TimeoutException e)
            {
                logger.LogError("{Reason} (--death-timeout {Timeout})", e.Message, parse.GetValue(deathTimeout));
                return WorkerHost.DeathTimeoutExitCode;
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                logger.LogError("Could not join the scheduler at {Address}: {Reason}", address, e.Message);
                return 1;
            }

            // Run until interrupted (then retire gracefully: results move to other workers) or until
            // every worker has stopped (the scheduler went away or restarted them).
            Task stopped = Task.WhenAll(started.Select(w => w.Finished));
            bool interrupted = await Task.WhenAny(shutdown, stopped, LifetimeAsync(limits, logger, cancellationToken)).ConfigureAwait(false) != stopped;
            if (interrupted)
            {
                await Task.WhenAll(started.Select(w => w.CloseGracefullyAsync())).ConfigureAwait(false);
            }

            foreach (Worker w in started)
            {
                await w.DisposeAsync().ConfigureAwait(false);
            }

            // The nanny restarts a worker process that exits otherwise (asked to restart, or crashed), but not one whose scheduler is gone.
            if (!interrupted && started.Any(w => w.SchedulerLost))
            {
                logger.LogWarning("The scheduler at {Address} closed the connection or went away; the worker closed", address);
                return WorkerHost.SchedulerGoneExitCode;
            }

            return 0;
        });
        return command;
    }

    /// <summary>Completes when one lifetime of the workers has passed (never without <c>--lifetime</c>).</summary>
    private static async Task LifetimeAsync(WorkerLimits limits, ILogger logger, CancellationToken cancellationToken)
    {
        if (limits.NextLifetime(Random.Shared) is not { } lifetime)
        {
            await new TaskCompletionSource().Task.ConfigureAwait(false); // no lifetime: never ends
            return;
        }

        logger.LogInformation("The workers will retire after their lifetime of {Seconds} s", Math.Round(lifetime.TotalSeconds, 1));
        await Task.Delay(lifetime, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Worker lifetime of {Seconds} s reached; retiring gracefully", Math.Round(lifetime.TotalSeconds, 1));
    }

    /// <summary>The exit code of a <c>dask worker</c> whose nannies all stopped on their own, as distributed's: 1 when a worker timed out joining, 0 when the scheduler went away.</summary>
    private static int Ended(int[] workerExitCodes, string address, string? deathTimeout, ILogger logger)
    {
        if (workerExitCodes.Contains(WorkerHost.DeathTimeoutExitCode))
        {
            logger.LogError("Timed out starting worker: could not join the scheduler at {Address} within --death-timeout {Timeout}", address, deathTimeout);
            return 1;
        }

        logger.LogInformation("The scheduler at {Address} is gone; End worker", address);
        return 0;
    }

    /// <summary>
    /// Waits for the scheduler file to appear (workers are often started before the scheduler has
    /// written it), as Dask does, then reads it if it is its owner's alone (<see cref="OwnerOnlyFile"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">when it does not appear within a minute.</exception>
    private static async Task<SchedulerFile> ReadSchedulerFileAsync(string path, CancellationToken cancellationToken)
    {
        TimeSpan patience = TimeSpan.FromSeconds(60);
        DateTime deadline = DateTime.UtcNow + patience;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new FileNotFoundException($"The scheduler file '{path}' did not appear within {patience.TotalSeconds} s; is the scheduler running with --scheduler-file {path}?", path);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        OwnerOnlyFile.Check(path, "scheduler file");
        return SchedulerFile.Read(path);
    }

    /// <summary>The local address peers can reach: loopback for a loopback scheduler, else the interface that routes to it.</summary>
    private static string LocalHostFor(string schedulerAddress)
    {
        Address parsed = Address.Parse(schedulerAddress);
        if (parsed.Host is "localhost" || (IPAddress.TryParse(parsed.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip)))
        {
            return "127.0.0.1";
        }

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(parsed.Host, parsed.Port);
        return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
    }
}
