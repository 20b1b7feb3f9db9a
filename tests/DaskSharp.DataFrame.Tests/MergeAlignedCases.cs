using System.Globalization;
using DaskSharp.DataFrames;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Index merges of timeseries (sorted, unique timestamps), and their answers built by hand from the two sides' rows.</summary>
internal static class MergeAlignedCases
{
    /// <summary>Two days, a partition every 12 hours: divisions that differ from <see cref="FrameCases.Hourly"/>'s.</summary>
    public static DaskDataFrame HalfDays() => Dd.Datasets.Timeseries("2000-01-01", "2000-01-03", freq: "1h", partitionFreq: "12h", seed: 3);

    /// <summary>The first day to 23:00 (its last division), a partition every 12 hours: divisions the hourly frame does not have.</summary>
    public static DaskDataFrame FirstDay() => Dd.Datasets.Timeseries("2000-01-01", "2000-01-01 23:00", freq: "1h", partitionFreq: "12h", seed: 5);

    public static readonly Dictionary<string, Func<DaskDataFrame>> Merges = new()
    {
        ["aligned-same-divisions-inner"] = () => FrameCases.Hourly().Merge(Dd.Datasets.Timeseries("2000-01-01", "2000-01-03", freq: "1h", partitionFreq: "6h", seed: 9), leftIndex: true, rightIndex: true),
        ["aligned-repartitioned-inner"] = () => FrameCases.Hourly().Merge(HalfDays(), leftIndex: true, rightIndex: true),
        ["aligned-repartitioned-left"] = () => FrameCases.Hourly().Merge(FirstDay(), how: "left", leftIndex: true, rightIndex: true),
        ["aligned-repartitioned-outer-projected"] = () => FirstDay().Merge(FrameCases.Hourly(), how: "outer", leftIndex: true, rightIndex: true)["x_x", "y_y"],
        ["broadcast-outer-dictionary-key"] = () => FrameCases.Hourly().Merge(Names(), how: "outer", on: ["name"]),
    };

    /// <summary>Two names the timeseries has and one it has not, with a number each, in one partition.</summary>
    public static DaskDataFrame Names() => Dd.FromArrow(MergeCases.Build(null, ("name", new string?[] { "Alice", "Nobody", "Bob" }), ("n", new long?[] { 1, 3, 2 })), 1);

    /// <summary>The answer to <paramref name="name"/> from the two sides computed on their own and paired by timestamp (each side has one row a timestamp).</summary>
    public static string Expected(string name)
    {
        if (name == "broadcast-outer-dictionary-key")
        {
            // Every timeseries row in order (the index dropped), n where the name matched, then the name nothing matched.
            string[] lines = FrameCases.Canonical(FrameCases.Hourly().Compute("sync")).TrimEnd('\n').Split('\n');
            var text = new System.Text.StringBuilder("id,name,x,y,n\n");
            var seen = new HashSet<string>();
            foreach (string line in lines.Skip(1))
            {
                string row = line[(line.IndexOf(',') + 1)..];
                string who = row.Split(',')[1];
                seen.Add(who);
                text.Append(row).Append(',').Append(who switch { "Alice" => "1", "Bob" => "2", _ => "null" }).Append('\n');
            }

            foreach ((string who, string n) in new[] { ("Alice", "1"), ("Nobody", "3"), ("Bob", "2") }.Where(p => !seen.Contains(p.Item1)))
            {
                text.Append(CultureInfo.InvariantCulture, $"null,{who},null,null,{n}\n");
            }

            return text.ToString();
        }

        (DaskDataFrame l, DaskDataFrame r, bool keepRightOnly, string[]? columns) = name switch
        {
            "aligned-same-divisions-inner" => (FrameCases.Hourly(), Dd.Datasets.Timeseries("2000-01-01", "2000-01-03", freq: "1h", partitionFreq: "6h", seed: 9), false, null),
            "aligned-repartitioned-inner" => (FrameCases.Hourly(), HalfDays(), false, null),
            "aligned-repartitioned-left" => (FrameCases.Hourly(), FirstDay(), false, null),
            _ => (FirstDay(), FrameCases.Hourly(), true, new[] { "x_x", "y_y" }),
        };
        string[] left = FrameCases.Canonical(l.Compute("sync")).TrimEnd('\n').Split('\n');
        string[] right = FrameCases.Canonical(r.Compute("sync")).TrimEnd('\n').Split('\n');
        var rightByTime = right.Skip(1).ToDictionary(line => line.Split(',')[0], line => line[(line.IndexOf(',') + 1)..]);
        var leftByTime = left.Skip(1).ToDictionary(line => line.Split(',')[0], line => line[(line.IndexOf(',') + 1)..]);
        string[] header = ["timestamp", .. left[0].Split(',').Skip(1).Select(c => c + "_x"), .. right[0].Split(',').Skip(1).Select(c => c + "_y")];
        const string none = "null,null,null,null";
        var rows = new List<string>();
        foreach (string time in leftByTime.Keys.Concat(keepRightOnly ? rightByTime.Keys : []).Distinct().Order(StringComparer.Ordinal))
        {
            bool inLeft = leftByTime.TryGetValue(time, out string? lv), inRight = rightByTime.TryGetValue(time, out string? rv);
            if (inRight || name.EndsWith("-left", StringComparison.Ordinal) || keepRightOnly)
            {
                rows.Add($"{time},{(inLeft ? lv : none)},{(inRight ? rv : none)}");
            }
        }

        if (columns is not null)
        {
            int[] at = [0, .. columns.Select(c => Array.IndexOf(header, c))];
            header = [.. at.Select(i => header[i])];
            rows = [.. rows.Select(row => string.Join(",", at.Select(i => row.Split(',')[i])))];
        }

        return string.Join(",", header) + "\n" + string.Concat(rows.Select(row => row + "\n"));
    }
}
