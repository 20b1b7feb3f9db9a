using System.Globalization;

namespace DaskSharp.DataFrames;

/// <summary>
/// pandas' offset aliases for fixed frequencies (<c>to_offset</c> of a <c>Tick</c>): "30s", "15min",
/// "15T", "1h", "1H", "1D", "500ms", "2h30min", as a count of nanoseconds. Calendar frequencies
/// ("M", "W", "Q", "A", business days) have no fixed length and are refused, naming the rule.
/// </summary>
internal static class FixedFrequency
{
    private static readonly Dictionary<string, long> s_nanos = new(StringComparer.Ordinal)
    {
        ["N"] = 1, ["ns"] = 1,
        ["U"] = 1_000, ["us"] = 1_000,
        ["L"] = 1_000_000, ["ms"] = 1_000_000,
        ["S"] = 1_000_000_000, ["s"] = 1_000_000_000,
        ["T"] = 60_000_000_000, ["min"] = 60_000_000_000,
        ["H"] = 3_600_000_000_000, ["h"] = 3_600_000_000_000,
        ["D"] = 86_400_000_000_000, ["d"] = 86_400_000_000_000,
    };

    /// <summary>The length of <paramref name="rule"/> in nanoseconds (positive).</summary>
    /// <exception cref="ArgumentException">when the rule is not a positive fixed frequency pandas knows.</exception>
    public static long Nanoseconds(string rule, string what)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string text = rule.Trim();
        long total = 0;
        int at = 0;
        while (at < text.Length)
        {
            int digits = at;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }

            int letters = digits;
            while (letters < text.Length && char.IsAsciiLetter(text[letters]))
            {
                letters++;
            }

            string unit = text[digits..letters];
            if (letters == digits || !s_nanos.TryGetValue(unit, out long nanos))
            {
                throw Unknown(rule, what);
            }

            long n = digits == at ? 1 : long.Parse(text.AsSpan(at, digits - at), NumberStyles.None, CultureInfo.InvariantCulture);
            total = checked(total + checked(n * nanos));
            at = letters;
        }

        return total > 0 ? total : throw new ArgumentException($"The {what} '{rule}' must be a positive frequency.", what);
    }

    private static ArgumentException Unknown(string rule, string what) =>
        new($"'{rule}' is not a fixed frequency (pandas' offset aliases such as \"30s\", \"15min\", \"1h\", \"1D\"); calendar frequencies (\"M\", \"W\", \"Q\", \"A\", business days) have no fixed length and are not supported for the {what}.", what);
}
