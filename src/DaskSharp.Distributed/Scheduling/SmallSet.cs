using System.Collections;

namespace DaskSharp.Distributed.Scheduling;

/// <summary>
/// A set that holds its first element inline and allocates a <see cref="HashSet{T}"/> only for a
/// second: most tasks have no dependencies, dependents or waiters, and one holder and one client,
/// so a million-task graph would otherwise allocate six hash sets per task for nothing.
/// </summary>
/// <remarks>
/// A mutable struct: keep it in a field and mutate it in place (never through a copy). Enumeration
/// order is that of the <see cref="HashSet{T}"/> the task state always used (insertion order, with
/// freed slots reused): the inline element is copied in first when the set grows, and the set never
/// shrinks back inline, because the slot reuse after removals would then differ — the scheduler's
/// instruction order, which tests pin exactly, follows this order.
/// </remarks>
internal struct SmallSet<T>
    where T : class
{
    private T? _one;
    private HashSet<T>? _many;

    public readonly int Count => _many?.Count ?? (_one is null ? 0 : 1);

    public readonly bool Contains(T item) => _many is not null ? _many.Contains(item) : _one is not null && EqualityComparer<T>.Default.Equals(_one, item);

    public bool Add(T item)
    {
        if (_many is not null)
        {
            return _many.Add(item);
        }

        if (_one is null)
        {
            _one = item;
            return true;
        }

        if (EqualityComparer<T>.Default.Equals(_one, item))
        {
            return false;
        }

        _many = [_one, item];
        _one = null;
        return true;
    }

    public bool Remove(T item)
    {
        if (_many is not null)
        {
            return _many.Remove(item);
        }

        if (_one is not null && EqualityComparer<T>.Default.Equals(_one, item))
        {
            _one = null;
            return true;
        }

        return false;
    }

    public void Clear()
    {
        _one = null;
        _many?.Clear();
    }

    public readonly SmallSetView<T>.Enumerator GetEnumerator() => new(_one, _many);

    /// <summary>A read-only snapshot for callers outside the state machine.</summary>
    public readonly SmallSetView<T> AsView() => new(_one, _many);
}

/// <summary>
/// A read-only view of one of a task's sets (its dependencies, holders, …): enumerable, with
/// <see cref="Count"/> and <see cref="Contains"/>. Read it at once: it is a snapshot of a set with
/// at most one element, and live once the set has grown.
/// </summary>
/// <remarks>
/// It is also a read-only <see cref="ICollection{T}"/> so that LINQ (the shell sorts holders with
/// <c>Order</c>) copies it in one call, as it copied the hash set this view replaced, instead of enumerating.
/// </remarks>
public readonly struct SmallSetView<T> : IReadOnlyCollection<T>, ICollection<T>
    where T : class
{
    private readonly T? _one;
    private readonly HashSet<T>? _many;

    internal SmallSetView(T? one, HashSet<T>? many)
    {
        _one = one;
        _many = many;
    }

    /// <inheritdoc/>
    public int Count => _many?.Count ?? (_one is null ? 0 : 1);

    /// <summary>True when the set holds <paramref name="item"/>.</summary>
    public bool Contains(T item) => _many is not null ? _many.Contains(item) : _one is not null && EqualityComparer<T>.Default.Equals(_one, item);

    /// <summary>Enumerates without allocating.</summary>
    public Enumerator GetEnumerator() => new(_one, _many);

    bool ICollection<T>.IsReadOnly => true;

    /// <inheritdoc/>
    public void CopyTo(T[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (_many is not null)
        {
            _many.CopyTo(array, arrayIndex);
        }
        else if (_one is not null)
        {
            array[arrayIndex] = _one;
        }
    }

    void ICollection<T>.Add(T item) => throw new NotSupportedException("A task's sets change only inside the scheduler's state machine.");

    bool ICollection<T>.Remove(T item) => throw new NotSupportedException("A task's sets change only inside the scheduler's state machine.");

    void ICollection<T>.Clear() => throw new NotSupportedException("A task's sets change only inside the scheduler's state machine.");

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The enumerator of a <see cref="SmallSetView{T}"/>.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly T? _one;
        private HashSet<T>.Enumerator _many;
        private readonly bool _isMany;
        private bool _started;

        internal Enumerator(T? one, HashSet<T>? many)
        {
            _one = one;
            _isMany = many is not null;
            _many = many is not null ? many.GetEnumerator() : default;
            Current = null!;
        }

        /// <inheritdoc/>
        public T Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            if (_isMany)
            {
                if (_many.MoveNext())
                {
                    Current = _many.Current;
                    return true;
                }

                return false;
            }

            if (_started || _one is null)
            {
                return false;
            }

            _started = true;
            Current = _one;
            return true;
        }

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }

        readonly void IEnumerator.Reset() => throw new NotSupportedException();
    }
}
