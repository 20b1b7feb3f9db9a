using DaskSharp.Graphs;

namespace DaskSharp;

/// <summary>
/// An argument to a delayed function: a plain value, a <see cref="Delayed{T}"/>, or an array of
/// delayed values (which becomes a <typeparamref name="T"/> array when the task runs). The implicit
/// conversions let <c>Dask.Delayed(Add)(a, 2)</c> mix delayed and plain arguments.
/// </summary>
public readonly struct DelayedArg<T>
{
    internal DelayedArg(TaskArg arg, object? identity, Delayed[] dependencies)
    {
        Arg = arg;
        Identity = identity;
        Dependencies = dependencies;
    }

    internal TaskArg Arg { get; }

    /// <summary>What the argument contributes to the task's token: the value, or the delayed keys.</summary>
    internal object? Identity { get; }

    internal Delayed[] Dependencies { get; }

    /// <summary>A plain value.</summary>
    public static implicit operator DelayedArg<T>(T value) =>
        value is Delayed d ? FromDelayed(d) : new(TaskArg.Literal(value), value, []);

    /// <summary>A delayed value.</summary>
    public static implicit operator DelayedArg<T>(Delayed<T> value) => FromDelayed(value);

    /// <summary>An array of delayed values, for a parameter of array type.</summary>
    public static implicit operator DelayedArg<T>(Delayed[] items) => FromList(items);

    /// <summary>A plain value (the named alternative to the implicit conversion).</summary>
    public static DelayedArg<T> FromValue(T value) => value;

    /// <summary>A delayed value (the named alternative to the implicit conversion).</summary>
    public static DelayedArg<T> FromDelayed(Delayed value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(TaskArg.Ref(value.Key), value.Key, [value]);
    }

    /// <summary>An array of delayed values for a parameter of array type <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentException">when <typeparamref name="T"/> is not an array of the items' type.</exception>
    public static DelayedArg<T> FromList(Delayed[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Type? element = typeof(T).IsArray ? typeof(T).GetElementType() : null;
        if (element is null)
        {
            throw new ArgumentException($"A list of delayed values can only be passed for an array parameter, not {typeof(T).Name}.", nameof(items));
        }

        var args = new TaskArg[items.Length];
        var keys = new Key[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            Delayed item = items[i] ?? throw new ArgumentException($"Item {i} of the list is null.", nameof(items));
            if (!element.IsAssignableFrom(item.ResultType))
            {
                throw new ArgumentException(
                    $"Item {i} of the list ({item.Key}) is a delayed {item.ResultType.Name}, but the parameter takes {typeof(T).Name}.", nameof(items));
            }

            args[i] = TaskArg.Ref(item.Key);
            keys[i] = item.Key;
        }

        return new(TaskArg.List(element, args), keys, items);
    }
}
