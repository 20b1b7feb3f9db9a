using DaskSharp.Graphs;

namespace DaskSharp;

/// <summary>
/// A task raised an exception. The computation stopped; <see cref="Exception.InnerException"/> is the
/// exception the task threw, untouched, with its original stack trace; <see cref="Key"/> names the task.
/// </summary>
/// <remarks>
/// Dask re-raises the task's own exception type. .NET cannot add the failing key to an existing
/// exception's message, so DaskSharp wraps it (as <c>TargetInvocationException</c> does), and the
/// printed exception shows both the key and the original trace. Catch a specific failure with
/// <c>catch (TaskFailedException e) when (e.InnerException is DivideByZeroException)</c>.
/// </remarks>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskFailedException(Key key, Exception innerException)
        : base($"Task {key} failed: {innerException?.GetType().Name}: {innerException?.Message}", innerException)
    {
        Key = key;
    }

    /// <summary>Creates the exception.</summary>
    public TaskFailedException()
        : base("A task failed.")
    {
        Key = new Key("unknown");
    }

    /// <summary>Creates the exception.</summary>
    public TaskFailedException(string message)
        : base(message)
    {
        Key = new Key("unknown");
    }

    /// <summary>Creates the exception.</summary>
    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = new Key("unknown");
    }

    /// <summary>The key of the task that failed (inside a fused task, the inner task's own key).</summary>
    public Key Key { get; }
}
