using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using DaskSharp.CodeShippingContracts;
using DaskSharp.Distributed.Protocol;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// A class like a test class with a fixture: it implements an interface from an assembly
/// (CodeShippingContracts) that `dask worker` has neither in its deps.json nor loaded, so a
/// worker can load the types of the lambdas declared here only if the client ships that assembly.
/// </summary>
internal sealed class Square(int side) : IShape
{
    public int Area => side * side;

    /// <summary>A lambda without captures: its closure class is nested in <see cref="Square"/>.</summary>
    public static Func<int, int> AreaOfSide { get; } = s => new Square(s).Area;

    /// <summary>A lambda with a capture: a display class nested in <see cref="Square"/>.</summary>
    public static Func<int, int> AreaPlus(int extra) => s => new Square(s).Area + extra;
}

/// <summary>What the client ships so that worker processes can load the types a function needs.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CodeShippingTests(ProcessClusterFixture cluster) : IClassFixture<ProcessClusterFixture>
{
    [Fact]
    public void ALambdaDeclaredInAClassImplementingAnInterfaceFromAnUnshippedLibraryRunsOnWorkerProcesses()
    {
        Client client = cluster.Client;
        Assert.Equal(49, client.Submit(Square.AreaOfSide, 7).Result(TimeSpan.FromSeconds(60)));
        Assert.Equal([1, 5, 10, 17], client.Gather(client.Map(Square.AreaPlus(1), [0, 2, 3, 4])));

        // The interface's assembly came over the wire too: a worker holds it in its code context.
        IReadOnlyDictionary<string, string> contexts = client.Run(() => AssemblyLoadContext.GetLoadContext(typeof(IShape).Assembly)!.Name ?? "?");
        Assert.Equal(2, contexts.Count);
        Assert.All(contexts.Values, name => Assert.StartsWith("worker-code-", name, StringComparison.Ordinal));
    }

    [Fact]
    public void ALambdaDeclaredInATestClassWithAnXunitClassFixtureRunsOnWorkerProcesses()
    {
        // This class implements xunit's IClassFixture<T>: its lambdas load on a worker only with xunit.core there.
        int offset = 100;
        Assert.Equal([100, 101, 102], cluster.Client.Gather(cluster.Client.Map((int x) => x + offset, [0, 1, 2])));
    }

    [Fact]
    public void TheFilesShippedAreWhatLoadingTheFunctionsTypesNeeds_LessWhatEveryWorkerHas()
    {
        string tests = typeof(CodeShippingTests).Assembly.Location;
        Assert.Equal(new[] { tests, typeof(IShape).Assembly.Location }.Order(), Client.FilesToShip(Square.AreaOfSide).Order());

        // A lambda of this class: xunit.core for IClassFixture<T>; not DaskSharp, which the fixture's fields hold.
        int offset = 1;
        Assert.Equal(new[] { tests, typeof(FactAttribute).Assembly.Location }.Order(), Client.FilesToShip((int x) => x + offset).Order());
    }

    [Fact]
    public void AnInterfaceFromAnAssemblyTheClientLoadedFromBytesIsNamedWithWhatNeededItInTheWorkersError()
    {
        // A plugin whose contracts assembly the client loaded from bytes: there is no file to send.
        var plugins = new AssemblyLoadContext("plugins", isCollectible: true);
        DirectoryInfo dir = Directory.CreateTempSubdirectory("dasksharp-plugin-");
        try
        {
            Assembly contracts = plugins.LoadFromStream(new MemoryStream(EmittedPlugin.Contracts()));
            string pluginPath = Path.Combine(dir.FullName, "CodeShipping.Plugin.dll");
            File.WriteAllBytes(pluginPath, EmittedPlugin.Plugin(contracts));
            Type doubler = plugins.LoadFromAssemblyPath(pluginPath).GetType("CodeShipping.Plugin.Doubler", throwOnError: true)!;
            var twice = doubler.GetMethod("Twice")!.CreateDelegate<Func<int, int>>();
            Assert.Equal(42, twice(21)); // it runs here

            var e = Assert.Throws<TaskFailedException>(() => cluster.Client.Submit(twice, 21).Result(TimeSpan.FromSeconds(60)));
            var remote = Assert.IsType<RemoteException>(e.InnerException);
            Assert.Equal("System.InvalidOperationException", remote.TypeName);
            Assert.Matches(
                "^" + Regex.Escape("Type CodeShipping.Plugin.Doubler, CodeShipping.Plugin, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null cannot be resolved in load context '")
                + "worker-code-[0-9a-f]{32}"
                + Regex.Escape("': it needs assembly CodeShipping.Contracts, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null, which this process neither was sent nor has on its probe path"
                    + " (CodeShipping.Plugin.Doubler's interface CodeShipping.Contracts.IPlugin comes from it)."
                    + " A client sends the files of the assemblies its functions' types need; one it loaded from bytes has no file and must be deployed with the workers.")
                + "$",
                remote.Message);
        }
        finally
        {
            plugins.Unload();
            dir.Delete(recursive: true);
        }
    }
}
