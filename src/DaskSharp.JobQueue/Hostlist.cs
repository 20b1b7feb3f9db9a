using System.Globalization;

namespace DaskSharp.JobQueue;

/// <summary>SLURM's compressed host lists (<c>node[1-3,7],gpu01</c>) as names, in SLURM's order.</summary>
public static class Hostlist
{
    /// <summary>The host names <paramref name="list"/> stands for; empty for "" or "(null)".</summary>
    /// <example><code>Hostlist.Expand("node[1-2],login");   // ["node1", "node2", "login"]</code></example>
    public static IReadOnlyList<string> Expand(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var hosts = new List<string>();
        if (list.Length == 0 || list == "(null)")
        {
            return hosts;
        }

        int i = 0;
        while (i < list.Length)
        {
            int open = list.IndexOf('[', i);
            int comma = list.IndexOf(',', i);
            if (open < 0 || (comma >= 0 && comma < open))
            {
                int end = comma < 0 ? list.Length : comma;
                hosts.Add(list[i..end]);
                i = end + 1;
                continue;
            }

            int close = list.IndexOf(']', open);
            if (close < 0)
            {
                throw new FormatException($"'{list}' is not a SLURM host list: '[' at {open} is not closed.");
            }

            string prefix = list[i..open];
            foreach (string range in list[(open + 1)..close].Split(','))
            {
                string[] ends = range.Split('-');
                int from = int.Parse(ends[0], CultureInfo.InvariantCulture);
                int to = ends.Length > 1 ? int.Parse(ends[1], CultureInfo.InvariantCulture) : from;
                for (int n = from; n <= to; n++)
                {
                    hosts.Add(prefix + n.ToString(CultureInfo.InvariantCulture).PadLeft(ends[0].Length, '0'));
                }
            }

            i = close + 1;
            if (i < list.Length && list[i] == ',')
            {
                i++;
            }
        }

        return hosts;
    }
}
