using System.Globalization;

namespace DaskSharp;

/// <summary>Durations as Dask writes them on its command lines (<c>parse_timedelta</c>): <c>"3"</c> (seconds), <c>"2.5s"</c>, <c>"500ms"</c>, <c>"1 minute"</c>, <c>"2h"</c>.</summary>
public static class Duration
{
    private static readonly Dictionary<string, double> s_seconds = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1, ["s"] = 1, ["second"] = 1, ["seconds"] = 1,
        ["ms"] = 1e-3, ["millisecond"] = 1e-3, ["milliseconds"] = 1e-3,
        ["us"] = 1e-6, ["microsecond"] = 1e-6, ["microseconds"] = 1e-6,
        ["m"] = 60, ["min"] = 60, ["minute"] = 60, ["minutes"] = 60,
        ["h"] = 3600, ["hour"] = 3600, ["hours"] = 3600,
        ["d"] = 86400, ["day"] = 86400, ["days"] = 86400,
        ["w"] = 604800, ["week"] = 604800, ["weeks"] = 604800,
    };

    /// <summary>The duration <paramref name="text"/> stands for; false when it is not a number with an optional unit.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        string s = text.Replace(" ", "", StringComparison.Ordinal);
        int split = s.Length;
        while (split > 0 && char.IsAsciiLetter(s[split - 1]))
        {
            split--;
        }

        if (!double.TryParse(s[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out double n)
            || !s_seconds.TryGetValue(s[split..], out double unit)
            || !double.IsFinite(n * unit)
            || Math.Abs(n * unit) > TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(n * unit);
        return true;
    }
}
