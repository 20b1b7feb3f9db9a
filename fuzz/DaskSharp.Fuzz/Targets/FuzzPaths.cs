namespace DaskSharp.Fuzz;

/// <summary>Where the checked-in inputs live: fuzz/corpus/&lt;target&gt; and fuzz/crashes/&lt;target&gt; at the repository root.</summary>
public static class FuzzPaths
{
    /// <summary>The repository root: the first folder up from the running assembly (or the current folder) that holds DaskSharp.slnx.</summary>
    public static string Root { get; } = Find(AppContext.BaseDirectory) ?? Find(Directory.GetCurrentDirectory())
        ?? throw new DirectoryNotFoundException($"No DaskSharp.slnx above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}.");

    /// <summary>The seeds and interesting inputs of <paramref name="target"/>.</summary>
    public static string Corpus(string target) => Path.Combine(Root, "fuzz", "corpus", target);

    /// <summary>The inputs that once crashed <paramref name="target"/> (each is replayed by the test suite).</summary>
    public static string Crashes(string target) => Path.Combine(Root, "fuzz", "crashes", target);

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DaskSharp.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
