using DaskSharp.Distributed.Comm;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// Reads one message's fields for <see cref="MessageCodec"/>, checking each: a field that is absent,
/// of the wrong type or of the wrong length raises a <see cref="ProtocolException"/> naming the
/// operation and the field. Integers may be <see cref="int"/> (inproc keeps what was sent) or
/// <see cref="long"/> (TCP decodes every integer as one).
/// </summary>
internal readonly struct FieldReader(Message message, string op)
{
    public const string KeyList = "a key list";
    public const string IntegerList = "an integer list";
    public const string NumberList = "a number list";
    public const string BooleanList = "a boolean list";
    public const string StringList = "a string list";
    public const string AddressLists = "a list of address lists";
    public const string ErrorList = "an error list";
    public const string TaskList = "a task list";

    public string Op => op;

    public int Count => message.Values.Count;

    /// <summary>The value at <paramref name="index"/>, of type <typeparamref name="T"/>.</summary>
    public T Value<T>(int index, string field, string kind)
        where T : class
    {
        IReadOnlyList<object?> values = message.Values;
        if (index >= values.Count)
        {
            throw Missing(field);
        }

        return values[index] as T ?? throw WrongType(field, kind, values[index]);
    }

    /// <summary>The value at <paramref name="index"/>, whatever it is (null included).</summary>
    public object? Any(int index, string field) =>
        index < message.Values.Count ? message.Values[index] : throw Missing(field);

    /// <summary>An array value that must be as long as <paramref name="lengthOf"/> (<paramref name="length"/>).</summary>
    public T Column<T>(int index, string field, string kind, int length, string lengthOf)
        where T : class
    {
        T column = Value<T>(index, field, kind);
        int actual = ((Array)(object)column).Length;
        return actual == length
            ? column
            : throw new ProtocolException($"'{op}': field '{field}' must be {kind} as long as '{lengthOf}' ({length}), got {actual}");
    }

    /// <summary>A list of address lists, none of them null.</summary>
    public string[][] Holders(int index, string field, int length, string lengthOf)
    {
        string[][] holders = Column<string[][]>(index, field, AddressLists, length, lengthOf);
        for (int i = 0; i < holders.Length; i++)
        {
            if (holders[i] is null)
            {
                throw new ProtocolException($"'{op}': field '{field}' must be {AddressLists}, got null at {i}");
            }
        }

        return holders;
    }

    /// <summary>The task node at <paramref name="index"/>: a graph node in process, its bytes after TCP.</summary>
    public object Task(int index, string field)
    {
        object value = Value<object>(index, field, "a task");
        return value is Graphs.GraphNode or SerializedTask ? value : throw WrongType(field, "a task", value);
    }

    /// <summary>The values from <paramref name="first"/> on, <paramref name="count"/> of them (the rest of the message must follow).</summary>
    public object?[] Slice(int first, int count, string field, string lengthOf, int trailing = 0)
    {
        if (message.Values.Count != first + count + trailing)
        {
            throw new ProtocolException($"'{op}': field '{field}' must hold as many values as '{lengthOf}' ({count}), got {message.Values.Count - first - trailing}");
        }

        var slice = new object?[count];
        for (int i = 0; i < count; i++)
        {
            slice[i] = message.Values[first + i];
        }

        return slice;
    }

    /// <summary>Refuses values beyond the <paramref name="count"/> the operation has.</summary>
    public void End(int count)
    {
        if (message.Values.Count != count)
        {
            throw new ProtocolException($"'{op}': expected {count} value{(count == 1 ? string.Empty : "s")}, got {message.Values.Count}");
        }
    }

    /// <summary>A header string, present and not empty.</summary>
    public string Text(string field) => Header(field) switch
    {
        string { Length: > 0 } text => text,
        string => throw new ProtocolException($"'{op}': field '{field}' must be a non-empty string, got an empty one"),
        var other => throw WrongType(field, "a non-empty string", other),
    };

    /// <summary>A header string, present (it may be empty).</summary>
    public string String(string field) =>
        Header(field) as string ?? throw WrongType(field, "a string", message.Header[field]);

    /// <summary>A header string or null, absent meaning null.</summary>
    public string? OptionalString(string field) => message.Header.GetValueOrDefault(field) switch
    {
        null => null,
        string text => text,
        var other => throw WrongType(field, "a string", other),
    };

    /// <summary>A header integer.</summary>
    public long Integer(string field) => Header(field) switch
    {
        long l => l,
        int i => i,
        var other => throw WrongType(field, "an integer", other),
    };

    /// <summary>A header integer that fits an <see cref="int"/>, at least <paramref name="minimum"/>.</summary>
    public int Int32(string field, int minimum = int.MinValue)
    {
        long value = Integer(field);
        return value >= minimum && value <= int.MaxValue
            ? (int)value
            : throw new ProtocolException($"'{op}': field '{field}' must be an integer from {minimum} to {int.MaxValue}, got {value}");
    }

    /// <summary>A header integer that counts something since a start: never negative.</summary>
    public long Counter(string field)
    {
        long value = Integer(field);
        return value >= 0 ? value : throw new ProtocolException($"'{op}': field '{field}' must be a count of at least 0, got {value}");
    }

    /// <summary>A header integer that is the request id the operation needs.</summary>
    public long RequestId() => Integer("id");

    /// <summary>A header integer or null, absent meaning null.</summary>
    public long? OptionalInteger(string field) => message.Header.GetValueOrDefault(field) switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw WrongType(field, "an integer", other),
    };

    /// <summary>A header boolean.</summary>
    public bool Flag(string field) => Header(field) as bool? ?? throw WrongType(field, "a boolean", message.Header[field]);

    /// <summary>A header number (a float, or an integer).</summary>
    public double Number(string field) => Header(field) switch
    {
        double d => d,
        long l => l,
        int i => i,
        var other => throw WrongType(field, "a number", other),
    };

    public ProtocolException WrongType(string field, string kind, object? value) =>
        new($"'{op}': field '{field}' must be {kind}, got {Describe(value)}");

    private object? Header(string field) =>
        message.Header.TryGetValue(field, out object? value) ? value : throw Missing(field);

    private ProtocolException Missing(string field) => new($"'{op}': field '{field}' is missing");

    private static string Describe(object? value) => value is null ? "null" : value.GetType().Name;
}
