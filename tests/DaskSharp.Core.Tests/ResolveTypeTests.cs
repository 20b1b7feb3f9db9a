using DaskSharp.Serialization;

namespace DaskSharp.Core.Tests;

/// <summary>A type whose assembly was shipped but one of its dependencies was not: the error names the missing assembly and what needed it.</summary>
public class ResolveTypeTests
{
    private const string Plugin = "CodeShipping.Plugin, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null";

    private const string Advice = " A client sends the files of the assemblies its functions' types need; one it loaded from bytes has no file and must be deployed with the workers.";

    [Theory]
    [InlineData("CodeShipping.Plugin.Doubler", "CodeShipping.Plugin.Doubler's interface CodeShipping.Contracts.IPlugin")]
    [InlineData("CodeShipping.Plugin.Outer+Inner", "CodeShipping.Plugin.Outer's interface CodeShipping.Contracts.IPlugin")]
    [InlineData("CodeShipping.Plugin.Holder", "the type CodeShipping.Contracts.Point of CodeShipping.Plugin.Holder's field Where")]
    public void ResolveType_DependencyMissing_NamesItAndWhatNeededIt(string type, string neededBy)
    {
        using var emit = new CodeLoadContext("emit");
        using var context = new CodeLoadContext("no-contracts");
        context.LoadAssembly(EmittedPlugin.Plugin(emit.LoadAssembly(EmittedPlugin.Contracts())));

        var e = Assert.Throws<InvalidOperationException>(() => FunctionReference.ResolveType($"{type}, {Plugin}", context));

        Assert.Equal(
            $"Type {type}, {Plugin} cannot be resolved in load context 'no-contracts': it needs assembly {EmittedPlugin.ContractsName},"
            + $" which this process neither was sent nor has on its probe path ({neededBy} comes from it).{Advice}",
            e.Message);
    }

    [Fact]
    public void ResolveType_DependencyShipped_Resolves()
    {
        using var context = new CodeLoadContext("with-contracts");
        byte[] contracts = EmittedPlugin.Contracts();
        context.LoadAssembly(EmittedPlugin.Plugin(context.LoadAssembly(contracts)));

        Type holder = FunctionReference.ResolveType($"CodeShipping.Plugin.Holder, {Plugin}", context);

        Assert.Equal("CodeShipping.Contracts.Point", holder.GetField("Where")!.FieldType.FullName);
    }

    [Fact]
    public void ResolveType_TypeNotInTheAssembly_SaysOnlyThat()
    {
        using var context = new CodeLoadContext("plain");
        var e = Assert.Throws<InvalidOperationException>(() => FunctionReference.ResolveType("No.Such.Type, DaskSharp.Core", context));
        Assert.Equal(
            "Type No.Such.Type, DaskSharp.Core cannot be resolved in load context 'plain':"
            + $" Could not resolve type 'No.Such.Type' in assembly '{typeof(FunctionReference).Assembly.FullName}'.",
            e.Message);
    }
}
