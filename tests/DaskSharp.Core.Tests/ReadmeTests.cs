namespace DaskSharp.Core.Tests;

/// <summary>The README's example is this file's marked region, so the documentation cannot rot.</summary>
public class ReadmeTests
{
    [Fact]
    public void ReadmeExample_IsTheCodeBelow()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int start = readme.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        string block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        string source = File.ReadAllText(Path.Combine(root, "tests", "DaskSharp.Core.Tests", "ReadmeTests.cs"));
        string begin = "// README begin\n";
        int from = source.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        string region = source[from..source.IndexOf("        // README end", from, StringComparison.Ordinal)];
        string dedented = string.Concat(region.Split('\n').Select(l => (l.Length >= 8 ? l[8..] : l.TrimStart()) + "\n"))[..^1];

        Assert.Equal("using DaskSharp;\n\n" + dedented, block);
    }

    [Fact]
    public void ReadmeExample_Runs()
    {
        // README begin
        Func<int, int> inc = x => x + 1;
        var a = Dask.Delayed(inc)(1);                          // lazy: builds a task, runs nothing
        var b = Dask.Delayed((int p, int q) => p + q)(a, 2);   // arguments may be delayed values
        int r = b.Compute();                                   // 4, on all cores (the threads scheduler)

        var parts = Enumerable.Range(0, 1000).Select(i => Dask.Delayed(inc)(i)).ToArray();
        int[] all = Dask.Compute(parts);                       // one graph, shared work done once
        var total = Dask.Delayed((int[] xs) => xs.Sum())(parts);
        using (new DaskSharp.Diagnostics.ProgressBar()) total.Compute();
        var files = total.Visualize(Path.Combine(Path.GetTempPath(), "graph.svg"));
        // README end

        Assert.Equal(4, r);
        Assert.Equal(Enumerable.Range(1, 1000), all);
        Assert.EndsWith("graph.dot", files[0]);
    }

    internal static string RepositoryRoot()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DaskSharp.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, $"no DaskSharp.slnx above {AppContext.BaseDirectory}");
        return dir!.FullName;
    }
}
