using System.Globalization;

namespace DaskSharp;

/// <summary>
/// Byte sizes as Dask writes them: <see cref="Parse"/> reads <c>"16 MiB"</c>, <c>"2GB"</c>,
/// <c>"5.4 kB"</c>, <c>"1e6"</c> (Dask's <c>parse_bytes</c>); <see cref="Format"/> writes
/// <c>"1.86 GiB"</c> (Dask's <c>format_bytes</c>).
/// </summary>
public static class ByteSize
{
    private static readonly Dictionary<string, long> s_units = BuildUnits();

    /// <summary>The number of bytes <paramref name="text"/> stands for.</summary>
    /// <exception cref="FormatException">naming the part that is not a number or a byte unit.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Replace(" ", "", StringComparison.Ordinal);
        if (!s.Any(char.IsAsciiDigit))
        {
            s = "1" + s;
        }

        int split = s.Length;
        while (split > 0 && char.IsAsciiLetter(s[split - 1]))
        {
            split--;
        }

        string number = s[..split];
        string unit = s[split..].ToLowerInvariant();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double n))
        {
            throw new FormatException($"Could not interpret '{number}' as a number (in the byte size '{text}').");
        }

        if (!s_units.TryGetValue(unit, out long multiplier))
        {
            throw new FormatException($"Could not interpret '{s[split..]}' as a byte unit (in the byte size '{text}').");
        }

        return checked((long)(n * multiplier));
    }

    /// <summary>Dask's <c>format_bytes</c>: binary prefixes, two decimals, <c>"123 B"</c> below 0.9 KiB.</summary>
    public static string Format(long bytes)
    {
        (string Prefix, long Size)[] prefixes = [("Pi", 1L << 50), ("Ti", 1L << 40), ("Gi", 1L << 30), ("Mi", 1L << 20), ("ki", 1L << 10)];
        foreach (var (prefix, size) in prefixes)
        {
            if (bytes >= size * 0.9)
            {
                return ((double)bytes / size).ToString("0.00", CultureInfo.InvariantCulture) + " " + prefix + "B";
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + " B";
    }

    private static Dictionary<string, long> BuildUnits()
    {
        var units = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["kb"] = 1000L,
            ["mb"] = 1000L * 1000,
            ["gb"] = 1000L * 1000 * 1000,
            ["tb"] = 1000L * 1000 * 1000 * 1000,
            ["pb"] = 1000L * 1000 * 1000 * 1000 * 1000,
            ["kib"] = 1L << 10,
            ["mib"] = 1L << 20,
            ["gib"] = 1L << 30,
            ["tib"] = 1L << 40,
            ["pib"] = 1L << 50,
            ["b"] = 1,
            [""] = 1,
        };

        // As Dask: "k", "m", … are the decimal units; "ki", "mi", … the binary ones.
        foreach (var (unit, size) in units.ToList())
        {
            if (unit.Length > 1 && !unit.Contains('i', StringComparison.Ordinal))
            {
                units[unit[..1]] = size;
            }
            else if (unit.Contains('i', StringComparison.Ordinal))
            {
                units[unit[..^1]] = size;
            }
        }

        return units;
    }
}
