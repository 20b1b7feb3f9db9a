namespace DaskSharp.Graphs;

/// <summary>
/// A graph that cannot run: a cycle, a reference to a missing key, or a task whose arguments do not
/// fit its function. Raised before anything runs; <see cref="Keys"/> names the offending keys.
/// </summary>
public sealed class InvalidGraphException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidGraphException(string message, IReadOnlyList<Key> keys)
        : base(message)
    {
        Keys = keys;
    }

    /// <summary>Creates the exception.</summary>
    public InvalidGraphException()
        : this("The task graph is invalid.", [])
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidGraphException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidGraphException(string message, Exception innerException)
        : base(message, innerException)
    {
        Keys = [];
    }

    /// <summary>The keys the problem is about (for a cycle, the keys around it in order).</summary>
    public IReadOnlyList<Key> Keys { get; }
}
