using System.Text;

namespace DaskSharp.Graphs;

/// <summary>
/// The name of one task's output: a string name plus an optional block index, as Dask's keys
/// <c>'inc-9f1c…'</c> and <c>('x-4b2e…', 1, 2)</c>. Keys are immutable and compare by value.
/// </summary>
/// <example><code>
/// var k = new Key("x-4b2e", 1, 2);
/// Console.WriteLine(k);        // ('x-4b2e', 1, 2)
/// Console.WriteLine(k.Prefix); // x
/// </code></example>
public sealed class Key : IEquatable<Key>, IComparable<Key>
{
    private readonly int[]? _index;
    private readonly int _hash;
    private string? _prefix;

    /// <summary>A key with no block index.</summary>
    public Key(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _hash = StableHash(name, default);
    }

    /// <summary>A key for one block of a chunked collection.</summary>
    public Key(string name, params int[] index)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(index);
        Name = name;
        _index = index.Length == 0 ? null : (int[])index.Clone();
        _hash = StableHash(name, _index);
    }

    /// <summary>The name part (for a block key, the collection's name).</summary>
    public string Name { get; }

    /// <summary>The block index, empty for a plain key.</summary>
    public ReadOnlySpan<int> Index => _index;

    /// <summary>True when the key names one block of a collection.</summary>
    public bool HasIndex => _index is not null;

    /// <summary>
    /// The human part of the name that the dashboard and progress bars group by, as Dask's
    /// <c>key_split</c>: <c>"inc-9f1c…"</c> and <c>('inc-9f1c…', 3)</c> both give <c>"inc"</c>.
    /// </summary>
    public string Prefix => _prefix ??= KeyPrefix.Split(Name);

    /// <inheritdoc/>
    public bool Equals(Key? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && _hash == other._hash
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && Index.SequenceEqual(other.Index)
            && HasIndex == other.HasIndex;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Key);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>Orders by name (ordinal), then by block index: deterministic across runs.</summary>
    public int CompareTo(Key? other)
    {
        if (other is null)
        {
            return 1;
        }

        int c = string.CompareOrdinal(Name, other.Name);
        if (c != 0)
        {
            return c;
        }

        return Index.SequenceCompareTo(other.Index);
    }

    /// <summary>Dask's printing: <c>name</c> for plain keys, <c>('name', 1, 2)</c> for block keys.</summary>
    public override string ToString()
    {
        if (_index is null)
        {
            return Name;
        }

        var sb = new StringBuilder();
        sb.Append("('").Append(Name).Append('\'');
        foreach (int i in _index)
        {
            sb.Append(", ").Append(i);
        }

        return sb.Append(')').ToString();
    }

    /// <summary>Equality operator.</summary>
    public static bool operator ==(Key? left, Key? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(Key? left, Key? right) => !(left == right);

    /// <summary>Ordering operator.</summary>
    public static bool operator <(Key? left, Key? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >(Key? left, Key? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator <=(Key? left, Key? right) => !(left > right);

    /// <summary>Ordering operator.</summary>
    public static bool operator >=(Key? left, Key? right) => !(left < right);

    /// <summary>A plain key from a string.</summary>
    public static implicit operator Key(string name) => new(name);

    // string.GetHashCode is randomised per process; keys hash the same everywhere so that
    // hash-partitioned structures agree between a client and its workers.
    private static int StableHash(string name, int[]? index)
    {
        uint h = 2166136261;
        foreach (char c in name)
        {
            h = (h ^ c) * 16777619;
        }

        if (index is not null)
        {
            foreach (int i in index)
            {
                h = (h ^ (uint)i) * 16777619;
                h ^= h >> 15;
            }
        }

        return (int)h;
    }
}
