namespace DaskSharp.Fuzz;

/// <summary>Runs a target once on each given file (or each file under a given folder) and says what happened.</summary>
internal static class Replay
{
    public static int Run(string target, string[] paths)
    {
        int escaped = 0;
        foreach (string path in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]))
        {
            try
            {
                Console.WriteLine($"{FuzzTargets.Run(target, File.ReadAllBytes(path))}: {path}");
            }
            catch (Exception e)
            {
                escaped++;
                Console.WriteLine($"ESCAPED {e.GetType().FullName}: {path}{Environment.NewLine}{e}");
            }
        }

        return escaped == 0 ? 0 : 1;
    }
}
