using DaskSharp.Tokens;

namespace DaskSharp.Core.Tests;

public class TokenizerTests
{
    private sealed record Point(int X, double Y);

    private sealed class Node
    {
        public Node? Next { get; set; }

        public int Value { get; set; }
    }

    [Fact]
    public void Tokenize_SameValues_SameToken()
    {
        Assert.Equal(Tokenizer.Tokenize(1, "x", new[] { 1.0, 2.0 }), Tokenizer.Tokenize(1, "x", new[] { 1.0, 2.0 }));
        Assert.Equal(32, Tokenizer.Tokenize(1).Length);
    }

    [Fact]
    public void Tokenize_IsTheSameInEveryRunAndProcess()
    {
        // A fixed expected value: XXH3-128 over a type-tagged encoding, no per-process seed.
        Assert.Equal(KnownTokens.OneAndX, Tokenizer.Tokenize(1, "x"));
    }

    [Fact]
    public void Tokenize_TypesAreDistinguished()
    {
        string[] tokens = [Tokenizer.Tokenize(1), Tokenizer.Tokenize(1L), Tokenizer.Tokenize(1.0), Tokenizer.Tokenize("1"), Tokenizer.Tokenize((object?)null)];
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
    }

    [Fact]
    public void Tokenize_ArraysByContent()
    {
        Assert.Equal(Tokenizer.Tokenize(new[] { 1, 2, 3 }), Tokenizer.Tokenize(new[] { 1, 2, 3 }));
        Assert.NotEqual(Tokenizer.Tokenize(new[] { 1, 2, 3 }), Tokenizer.Tokenize(new[] { 1, 2, 4 }));
        Assert.NotEqual(Tokenizer.Tokenize(new int[2, 3]), Tokenizer.Tokenize(new int[3, 2]));
        Assert.Equal(Tokenizer.Tokenize(new[] { "a", "b" }), Tokenizer.Tokenize(new List<string> { "a", "b" }.ToArray()));
    }

    [Fact]
    public void Tokenize_DictionaryOrderDoesNotMatter()
    {
        var a = new Dictionary<string, int> { ["x"] = 1, ["y"] = 2 };
        var b = new Dictionary<string, int> { ["y"] = 2, ["x"] = 1 };
        var c = new Dictionary<string, int> { ["y"] = 3, ["x"] = 1 };
        Assert.Equal(Tokenizer.Tokenize(a), Tokenizer.Tokenize(b));
        Assert.NotEqual(Tokenizer.Tokenize(a), Tokenizer.Tokenize(c));
    }

    [Fact]
    public void Tokenize_RecordsAndObjectsByFields()
    {
        Assert.Equal(Tokenizer.Tokenize(new Point(1, 2.5)), Tokenizer.Tokenize(new Point(1, 2.5)));
        Assert.NotEqual(Tokenizer.Tokenize(new Point(1, 2.5)), Tokenizer.Tokenize(new Point(1, 2.0)));
        Assert.Equal(Tokenizer.Tokenize((1, "a")), Tokenizer.Tokenize((1, "a")));
    }

    [Fact]
    public void Tokenize_CyclicObjects_Terminate()
    {
        var a = new Node { Value = 1 };
        a.Next = a;
        var b = new Node { Value = 1 };
        b.Next = b;
        Assert.Equal(Tokenizer.Tokenize(a), Tokenizer.Tokenize(b));
    }

    [Fact]
    public void Tokenize_Delegates_ByMethodAndCapturedState()
    {
        Assert.Equal(Tokenizer.Tokenize(MakeAdder(1)), Tokenizer.Tokenize(MakeAdder(1)));
        Assert.NotEqual(Tokenizer.Tokenize(MakeAdder(1)), Tokenizer.Tokenize(MakeAdder(2)));
        Func<int, int> square = x => x * x;
        Assert.NotEqual(Tokenizer.Tokenize(square), Tokenizer.Tokenize(MakeAdder(1)));
    }

    [Fact]
    public void Register_CustomNormalizer_IsUsed()
    {
        Tokenizer.Register<Uri>((w, u) => w.WriteString(u.Host));
        Assert.Equal(Tokenizer.Tokenize(new Uri("http://a.example/x")), Tokenizer.Tokenize(new Uri("http://a.example/y")));
        Assert.NotEqual(Tokenizer.Tokenize(new Uri("http://a.example/x")), Tokenizer.Tokenize(new Uri("http://b.example/x")));
    }

    private static Func<int, int> MakeAdder(int n) => x => x + n;
}
