using DaskSharp.Graphs;

namespace DaskSharp.Core.Tests;

public class KeyTests
{
    [Fact]
    public void ToString_PlainAndBlockKeys_PrintLikeDask()
    {
        Assert.Equal("inc-9f1c", new Key("inc-9f1c").ToString());
        Assert.Equal("('x-4b2e', 1, 2)", new Key("x-4b2e", 1, 2).ToString());
        Assert.Equal("('x', 0)", new Key("x", 0).ToString());
    }

    [Theory]
    [InlineData("x", "x")]
    [InlineData("x-1", "x")]
    [InlineData("x-1-2-3", "x")]
    [InlineData("hello-world-1", "hello-world")]
    [InlineData("x-abcdefab", "x")]
    [InlineData("random_sample-2b8d4d7c3ab9c6d9d2d0c21b6a7b3b1a", "random_sample")]
    [InlineData("0123456789abcdef0123456789abcdef", "data")]
    [InlineData("_(x)", "x")]
    [InlineData("<module.submodule.myclass object at 0xdaf372", "myclass")]
    public void Prefix_FollowsDaskKeySplit(string name, string expected)
    {
        Assert.Equal(expected, new Key(name).Prefix);
        Assert.Equal(expected, new Key(name, 3, 4).Prefix);
    }

    [Fact]
    public void Equality_IsByNameAndIndex()
    {
        Assert.Equal(new Key("a", 1, 2), new Key("a", 1, 2));
        Assert.NotEqual(new Key("a", 1, 2), new Key("a", 2, 1));
        Assert.NotEqual(new Key("a"), new Key("a", 0));
        Assert.Equal(new Key("a", 1, 2).GetHashCode(), new Key("a", 1, 2).GetHashCode());
        Key implicitKey = "b";
        Assert.Equal(new Key("b"), implicitKey);
    }

    [Fact]
    public void GetHashCode_IsStableAcrossProcesses()
    {
        // FNV-based, not string.GetHashCode (which is randomised per process).
        Assert.Equal(-49_524_601, new Key("x").GetHashCode());
    }

    [Fact]
    public void CompareTo_OrdersByNameThenIndex()
    {
        var keys = new[] { new Key("b"), new Key("a", 10), new Key("a", 2), new Key("a", 2, 0) };
        Array.Sort(keys);
        Assert.Equal(["('a', 2)", "('a', 2, 0)", "('a', 10)", "b"], keys.Select(k => k.ToString()));
    }

    [Fact]
    public void Constructor_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Key(""));
    }
}
