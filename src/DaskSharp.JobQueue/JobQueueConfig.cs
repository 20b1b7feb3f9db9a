using System.Globalization;

namespace DaskSharp.JobQueue;

/// <summary>
/// dask-jobqueue's configuration section for one batch system, <c>jobqueue.&lt;system&gt;.*</c>, read
/// through <see cref="DaskConfig"/>: so <c>DASK_JOBQUEUE__SLURM__CORES=8</c> or
/// <c>DaskConfig.Set("jobqueue.slurm.queue", "multiple")</c> set what a constructor argument left out.
/// Lists (directives, prologue, extra arguments) come as string sequences or, from the environment,
/// as Python/JSON list literals such as <c>["--exclusive", "--gres=gpu:1"]</c>.
/// </summary>
internal sealed class JobQueueConfig(string system)
{
    /// <summary>The section's name, e.g. "slurm".</summary>
    public string System { get; } = system;

    public string? String(string key) => Raw(key) switch
    {
        null => null,
        string s => s,
        IConvertible c => c.ToString(CultureInfo.InvariantCulture),
        var other => throw Bad(key, other, "a string"),
    };

    public int? Int(string key) => Raw(key) switch
    {
        null => null,
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) => i,
        var other => throw Bad(key, other, "a whole number"),
    };

    public bool? Bool(string key) => Raw(key) switch
    {
        null => null,
        bool b => b,
        string s when bool.TryParse(s, out bool b) => b,
        var other => throw Bad(key, other, "true or false"),
    };

    /// <summary>A duration: seconds as a number, or Dask's text ("60", "30s", "5m").</summary>
    public TimeSpan? Duration(string key) => Raw(key) switch
    {
        null => null,
        int i => TimeSpan.FromSeconds(i),
        long l => TimeSpan.FromSeconds(l),
        double d => TimeSpan.FromSeconds(d),
        string s when DaskSharp.Duration.TryParse(s, out TimeSpan t) => t,
        var other => throw Bad(key, other, "a duration such as 60 or \"30s\""),
    };

    public IReadOnlyList<string>? List(string key) => Raw(key) switch
    {
        null => null,
        string s => ParseList(key, s),
        IEnumerable<string> items => [.. items],
        var other => throw Bad(key, other, "a list of strings"),
    };

    /// <summary>A list literal: <c>[]</c>, <c>["a", 'b c']</c>; a bare word is a one-item list.</summary>
    internal IReadOnlyList<string> ParseList(string key, string text)
    {
        string t = text.Trim();
        if (!t.StartsWith('['))
        {
            return t.Length == 0 ? [] : [t];
        }

        if (!t.EndsWith(']'))
        {
            throw Bad(key, text, "a list such as [\"--exclusive\"]");
        }

        var items = new List<string>();
        int i = 1;
        while (true)
        {
            while (i < t.Length - 1 && (char.IsWhiteSpace(t[i]) || t[i] == ','))
            {
                i++;
            }

            if (i >= t.Length - 1)
            {
                return items;
            }

            char quote = t[i];
            int end = quote is '"' or '\'' ? t.IndexOf(quote, i + 1) : -1;
            if (end < 0)
            {
                throw Bad(key, text, "a list of quoted strings such as [\"--exclusive\"]");
            }

            items.Add(t[(i + 1)..end]);
            i = end + 1;
        }
    }

    private object? Raw(string key) =>
        DaskConfig.TryGet($"jobqueue.{System}.{key}", out object? value) ? value : null;

    private ArgumentException Bad(string key, object value, string expected) =>
        new($"The configuration value of 'jobqueue.{System}.{key}' is '{value}', which is not {expected}.");
}
