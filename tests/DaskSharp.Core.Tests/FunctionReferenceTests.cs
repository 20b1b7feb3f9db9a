using System.Runtime.Loader;
using DaskSharp.Graphs;
using DaskSharp.Serialization;

namespace DaskSharp.Core.Tests;

public class FunctionReferenceTests
{
    private static readonly byte[] s_thisAssembly = File.ReadAllBytes(typeof(FunctionReferenceTests).Assembly.Location);

    private static int Triple(int x) => 3 * x;

    [Fact]
    public void RoundTrip_ClosureWithCaptures_RunsInAFreshLoadContext()
    {
        int offset = 7;
        string[] words = ["a", "b"];
        Func<int, string> f = x => (x + offset).ToString(System.Globalization.CultureInfo.InvariantCulture) + string.Join("", words);
        byte[] bytes = FunctionReference.FromDelegate(f).ToBytes();

        using var context = new CodeLoadContext("fresh");
        context.LoadAssembly(s_thisAssembly);
        var g = (Func<int, string>)FunctionReference.FromBytes(bytes).ToDelegate(context);

        Assert.Equal("8ab", g(1));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(g.Method.Module.Assembly));
        Assert.NotSame(typeof(FunctionReferenceTests).Assembly, g.Method.Module.Assembly);
        Assert.NotSame(f.Target!.GetType(), g.Target!.GetType());
    }

    [Fact]
    public void RoundTrip_StaticMethodAndNonCapturingLambda()
    {
        using var context = new CodeLoadContext("fresh");
        context.LoadAssembly(s_thisAssembly);

        var triple = (Func<int, int>)FunctionReference.FromBytes(FunctionReference.FromDelegate((Func<int, int>)Triple).ToBytes()).ToDelegate(context);
        Func<int, int> square = x => x * x;
        var square2 = (Func<int, int>)FunctionReference.FromBytes(FunctionReference.FromDelegate(square).ToBytes()).ToDelegate(context);

        Assert.Equal(12, triple(4));
        Assert.Null(triple.Target);
        Assert.Equal(16, square2(4));
        Assert.Equal("<>c", square2.Target!.GetType().Name);
    }

    [Fact]
    public void RoundTrip_ClosureCapturingADelegateOfItself()
    {
        // Both lambdas share one closure object, which holds `inner`: a cycle back to the closure.
        int factor = 5;
        Func<int, int> inner = x => x * factor;
        Func<int, int> outer = x => inner(x) + 1;

        using var context = new CodeLoadContext("fresh");
        context.LoadAssembly(s_thisAssembly);
        var g = (Func<int, int>)FunctionReference.FromBytes(FunctionReference.FromDelegate(outer).ToBytes()).ToDelegate(context);

        Assert.Equal(11, g(2));
    }

    [Fact]
    public void RoundTrip_UnshippableSiblingLambda_ArrivesAsNull()
    {
        // Both lambdas share one closure object holding `offset` and `other`; `other` is a delegate
        // over a stream, which cannot be serialised. `f` never calls it, so f still ships, with
        // `other` null on arrival.
        int offset = 3;
        Func<long> other = LengthOf(new MemoryStream());
        Func<long> usesOther = () => other();
        Func<int, int> f = x => x + offset;
        _ = usesOther;

        using var context = new CodeLoadContext("fresh");
        context.LoadAssembly(s_thisAssembly);
        var g = (Func<int, int>)FunctionReference.FromBytes(FunctionReference.FromDelegate(f).ToBytes()).ToDelegate(context);

        Assert.Equal(4, g(1));
        object? shippedOther = g.Target!.GetType().GetFields().Single(fi => fi.Name == "other").GetValue(g.Target);
        Assert.Null(shippedOther);
    }

    [Fact]
    public void RoundTrip_InDefaultContext_ToTaskFunction()
    {
        int bias = 2;
        Func<int, int, int> add = (a, b) => a + b + bias;
        TaskFunction function = FunctionReference.FromBytes(FunctionReference.FromTaskFunction(TaskFunction.From(add)).ToBytes()).ToTaskFunction();

        Assert.Equal(7, function.Invoke([2, 3]));
        Assert.Equal([typeof(int), typeof(int)], function.ParameterTypes);
    }

    [Fact]
    public void ToDelegate_AssemblyNotShipped_SaysSo()
    {
        int offset = 1;
        Func<int, int> f = x => x + offset;
        FunctionReference reference = FunctionReference.FromBytes(FunctionReference.FromDelegate(f).ToBytes());
        using var context = new CodeLoadContext("empty");

        // The default context has the test assembly, so fake a different build by asking for an unknown MVID.
        byte[] bytes = reference.ToBytes();
        string mvid = reference.ModuleVersionId.ToString("N");
        string other = Guid.Empty.ToString("N");
        byte[] tampered = ReplaceAscii(bytes, mvid, other);

        var e = Assert.Throws<InvalidOperationException>(() => FunctionReference.FromBytes(tampered).ToDelegate(context));
        Assert.StartsWith("Assembly DaskSharp.Core.Tests in 'empty' is a different build (MVID ", e.Message);
    }

    [Fact]
    public void FromBytes_Garbage_IsAFormatError()
    {
        Assert.Throws<FormatException>(() => FunctionReference.FromBytes(new byte[] { 1, 2, 3, 4 }));
        Assert.Throws<FormatException>(() => FunctionReference.FromBytes(new byte[] { 0x92, 0x07, 0x01 }));
        Assert.Throws<FormatException>(() => FunctionReference.FromBytes(Array.Empty<byte>()));
    }

    [Fact]
    public void LoadAssembly_NotAnAssembly_Throws()
    {
        using var context = new CodeLoadContext("bad");
        Assert.Throws<BadImageFormatException>(() => context.LoadAssembly([1, 2, 3]));
    }

    [Fact]
    public void LoadAssembly_SameBytesTwice_LoadsOnce()
    {
        using var context = new CodeLoadContext("cache");
        var first = context.LoadAssembly(s_thisAssembly);
        var second = context.LoadAssembly(s_thisAssembly);
        Assert.Same(first, second);
        Assert.True(context.HasAssembly(first.ManifestModule.ModuleVersionId));
    }

    [Fact]
    public void UserAssemblies_ListsTheTestAssemblyNotTheFramework()
    {
        int offset = 1;
        Func<int, int> f = x => x + offset;
        var assemblies = FunctionReference.UserAssemblies(f);
        Assert.Equal([typeof(FunctionReferenceTests).Assembly], assemblies);
    }

    private static Func<long> LengthOf(MemoryStream stream) => () => stream.Length;

    private static byte[] ReplaceAscii(byte[] bytes, string from, string to)
    {
        byte[] pattern = System.Text.Encoding.ASCII.GetBytes(from);
        byte[] replacement = System.Text.Encoding.ASCII.GetBytes(to);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, "the MVID was not found in the payload");
        byte[] copy = (byte[])bytes.Clone();
        replacement.CopyTo(copy, at);
        return copy;
    }
}
