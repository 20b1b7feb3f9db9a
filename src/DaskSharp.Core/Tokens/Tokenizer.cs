using System.Collections.Concurrent;
using System.Globalization;

namespace DaskSharp.Tokens;

/// <summary>
/// Deterministic content hashes, as Dask's <c>tokenize</c>: the same function and arguments give
/// the same 32-hex-digit token in every run and every process, so equal computations share keys
/// across graphs (and shared work is done once).
/// </summary>
/// <remarks>
/// Values are hashed by content: primitives, strings, arrays, lists, dictionaries (order-free),
/// tuples, records and plain objects field by field (cycles are written as back-references),
/// delegates by method identity plus captured state, and <see cref="ITokenizable"/> types by
/// their own writer. Register a normaliser with <see cref="Register{T}"/> for a type whose fields
/// are not its identity.
/// </remarks>
/// <example><code>
/// string a = Tokenizer.Tokenize(1, "x", new[] { 1.0, 2.0 });
/// string b = Tokenizer.Tokenize(1, "x", new[] { 1.0, 2.0 });
/// // a == b, e.g. "5f0c2d…" (32 hex digits)
/// </code></example>
public static class Tokenizer
{
    private static readonly ConcurrentDictionary<Type, Action<TokenWriter, object>> s_normalizers = new();

    // A writer (and its hash state, a few hundred bytes) per thread, reused: a map tokenizes every
    // item. It is taken out while in use, so a normaliser or ITokenizable that tokenizes inside a
    // token gets a fresh writer instead of corrupting this one.
    [ThreadStatic]
    private static TokenWriter? t_writer;

    /// <summary>The token of one value.</summary>
    public static string Tokenize(object? value)
    {
        TokenWriter writer = Rent();
        writer.WriteValue(value);
        return Return(writer);
    }

    /// <summary>The token of several values taken together, in order.</summary>
    public static string Tokenize(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        TokenWriter writer = Rent();
        writer.WriteInt(values.Length);
        foreach (object? v in values)
        {
            writer.WriteValue(v);
        }

        return Return(writer);
    }

    private static TokenWriter Rent()
    {
        TokenWriter? writer = t_writer;
        if (writer is null)
        {
            return new TokenWriter();
        }

        t_writer = null;
        return writer;
    }

    // Not in a finally: a writer that threw midway is dropped with its partial state.
    private static string Return(TokenWriter writer)
    {
        string token = writer.Finish();
        writer.Reset();
        t_writer = writer;
        return token;
    }

    /// <summary>Teaches the tokenizer how to identify values of <typeparamref name="T"/> (and subclasses).</summary>
    public static void Register<T>(Action<TokenWriter, T> normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        s_normalizers[typeof(T)] = (w, o) => normalizer(w, (T)o);
    }

    internal static Action<TokenWriter, object>? FindNormalizer(Type type)
    {
        if (s_normalizers.IsEmpty)
        {
            return null;
        }

        for (Type? t = type; t is not null; t = t.BaseType)
        {
            if (s_normalizers.TryGetValue(t, out var n))
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>32 lowercase hex digits, most significant first (as <c>ToString("x32")</c>, without the general formatter).</summary>
    internal static string ToHex(UInt128 value) => string.Create(32, value, static (digits, v) =>
    {
        ((ulong)(v >> 64)).TryFormat(digits[..16], out _, "x16", CultureInfo.InvariantCulture);
        ((ulong)v).TryFormat(digits[16..], out _, "x16", CultureInfo.InvariantCulture);
    });
}
