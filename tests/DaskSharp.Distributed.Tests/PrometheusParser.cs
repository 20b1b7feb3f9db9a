using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4), as a scraper applies it:
/// HELP/TYPE comments, metric and label names, escaped label values, float values; each sample's
/// family must be typed before it, and no series may repeat.
/// </summary>
internal static partial class PrometheusParser
{
    /// <summary>Samples by series, e.g. <c>dask_scheduler_tasks{state="memory"}</c> (labels in the order written).</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        int number = 0;
        foreach (string line in text.Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                Match comment = Comment().Match(line);
                if (!comment.Success)
                {
                    throw new FormatException($"line {number}: malformed comment '{line}'");
                }

                if (comment.Groups["kind"].Value == "TYPE")
                {
                    string type = comment.Groups["rest"].Value;
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped") || !types.TryAdd(comment.Groups["name"].Value, type))
                    {
                        throw new FormatException($"line {number}: bad or repeated TYPE '{line}'");
                    }
                }

                continue;
            }

            Match sample = Sample().Match(line);
            if (!sample.Success)
            {
                throw new FormatException($"line {number}: malformed sample '{line}'");
            }

            string name = sample.Groups["name"].Value;
            if (!types.ContainsKey(name))
            {
                throw new FormatException($"line {number}: sample of {name} before its TYPE");
            }

            string series = name + ReadLabels(sample.Groups["labels"].Value, number);
            double value = sample.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            if (!samples.TryAdd(series, value))
            {
                throw new FormatException($"line {number}: series {series} repeats");
            }
        }

        return samples;
    }

    private static string ReadLabels(string labels, int line)
    {
        if (labels.Length == 0)
        {
            return string.Empty;
        }

        var result = new StringBuilder("{");
        int i = 1; // after '{'
        while (labels[i] != '}')
        {
            Match name = LabelName().Match(labels, i);
            if (!name.Success || name.Index != i || labels[i + name.Length] != '=' || labels[i + name.Length + 1] != '"')
            {
                throw new FormatException($"line {line}: bad label at '{labels[i..]}'");
            }

            i += name.Length + 2;
            var value = new StringBuilder();
            while (labels[i] != '"')
            {
                if (labels[i] == '\\')
                {
                    i++;
                    value.Append(labels[i] switch
                    {
                        'n' => '\n',
                        '\\' => '\\',
                        '"' => '"',
                        _ => throw new FormatException($"line {line}: bad escape \\{labels[i]}"),
                    });
                }
                else
                {
                    value.Append(labels[i]);
                }

                i++;
            }

            result.Append(result.Length > 1 ? "," : string.Empty).Append(name.Value).Append("=\"").Append(value).Append('"');
            i++;
            if (labels[i] == ',')
            {
                i++;
            }
        }

        return result.Append('}').ToString();
    }

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<rest>.*)$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{(?:[^""}]|""(?:[^""\\]|\\.)*"")*\})? (?<value>\S+)$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
