using System.Globalization;

namespace DaskSharp.JobQueue;

/// <summary>Memory as <c>#SBATCH --mem</c> takes it (dask-jobqueue's <c>slurm_format_bytes_ceil</c>).</summary>
public static class SlurmMemory
{
    /// <summary>
    /// <paramref name="bytes"/> rounded up to whole KiB, MiB or GiB, written as SLURM names them
    /// (<c>K</c>, <c>M</c>, <c>G</c>, which it reads as binary units); at least <c>1K</c>.
    /// </summary>
    /// <example><code>
    /// SlurmMemory.Format(90_000_000_000);   // "84G"
    /// SlurmMemory.Format(12_345_678);       // "12M"
    /// </code></example>
    public static string Format(long bytes)
    {
        static string Ceil(long n, long unit, string suffix) =>
            ((n + unit - 1) / unit).ToString(CultureInfo.InvariantCulture) + suffix;

        return bytes switch
        {
            >= 1L << 30 => Ceil(bytes, 1L << 30, "G"),
            >= 1L << 20 => Ceil(bytes, 1L << 20, "M"),
            >= 1L << 10 => Ceil(bytes, 1L << 10, "K"),
            _ => "1K",
        };
    }
}
