using System.Globalization;
using System.Text.RegularExpressions;

namespace DaskSharp.JobQueue;

/// <summary>
/// A SLURM time limit (<c>#SBATCH -t</c>) in one of the forms sbatch accepts: <c>MM</c>, <c>MM:SS</c>,
/// <c>HH:MM:SS</c>, <c>D-HH</c>, <c>D-HH:MM</c>, <c>D-HH:MM:SS</c>. The text goes into the job
/// script as the user wrote it; the duration sets the workers' <c>--lifetime</c>.
/// </summary>
public static partial class SlurmWalltime
{
    /// <summary>The duration of <paramref name="walltime"/>.</summary>
    /// <exception cref="ArgumentException">naming the value and the forms SLURM accepts, for anything else (or a zero limit).</exception>
    public static TimeSpan Parse(string walltime)
    {
        ArgumentNullException.ThrowIfNull(walltime);
        Match m = Form().Match(walltime.Trim());
        if (!m.Success)
        {
            throw new ArgumentException($"walltime '{walltime}' is not a SLURM time limit; give \"MM\", \"MM:SS\", \"HH:MM:SS\", \"D-HH\", \"D-HH:MM\" or \"D-HH:MM:SS\", e.g. \"00:30:00\".", nameof(walltime));
        }

        int Part(string name) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        TimeSpan duration;
        if (m.Groups["days"].Success)
        {
            // D-HH[:MM[:SS]]
            duration = new TimeSpan(Part("days"), Part("dh"), Part("dm"), Part("ds"));
        }
        else if (m.Groups["c"].Success)
        {
            // HH:MM:SS
            duration = new TimeSpan(Part("a"), Part("b"), Part("c"));
        }
        else
        {
            // MM or MM:SS
            duration = TimeSpan.FromMinutes(Part("a")) + TimeSpan.FromSeconds(Part("b"));
        }

        return duration > TimeSpan.Zero
            ? duration
            : throw new ArgumentException($"walltime '{walltime}' is zero; a job needs time to run, e.g. \"00:30:00\".", nameof(walltime));
    }

    [GeneratedRegex(@"^(?:(?<days>\d+)-(?<dh>\d+)(?::(?<dm>\d+)(?::(?<ds>\d+))?)?|(?<a>\d+)(?::(?<b>\d+)(?::(?<c>\d+))?)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Form();
}
