using System.Collections;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using DaskSharp.Graphs;

namespace DaskSharp.Tokens;

/// <summary>
/// Accumulates a value's identity into a 128-bit XXH3 hash. Every value is written with a type
/// tag first, so <c>1</c>, <c>1L</c>, <c>1.0</c> and <c>"1"</c> all give different tokens.
/// </summary>
public sealed class TokenWriter
{
    private const int MaxDepth = 64;
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_fields = new();

    // Small values are gathered here and hashed in one call (XXH3 streamed in pieces gives the same
    // hash as in one piece): a map item's token is a few dozen bytes written in six pieces, and
    // each streaming append costs more than its bytes. Only a longer value streams into _hash.
    private readonly byte[] _buffer = new byte[256];
    private int _buffered;
    private XxHash128? _hash;
    private bool _streamed; // until then the one-shot hash of _buffer is the whole hash
    private Dictionary<object, int>? _seen;
    private int _depth;

    /// <summary>Writes a 32-bit integer.</summary>
    public void WriteInt(int value) => WriteUnmanaged(value);

    /// <summary>Writes a string (length-prefixed, so concatenations cannot collide).</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteInt(value.Length);
        Append(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    /// <summary>Writes raw bytes (length-prefixed).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteInt(bytes.Length);
        Append(bytes);
    }

    /// <summary>Writes any value by content; see <see cref="Tokenizer"/> for the rules.</summary>
    public void WriteValue(object? value)
    {
        if (value is null)
        {
            WriteTag(Tag.Null);
            return;
        }

        switch (value)
        {
            case string s:
                WriteTag(Tag.String);
                WriteString(s);
                return;
            case int i:
                WriteTag(Tag.Int32);
                WriteUnmanaged(i);
                return;
            case long l:
                WriteTag(Tag.Int64);
                WriteUnmanaged(l);
                return;
            case double d:
                WriteTag(Tag.Double);
                WriteUnmanaged(d);
                return;
            case bool b:
                WriteTag(Tag.Bool);
                WriteUnmanaged(b);
                return;
            case Key k:
                WriteTag(Tag.Key);
                WriteString(k.Name);
                WriteBytes(MemoryMarshal.AsBytes(k.Index));
                return;
            case ITokenizable t:
                WriteTag(Tag.Custom);
                WriteString(value.GetType().FullName ?? value.GetType().Name);
                t.WriteToken(this);
                return;
            case Type type:
                WriteTag(Tag.Type);
                WriteString(type.AssemblyQualifiedName ?? type.Name);
                return;
            case Delegate del:
                WriteDelegate(del);
                return;
        }

        Type valueType = value.GetType();
        if (Tokenizer.FindNormalizer(valueType) is { } normalizer)
        {
            WriteTag(Tag.Custom);
            WriteString(valueType.FullName ?? valueType.Name);
            normalizer(this, value);
            return;
        }

        if (valueType.IsEnum)
        {
            WriteTag(Tag.Enum);
            WriteString(valueType.FullName ?? valueType.Name);
            WriteValue(Convert.ChangeType(value, Enum.GetUnderlyingType(valueType), System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        if (valueType.IsPrimitive || value is decimal || value is Guid || value is DateTime || value is TimeSpan || value is DateTimeOffset)
        {
            WriteTag(Tag.Primitive);
            WriteString(valueType.FullName!);
            WriteString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
            return;
        }

        if (_depth >= MaxDepth)
        {
            throw new InvalidOperationException(
                $"Cannot tokenize a value nested more than {MaxDepth} levels deep ({valueType}); implement ITokenizable on it.");
        }

        // Reference cycles are written as back-references to the first visit.
        if (!valueType.IsValueType)
        {
            _seen ??= new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            if (_seen.TryGetValue(value, out int seenAt))
            {
                WriteTag(Tag.BackReference);
                WriteInt(seenAt);
                return;
            }

            _seen[value] = _seen.Count;
        }

        _depth++;
        try
        {
            WriteComposite(value, valueType);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>The finished token: 32 lowercase hex digits.</summary>
    public string Finish() => Tokenizer.ToHex(CurrentHash());

    /// <summary>Starts over, as a new writer, keeping the hash state's memory.</summary>
    internal void Reset()
    {
        _hash?.Reset();
        _buffered = 0;
        _streamed = false;
        _seen?.Clear();
        _depth = 0;
    }

    private void WriteComposite(object value, Type valueType)
    {
        if (value is Array array)
        {
            WriteArray(array, valueType);
            return;
        }

        if (value is IDictionary dictionary)
        {
            WriteDictionary(dictionary, valueType);
            return;
        }

        if (value is ITuple tuple)
        {
            WriteTag(Tag.Tuple);
            WriteInt(tuple.Length);
            for (int i = 0; i < tuple.Length; i++)
            {
                WriteValue(tuple[i]);
            }

            return;
        }

        if (value is IEnumerable sequence && value is ICollection)
        {
            WriteTag(Tag.Sequence);
            WriteString(valueType.FullName ?? valueType.Name);
            int count = 0;
            foreach (object? item in sequence)
            {
                WriteValue(item);
                count++;
            }

            WriteInt(count);
            return;
        }

        WriteTag(Tag.Object);
        WriteString(valueType.FullName ?? valueType.Name);
        foreach (FieldInfo field in FieldsOf(valueType))
        {
            WriteValue(field.GetValue(value));
        }
    }

    private void WriteArray(Array array, Type arrayType)
    {
        WriteTag(Tag.Array);
        Type element = arrayType.GetElementType()!;
        WriteString(element.FullName ?? element.Name);
        WriteInt(array.Rank);
        for (int d = 0; d < array.Rank; d++)
        {
            WriteInt(array.GetLength(d));
        }

        if (element.IsPrimitive && array.Length > 0)
        {
            // Raw bytes of primitive arrays of any rank: one hash call, no per-element boxing.
            ref byte start = ref MemoryMarshal.GetArrayDataReference(array);
            int elementSize = Buffer.ByteLength(array) / array.Length;
            Append(MemoryMarshal.CreateReadOnlySpan(ref start, checked(array.Length * elementSize)));
            return;
        }

        foreach (object? item in array)
        {
            WriteValue(item);
        }
    }

    private void WriteDictionary(IDictionary dictionary, Type type)
    {
        // Entry order must not matter: hash each entry alone and combine order-free.
        WriteTag(Tag.Dictionary);
        WriteString(type.FullName ?? type.Name);
        WriteInt(dictionary.Count);
        UInt128 sum = 0;
        UInt128 xor = 0;
        foreach (DictionaryEntry entry in dictionary)
        {
            var entryWriter = new TokenWriter { _depth = _depth };
            entryWriter.WriteValue(entry.Key);
            entryWriter.WriteValue(entry.Value);
            UInt128 h = entryWriter.CurrentHash();
            sum += h;
            xor ^= h;
        }

        WriteUnmanaged(sum);
        WriteUnmanaged(xor);
    }

    private void WriteDelegate(Delegate del)
    {
        // A function's identity: its declaring type, name, generic arguments and signature, plus
        // whatever state it captured (the closure object is written field by field).
        foreach (Delegate single in del.GetInvocationList())
        {
            MethodInfo method = single.Method;
            WriteTag(Tag.Delegate);
            WriteString(method.DeclaringType?.FullName ?? "?");
            WriteString(method.DeclaringType?.Assembly.GetName().Name ?? "?");
            WriteString(method.ToString() ?? method.Name);
            object? target = single.Target;
            bool isSingletonClosure = target is not null && target.GetType().Name == "<>c";
            if (isSingletonClosure || target is null)
            {
                WriteValue(null);
                continue;
            }

            // The closure goes through a writer of its own (sharing the objects seen, so cycles through
            // delegates still end), and only its hash joins this one: a closure that cannot be tokenized
            // then leaves this hash untouched. C# closures share one object per scope, so a lambda's
            // target often holds locals it never reads (a Client, a socket) that cannot be tokenized;
            // such a function gets a token of its own closure object, as Dask falls back to a random
            // token for what it cannot hash: the same closure gives the same key, another equal one is
            // not deduplicated.
            var closure = new TokenWriter { _depth = _depth, _seen = _seen ??= new Dictionary<object, int>(ReferenceEqualityComparer.Instance) };
            try
            {
                closure.WriteValue(target);
            }
            catch (InvalidOperationException)
            {
                WriteTag(Tag.Custom);
                WriteString(s_opaqueClosures.GetValue(target, static _ => Guid.NewGuid().ToString("N")));
                continue;
            }

            WriteTag(Tag.Object);
            WriteUnmanaged(closure.CurrentHash());
        }
    }

    private static readonly ConditionalWeakTable<object, string> s_opaqueClosures = [];

    private void WriteTag(Tag tag) => WriteUnmanaged((byte)tag);

    private void WriteUnmanaged<T>(T value)
        where T : unmanaged
    {
        Append(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value)));
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_buffered + bytes.Length > _buffer.Length)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _hash!.Append(bytes);
                return;
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += bytes.Length;
    }

    private void Flush()
    {
        _hash ??= new XxHash128();
        _hash.Append(_buffer.AsSpan(0, _buffered));
        _buffered = 0;
        _streamed = true;
    }

    private UInt128 CurrentHash()
    {
        if (!_streamed)
        {
            return XxHash128.HashToUInt128(_buffer.AsSpan(0, _buffered));
        }

        Flush();
        return _hash!.GetCurrentHashAsUInt128();
    }

    private static FieldInfo[] FieldsOf(Type type) => s_fields.GetOrAdd(type, static t =>
    {
        var fields = new List<FieldInfo>();
        for (Type? c = t; c is not null && c != typeof(object); c = c.BaseType)
        {
            fields.AddRange(c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        }

        fields.Sort(static (a, b) => string.CompareOrdinal(a.DeclaringType!.Name + "." + a.Name, b.DeclaringType!.Name + "." + b.Name));
        return fields.ToArray();
    });

    private enum Tag : byte
    {
        Null = 1,
        String,
        Int32,
        Int64,
        Double,
        Bool,
        Key,
        Custom,
        Type,
        Delegate,
        Enum,
        Primitive,
        BackReference,
        Array,
        Dictionary,
        Tuple,
        Sequence,
        Object,
    }
}
