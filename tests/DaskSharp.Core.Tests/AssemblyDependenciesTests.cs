using System.Runtime.Loader;
using DaskSharp.Serialization;

namespace DaskSharp.Core.Tests;

public class AssemblyDependenciesTests
{
    private static readonly string s_framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    [Fact]
    public void Of_TheTestAssembly_ListsXunitAndWhatXunitReferences_NotItselfNorTheFramework()
    {
        IReadOnlyList<string> dependencies = AssemblyDependencies.Of(typeof(AssemblyDependenciesTests).Assembly);

        Assert.Contains(typeof(FactAttribute).Assembly.Location, dependencies); // xunit.core: referenced directly
        Assert.Contains(typeof(Xunit.Abstractions.ITest).Assembly.Location, dependencies); // xunit.abstractions: through xunit.core
        Assert.Contains(typeof(FunctionReference).Assembly.Location, dependencies);
        Assert.DoesNotContain(typeof(AssemblyDependenciesTests).Assembly.Location, dependencies);
        Assert.All(dependencies, path => Assert.False(path.StartsWith(s_framework, StringComparison.Ordinal), path));
        Assert.Equal(dependencies.Count, dependencies.Distinct().Count());
    }

    [Fact]
    public void Of_AFileNotLoaded_FindsItsReferenceBesideIt()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("dasksharp-deps-");
        var emit = new AssemblyLoadContext("emit", isCollectible: true);
        try
        {
            byte[] contracts = EmittedPlugin.Contracts();
            string contractsPath = Path.Combine(dir.FullName, "CodeShipping.Contracts.dll");
            string pluginPath = Path.Combine(dir.FullName, "CodeShipping.Plugin.dll");
            File.WriteAllBytes(contractsPath, contracts);
            File.WriteAllBytes(pluginPath, EmittedPlugin.Plugin(emit.LoadFromStream(new MemoryStream(contracts))));

            Assert.Equal([contractsPath], AssemblyDependencies.Of(pluginPath)); // System.Private.CoreLib is the framework's
        }
        finally
        {
            emit.Unload();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Locate_AnAssemblyLoadedFromBytes_HasNoFile()
    {
        var plugins = new AssemblyLoadContext("plugins", isCollectible: true);
        try
        {
            plugins.LoadFromStream(new MemoryStream(EmittedPlugin.Contracts()));
            Assert.Null(AssemblyDependencies.Locate(new System.Reflection.AssemblyName(EmittedPlugin.ContractsName), context: plugins));
            Assert.Equal(typeof(FactAttribute).Assembly.Location, AssemblyDependencies.Locate(new System.Reflection.AssemblyName("xunit.core"), context: plugins));
        }
        finally
        {
            plugins.Unload();
        }
    }
}
