using DaskSharp.Graphs;

namespace DaskSharp.Core.Tests;

public class DelayedTests
{
    private static int Inc(int x) => x + 1;

    private static int Add(int x, int y) => x + y;

    [Fact]
    public void Delayed_StaticMethodAndLambda_ComposeAndCompute()
    {
        var a = Dask.Delayed<int, int>(Inc)(1);
        int r = Dask.Delayed((int p, int q) => p + q)(a, 2).Compute();
        Assert.Equal(4, r);
    }

    [Fact]
    public void Delayed_IsLazyUntilCompute()
    {
        int calls = 0;
        var f = Dask.Delayed((int x) => { calls++; return x; });
        Delayed<int> d = f(1);
        Assert.Equal(0, calls);
        Assert.Equal(1, d.Compute());
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Delayed_ClosureWithCaptures()
    {
        int offset = 10;
        string suffix = "!";
        var f = Dask.Delayed((int x) => (x + offset).ToString(System.Globalization.CultureInfo.InvariantCulture) + suffix);
        Assert.Equal("15!", f(5).Compute());
    }

    [Fact]
    public void Delayed_EightArguments()
    {
        var f = Dask.Delayed((int a, int b, int c, int d, int e, int g, int h, int i) => a + b + c + d + e + g + h + i);
        var one = Dask.DelayedValue(1);
        Assert.Equal(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8, f(one, 2, 3, 4, 5, 6, 7, 8).Compute());
    }

    [Fact]
    public void Delayed_ZeroArguments()
    {
        Assert.Equal(42, Dask.Delayed(() => 42)().Compute());
    }

    [Fact]
    public void Delayed_ListOfDelayedValues_BecomesAnArray()
    {
        var inc = Dask.Delayed<int, int>(Inc);
        Delayed<int>[] parts = [.. Enumerable.Range(0, 5).Select(i => inc(i))];
        var total = Dask.Delayed((int[] xs) => xs.Sum())(parts);
        Assert.Equal(15, total.Compute());
    }

    [Fact]
    public void Delayed_ListOfWrongType_IsRejectedWhenBuilt()
    {
        Delayed<string>[] parts = [Dask.DelayedValue("a")];
        var e = Assert.Throws<ArgumentException>(() => Dask.Delayed((int[] xs) => xs.Sum())(parts));
        Assert.StartsWith("Item 0 of the list (string-", e.Message);
    }

    [Fact]
    public void Keys_AreDeterministicAndNamedAfterTheFunction()
    {
        var inc = Dask.Delayed<int, int>(Inc);
        Assert.Equal(inc(1).Key, inc(1).Key);
        Assert.NotEqual(inc(1).Key, inc(2).Key);
        Assert.StartsWith("Inc-", inc(1).Key.Name);
        Assert.Equal("Inc", inc(1).Key.Prefix);
        Assert.StartsWith("lambda-", Dask.Delayed((int x) => x)(1).Key.Name);
        Assert.StartsWith("load-", Dask.Delayed((int x) => x, name: "load")(1).Key.Name);
        Assert.Matches("^Delayed\\('Inc-[0-9a-f]{32}'\\)$", inc(1).ToString());
    }

    [Fact]
    public void Keys_ImpureFunctions_GetFreshKeys()
    {
        var rand = Dask.Delayed((int seed) => seed, pure: false);
        Assert.NotEqual(rand(1).Key, rand(1).Key);
    }

    [Fact]
    public void Compute_Several_RunsSharedWorkOnce()
    {
        int calls = 0;
        var expensive = Dask.Delayed((int x) => { Interlocked.Increment(ref calls); return x * 100; }, name: "expensive");
        var shared = expensive(1);
        var a = Dask.Delayed<int, int, int>(Add)(shared, 1);
        var b = Dask.Delayed<int, int, int>(Add)(shared, 2);

        var (ra, rb) = Dask.Compute(a, b);

        Assert.Equal((101, 102), (ra, rb));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Compute_SameDelayedTwice_ReturnsBoth()
    {
        var x = Dask.Delayed<int, int>(Inc)(1);
        Assert.Equal([2, 2, 3], Dask.Compute([x, x, Dask.Delayed<int, int>(Inc)(x)]));
    }

    [Fact]
    public void Persist_ComputesOnceAndHoldsTheValue()
    {
        int calls = 0;
        var f = Dask.Delayed((int x) => { calls++; return x + 1; });
        Delayed<int> lazy = f(1);
        Delayed<int> persisted = lazy.Persist();
        Assert.Equal(1, calls);
        Assert.Equal(lazy.Key, persisted.Key);
        Assert.Equal(6, Dask.Delayed((int x) => x * 3)(persisted).Compute());
        Assert.Equal(1, calls);
        Assert.IsType<DataNode>(persisted.Graph.Materialize()[persisted.Key]);
    }

    [Fact]
    public void DelayedValue_IsKeyedByContent()
    {
        Assert.Equal(Dask.DelayedValue(new[] { 1, 2 }).Key, Dask.DelayedValue(new[] { 1, 2 }).Key);
        Assert.NotEqual(Dask.DelayedValue(new[] { 1, 2 }).Key, Dask.DelayedValue(new[] { 2, 1 }).Key);
        Assert.StartsWith("int32s-", Dask.DelayedValue(new[] { 1, 2 }).Key.Name);
    }

    [Fact]
    public void ToDot_DrawsTasksAndResults()
    {
        var inc = Dask.Delayed<int, int>(Inc);
        var add = Dask.Delayed<int, int, int>(Add);
        Delayed<int> z = add(inc(1), inc(2));
        string dot = z.ToDot();

        Assert.StartsWith("digraph {\n  graph [rankdir=BT];\n", dot);
        Assert.Equal(3, CountOf(dot, "shape=circle"));
        Assert.Equal(3, CountOf(dot, "shape=box"));
        Assert.Equal(2, CountOf(dot, "label=\"Inc\", shape=circle"));
        Assert.Equal(1, CountOf(dot, "label=\"Add\", shape=circle"));
        Assert.Equal(3 + 2, CountOf(dot, "->")); // each task to its result, plus two inputs of Add
    }

    [Fact]
    public void Visualize_WritesDotAndSvgWhenGraphvizIsInstalled()
    {
        string dir = Directory.CreateTempSubdirectory("dasksharp-viz").FullName;
        try
        {
            Delayed<int> z = Dask.Delayed<int, int, int>(Add)(Dask.Delayed<int, int>(Inc)(1), 2);
            IReadOnlyList<string> files = z.Visualize(Path.Combine(dir, "graph.svg"));

            Assert.Equal(Path.Combine(dir, "graph.dot"), files[0]);
            Assert.Equal(z.ToDot(), File.ReadAllText(files[0]));
            if (File.Exists("/usr/bin/dot"))
            {
                Assert.Equal(2, files.Count);
                Assert.Contains("<svg", File.ReadAllText(files[1]));
            }

            Assert.Throws<ArgumentException>(() => z.Visualize(Path.Combine(dir, "graph.bmp")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
