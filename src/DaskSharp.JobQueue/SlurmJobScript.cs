using System.Globalization;
using System.Text;

namespace DaskSharp.JobQueue;

/// <summary>
/// The sbatch script of a job, as pure text (dask-jobqueue's <c>SLURMJob.job_script</c>): the shebang,
/// the <c>#SBATCH</c> header in dask-jobqueue's order (<c>-J</c>, <c>-e</c>/<c>-o</c> with a log
/// directory, <c>-p</c>, <c>-A</c>, <c>-n</c>, <c>-N</c>, <c>--cpus-per-task</c>, <c>--mem</c>,
/// <c>-t</c>, minus the skipped lines, then the extra directives), the prologue, the worker
/// command and the epilogue. A job of several nodes starts its workers with <c>srun</c>, one
/// task per node, each worker named after its node's index in the job.
/// </summary>
public static class SlurmJobScript
{
    /// <summary>The whole script of a job whose workers join <paramref name="schedulerAddress"/> as <paramref name="name"/>.</summary>
    /// <example><code>
    /// var options = SlurmJobOptions.Create(queue: "multiple", cores: 40, memory: "90GB");
    /// string script = SlurmJobScript.Render(options, "tcp://10.0.0.1:8786", "dask-3f2a9c1b-0");
    /// </code></example>
    public static string Render(SlurmJobOptions options, string schedulerAddress, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append(options.Shebang).Append("\n\n");
        text.Append(Header(options)).Append('\n');
        text.Append(string.Join('\n', options.JobScriptPrologue.Concat(StageLines(options)).Where(l => l.Length > 0))).Append('\n');
        text.Append(WorkerCommand(options, schedulerAddress, name)).Append('\n');
        text.Append(string.Join('\n', options.JobScriptEpilogue.Where(l => l.Length > 0))).Append('\n');
        return text.ToString();
    }

    /// <summary>The <c>#SBATCH</c> lines (dask-jobqueue's <c>job_header</c>).</summary>
    public static string Header(SlurmJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lines = new List<string> { $"#SBATCH -J {options.JobName}" };
        if (options.LogDirectory is { } logs)
        {
            lines.Add($"#SBATCH -e {logs}/{options.JobName}-%J.err");
            lines.Add($"#SBATCH -o {logs}/{options.JobName}-%J.out");
        }

        if (options.Queue is { } queue)
        {
            lines.Add($"#SBATCH -p {queue}");
        }

        if (options.Account is { } account)
        {
            lines.Add($"#SBATCH -A {account}");
        }

        // One task per node; a multi-node job's srun starts one on each.
        lines.Add(Invariant($"#SBATCH -n {options.NodesPerJob}"));
        lines.Add(Invariant($"#SBATCH -N {options.NodesPerJob}"));
        lines.Add(Invariant($"#SBATCH --cpus-per-task={CpusPerTask(options)}"));
        lines.Add($"#SBATCH --mem={options.JobMem ?? SlurmMemory.Format(options.MemoryBytes)}");
        lines.Add($"#SBATCH -t {options.Walltime}");
        lines.RemoveAll(line => options.JobDirectivesSkip.Any(skip => line.Contains(skip, StringComparison.Ordinal)));
        lines.AddRange(options.JobExtraDirectives.Select(d => $"#SBATCH {d}"));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// The line that starts the job's workers: the <c>dask worker</c> command for one node, or, for
    /// several, <c>srun</c> running it once per node with the node's index in each worker's name.
    /// </summary>
    public static string WorkerCommand(SlurmJobOptions options, string schedulerAddress, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(schedulerAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (options.NodesPerJob == 1)
        {
            return DaskWorker(options, schedulerAddress, ShellText.Quote(name));
        }

        // The inner shell of each task expands SLURM_NODEID (0, 1, … in the job's node order); exec
        // hands it the signals srun forwards.
        string perNode = "exec " + DaskWorker(options, schedulerAddress, ShellText.Quote(name) + "-$SLURM_NODEID");
        return OnEveryNode(options, perNode, cpus: true);
    }

    /// <summary><paramref name="command"/> once on every node of the job: srun, one task a node, in its own shell.</summary>
    private static string OnEveryNode(SlurmJobOptions options, string command, bool cpus)
    {
        var srun = new List<string> { "srun", Invariant($"--nodes={options.NodesPerJob}"), Invariant($"--ntasks={options.NodesPerJob}"), "--ntasks-per-node=1" };
        if (cpus && !options.JobDirectivesSkip.Any(skip => "--cpus-per-task".Contains(skip, StringComparison.Ordinal)))
        {
            srun.Add(Invariant($"--cpus-per-task={CpusPerTask(options)}")); // srun 22.05 does not inherit it from sbatch
        }

        srun.Add("bash");
        srun.Add("-c");
        srun.Add("'" + command.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        return string.Join(' ', srun);
    }

    /// <summary>With a staged runtime: copy it to the node-local directory, once per node, and point the workers (and their nannies' children) at the copy.</summary>
    private static IEnumerable<string> StageLines(SlurmJobOptions options)
    {
        if (options.Stage is not { } stage)
        {
            yield break;
        }

        string local = options.LocalDirectory ?? "/tmp";
        string copy = stage.CopyCommand(local);
        yield return options.NodesPerJob == 1 ? copy : OnEveryNode(options, copy, cpus: false);
        yield return $"export DASKSHARP_WORKER_HOST={local}/{stage.DirectoryName}/DaskSharp.Cli.dll";
    }

    /// <summary>The names the workers of job <paramref name="name"/> register with, in node then process order.</summary>
    public static IReadOnlyList<string> WorkerNames(SlurmJobOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = new List<string>(options.WorkersPerJob);
        for (int node = 0; node < options.NodesPerJob; node++)
        {
            string onNode = options.NodesPerJob == 1 ? name : Invariant($"{name}-{node}");
            for (int p = 0; p < options.Processes; p++)
            {
                names.Add(options.Processes == 1 ? onNode : Invariant($"{onNode}-{p}"));
            }
        }

        return names;
    }

    /// <summary>Dask's duration text for a command line: whole minutes as "27m", else seconds as "45s" or "7.5s".</summary>
    internal static string DurationText(TimeSpan t) =>
        t.Ticks % TimeSpan.TicksPerMinute == 0 && t >= TimeSpan.FromMinutes(1)
            ? Invariant($"{(long)t.TotalMinutes}m")
            : SlurmJobOptions.Seconds(t) + "s";

    private static string DaskWorker(SlurmJobOptions o, string scheduler, string quotedName)
    {
        var args = new List<string>
        {
            o.Stage is { } stage ? $"{ShellText.Quote(stage.Muxer)} \"$DASKSHARP_WORKER_HOST\"" : o.WorkerCommand, "worker", scheduler,
            "--name", quotedName,
            "--nthreads", Invariant($"{o.ThreadsPerWorker}"),
            "--memory-limit", ByteSize.Format(o.MemoryPerWorker).Replace(" ", string.Empty, StringComparison.Ordinal),
        };
        if (o.Processes > 1)
        {
            args.AddRange(["--nworkers", Invariant($"{o.Processes}")]);
        }

        args.Add(o.Nanny ? "--nanny" : "--no-nanny");
        args.AddRange(["--death-timeout", SlurmJobOptions.Seconds(o.DeathTimeout)]);
        if (o.LocalDirectory is { } local)
        {
            args.AddRange(["--local-directory", local]);
        }

        if (o.Lifetime is { } lifetime)
        {
            args.AddRange(["--lifetime", DurationText(lifetime), "--lifetime-stagger", DurationText(o.LifetimeStagger)]);
        }

        args.AddRange(o.WorkerExtraArgs);
        if (o.Interface is { } nic)
        {
            args.AddRange(["--interface", nic]);
        }

        return string.Join(' ', args);
    }

    private static int CpusPerTask(SlurmJobOptions o) => o.JobCpu ?? o.Cores;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
