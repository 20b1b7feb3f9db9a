using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DaskSharp.JobQueue;

/// <summary>
/// The thin shell over SLURM's commands (dask-jobqueue's <c>Job._call</c>): <c>sbatch</c> a script,
/// <c>scancel</c> jobs, <c>squeue</c> their states. Each call is bounded and a failure names the
/// command, its exit code and what it printed. The parsing of their output is pure (<see cref="ParseJobId"/>,
/// <see cref="ParseQueue"/>).
/// </summary>
public sealed partial class SlurmCommands
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    /// <summary>Submits <paramref name="script"/> with <c>sbatch</c>, with <paramref name="environment"/> added to the job's (sbatch passes its environment on).</summary>
    /// <returns>The job id.</returns>
    public async Task<string> SubmitAsync(string script, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        string file = Path.Combine(Path.GetTempPath(), $"dasksharp-job-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script, cancellationToken).ConfigureAwait(false);
        try
        {
            string output = await RunAsync("sbatch", ["--parsable", file], environment, cancellationToken).ConfigureAwait(false);
            return ParseJobId(output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary><c>scancel</c>s <paramref name="jobIds"/> (jobs already gone are not an error).</summary>
    public async Task CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        if (jobIds.Count > 0)
        {
            await RunAsync("scancel", [.. jobIds], null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The states of this user's jobs SLURM still knows (<c>squeue --states=all</c>: pending, running and recently ended).</summary>
    public async Task<IReadOnlyList<SqueueRow>> QueueAsync(CancellationToken cancellationToken = default)
    {
        string output = await RunAsync("squeue", ["--states=all", "--noheader", "--user", Environment.UserName, "--format=%i|%T|%N|%j"], null, cancellationToken).ConfigureAwait(false);
        return ParseQueue(output);
    }

    /// <summary>The job id sbatch printed (<c>--parsable</c>: "123" or "123;cluster"; else "Submitted batch job 123").</summary>
    /// <exception cref="FormatException">when there is no job id in <paramref name="output"/>.</exception>
    public static string ParseJobId(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Match m = JobId().Match(output);
        return m.Success
            ? m.Groups["id"].Value
            : throw new FormatException($"Could not find a job id in sbatch's output: '{output.Trim()}'.");
    }

    /// <summary>squeue's <c>%i|%T|%N|%j</c> lines as rows.</summary>
    public static IReadOnlyList<SqueueRow> ParseQueue(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<SqueueRow>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] f = line.Split('|', 4);
            if (f.Length == 4)
            {
                rows.Add(new SqueueRow(f[0], f[1], Hostlist.Expand(f[2]), f[3]));
            }
        }

        return rows;
    }

    private static async Task<string> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        string command = $"{program} {string.Join(' ', arguments)}";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(s_bound, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command}' did not finish within {s_bound.TotalSeconds} s.");
        }

        string output = await stdout.ConfigureAwait(false);
        string errors = await stderr.ConfigureAwait(false);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"'{command}' exited with code {process.ExitCode}: {errors.Trim()}{output.Trim()}"));
    }

    [GeneratedRegex(@"(?<id>\d+)")]
    private static partial Regex JobId();
}

/// <summary>One job as squeue lists it.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="State">SLURM's state name (PENDING, RUNNING, COMPLETING, COMPLETED, CANCELLED, FAILED, TIMEOUT, …).</param>
/// <param name="Nodes">Its nodes, in SLURM's order (a node's index is its workers' <c>SLURM_NODEID</c>); empty while pending.</param>
/// <param name="Name">The job's name.</param>
public sealed record SqueueRow(string JobId, string State, IReadOnlyList<string> Nodes, string Name);
