using System.Globalization;

namespace DaskSharp.Distributed.Working;

/// <summary>
/// The memory this machine gives a process, as distributed's <c>system.MEMORY_LIMIT</c>: the
/// machine's total, or less where a cgroup caps it. Read from /proc and /sys rather than from the
/// GC, because a worker started by a nanny runs under <c>DOTNET_GCHeapHardLimit</c>, and the GC
/// then reports that limit as the memory available.
/// </summary>
public static class SystemMemory
{
    private static readonly Lazy<long> s_total = new(Read);

    /// <summary>Bytes of memory this process may use at most, by the machine's and its cgroup's account.</summary>
    public static long Total => s_total.Value;

    private static long Read()
    {
        long total = MemTotal("/proc/meminfo") ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        foreach (string cap in (string[])["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"])
        {
            if (Number(cap) is long limit && limit > 0 && limit < total)
            {
                total = limit;
            }
        }

        return total;
    }

    /// <summary>The <c>MemTotal:  N kB</c> line of a meminfo file, in bytes, or null where there is none.</summary>
    internal static long? MemTotal(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kib) ? kib * 1024 : null;
            }
        }

        return null;
    }

    // A cgroup limit file holds a byte count, or "max" (v2) / a huge number (v1) for none.
    private static long? Number(string path)
    {
        try
        {
            return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
