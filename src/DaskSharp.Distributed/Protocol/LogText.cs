using System.Globalization;
using System.Text;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// Text a peer supplied, made fit for a log line: cut to a bounded length (saying how long it was)
/// and with control characters escaped, so a peer can neither fill the log with one field nor
/// forge log lines with a newline. Every log call that includes peer-supplied text (ids, reasons,
/// operation names, versions, exception messages that quote them) goes through here.
/// </summary>
public static class LogText
{
    /// <summary>The default length for one id or name in a log line.</summary>
    public const int DefaultMax = 200;

    /// <summary>The length for a reason or an exception message (which may quote a few fields, each already cut).</summary>
    public const int ReasonMax = 1000;

    /// <summary>
    /// <paramref name="text"/> with control characters escaped (<c>\n</c>, <c>\u001b</c>) and,
    /// when longer than <paramref name="max"/> characters, cut there with its full length noted:
    /// <c>"abc… (52,428,800 characters)"</c>. Null is <c>"(null)"</c>.
    /// </summary>
    public static string Truncate(string? text, int max = DefaultMax)
    {
        if (text is null)
        {
            return "(null)";
        }

        max = Math.Max(max, 1);
        int keep = Math.Min(text.Length, max);
        if (keep < text.Length && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--; // do not split a surrogate pair
        }

        bool clean = keep == text.Length;
        for (int i = 0; i < keep && clean; i++)
        {
            clean = !char.IsControl(text[i]);
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(keep + 40);
        for (int i = 0; i < keep; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        if (keep < text.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length:N0} characters)");
        }

        return builder.ToString();
    }

    /// <summary>
    /// A value of any type as received, for a message that must say what came: an integer in full
    /// (however large), a string quoted and cut and marked as one (<c>"1" (a string)</c>), a float,
    /// a boolean or bytes marked likewise, null as <c>nothing</c>.
    /// </summary>
    public static string Describe(object? value, int max = DefaultMax) => value switch
    {
        null => "nothing",
        string s => $"\"{Truncate(s, max)}\" (a string)",
        byte[] b => string.Create(CultureInfo.InvariantCulture, $"{b.Length:N0} bytes (binary)"),
        bool b => b ? "true (a boolean)" : "false (a boolean)",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + " (a float)",
        float f => f.ToString("R", CultureInfo.InvariantCulture) + " (a float)",
        IFormattable n => Convert.ToString(n, CultureInfo.InvariantCulture)!,
        _ => "a " + value.GetType().Name,
    };

    /// <summary>Items joined with ", ", each cut to <paramref name="each"/>, at most <paramref name="count"/> of them (the rest counted).</summary>
    public static string Join<T>(IReadOnlyCollection<T> items, int count = 20, int each = DefaultMax)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = new StringBuilder();
        int written = 0;
        foreach (T item in items)
        {
            if (written == count)
            {
                builder.Append(CultureInfo.InvariantCulture, $", … ({items.Count:N0} in all)");
                break;
            }

            builder.Append(written == 0 ? string.Empty : ", ").Append(Truncate(item?.ToString(), each));
            written++;
        }

        return builder.ToString();
    }
}
