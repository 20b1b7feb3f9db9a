namespace DaskSharp.Graphs;

/// <summary>
/// One argument of a <see cref="TaskSpec"/>: a literal value, a reference to another key (replaced by
/// that key's result when the task runs), or a list of arguments (built into a typed array).
/// </summary>
public abstract class TaskArg
{
    private protected TaskArg()
    {
    }

    /// <summary>A literal value passed as is.</summary>
    public static TaskArg Literal(object? value) => new LiteralArg(value);

    /// <summary>The result of another task.</summary>
    public static TaskArg Ref(Key key) => new KeyRefArg(key);

    /// <summary>An array of <paramref name="elementType"/> whose items are themselves arguments.</summary>
    public static TaskArg List(Type elementType, params TaskArg[] items) => new ListArg(elementType, items);

    /// <summary>The value this argument stands for, given the results of its dependencies.</summary>
    internal abstract object? Resolve(IValueLookup values);

    internal abstract void CollectDependencies(List<Key> into);

    /// <summary>The static type this argument will have, if known (null for references).</summary>
    internal abstract Type? StaticType { get; }

    /// <summary>This argument with every reference to a key in <paramref name="renames"/> replaced.</summary>
    internal abstract TaskArg Rename(IReadOnlyDictionary<Key, Key> renames);
}

/// <summary>A literal argument.</summary>
public sealed class LiteralArg : TaskArg
{
    internal LiteralArg(object? value) => Value = value;

    /// <summary>The value.</summary>
    public object? Value { get; }

    internal override Type? StaticType => Value?.GetType();

    internal override object? Resolve(IValueLookup values) => Value;

    internal override void CollectDependencies(List<Key> into)
    {
    }

    internal override TaskArg Rename(IReadOnlyDictionary<Key, Key> renames) => this;

    /// <inheritdoc/>
    public override string ToString() => Value?.ToString() ?? "null";
}

/// <summary>A reference to the result of another key.</summary>
public sealed class KeyRefArg : TaskArg
{
    internal KeyRefArg(Key key) => Key = key ?? throw new ArgumentNullException(nameof(key));

    /// <summary>The referenced key.</summary>
    public Key Key { get; }

    internal override Type? StaticType => null;

    internal override object? Resolve(IValueLookup values) => values.Get(Key);

    internal override void CollectDependencies(List<Key> into) => into.Add(Key);

    internal override TaskArg Rename(IReadOnlyDictionary<Key, Key> renames) =>
        renames.TryGetValue(Key, out Key? renamed) ? new KeyRefArg(renamed) : this;

    /// <inheritdoc/>
    public override string ToString() => Key.ToString();
}

/// <summary>A list of arguments, resolved into an array of <see cref="ElementType"/>.</summary>
public sealed class ListArg : TaskArg
{
    private readonly TaskArg[] _items;

    internal ListArg(Type elementType, TaskArg[] items)
    {
        ElementType = elementType ?? throw new ArgumentNullException(nameof(elementType));
        _items = items ?? throw new ArgumentNullException(nameof(items));
    }

    /// <summary>The element type of the array this list becomes.</summary>
    public Type ElementType { get; }

    /// <summary>The items.</summary>
    public IReadOnlyList<TaskArg> Items => _items;

    internal override Type? StaticType => ElementType.MakeArrayType();

    internal override object? Resolve(IValueLookup values)
    {
        var array = Array.CreateInstance(ElementType, _items.Length);
        for (int i = 0; i < _items.Length; i++)
        {
            array.SetValue(_items[i].Resolve(values), i);
        }

        return array;
    }

    internal override void CollectDependencies(List<Key> into)
    {
        foreach (TaskArg item in _items)
        {
            item.CollectDependencies(into);
        }
    }

    internal override TaskArg Rename(IReadOnlyDictionary<Key, Key> renames)
    {
        var items = new TaskArg[_items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = _items[i].Rename(renames);
        }

        return new ListArg(ElementType, items);
    }

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", (object[])_items) + "]";
}
