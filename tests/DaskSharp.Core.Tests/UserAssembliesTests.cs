using DaskSharp.Serialization;

namespace DaskSharp.Core.Tests;

/// <summary>A class whose type needs xunit.core to load (as a test class with a fixture does).</summary>
internal sealed class WithClassFixture : IClassFixture<string>
{
    public static Func<int, int> AddOne { get; } = x => x + 1;
}

/// <summary>A class with a field of a type from xunit.abstractions, and its nested lambdas.</summary>
internal sealed class WithOutputField
{
    private static readonly Xunit.Abstractions.ITestOutputHelper? s_output = null;

    public static Func<int, bool> HasOutput(int x) => _ => s_output is not null && x > 0;
}

/// <summary>
/// <see cref="FunctionReference.UserAssemblies"/>: what a worker needs to load a function's types —
/// the assemblies of their enclosing types, base types, interfaces and fields too.
/// </summary>
public class UserAssembliesTests
{
    private static readonly string[] s_xunitCore = [typeof(UserAssembliesTests).Assembly.Location, typeof(FactAttribute).Assembly.Location];

    [Fact]
    public void UserAssemblies_LambdaInAClassImplementingAnXunitInterface_IncludesXunitCore() =>
        Assert.Equal(s_xunitCore.Order(), FunctionReference.UserAssemblies(WithClassFixture.AddOne).Select(a => a.Location).Order());

    [Fact]
    public void UserAssemblies_LambdaInAClassWithAFieldOfAnotherLibrarysType_IncludesThatLibrary() =>
        Assert.Equal(
            new[] { typeof(UserAssembliesTests).Assembly.Location, typeof(Xunit.Abstractions.ITestOutputHelper).Assembly.Location }.Order(),
            FunctionReference.UserAssemblies(WithOutputField.HasOutput(1)).Select(a => a.Location).Order());

    [Fact]
    public void UserAssemblies_CapturedValueOfAnotherLibrarysType_IncludesThatLibraryAndWhatItsTypeNeeds()
    {
        var fact = new FactAttribute { Skip = "never" }; // xunit.core's FactAttribute: framework base type only
        Func<int, string?> f = _ => fact.Skip;
        Assert.Equal(s_xunitCore.Order(), FunctionReference.UserAssemblies(f).Select(a => a.Location).Order());
    }
}
