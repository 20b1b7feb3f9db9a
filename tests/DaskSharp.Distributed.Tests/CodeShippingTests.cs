using System.Runtime.Loader;
using DaskSharp.CodeShippingContracts;

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
}
