using DaskSharp.Execution;

namespace DaskSharp.Distributed.Protocol;

/// <summary>
/// A task's failure as it travels from worker to scheduler to client: the exception's type name,
/// message and stack trace as text, plus the exception object itself when everything runs in one
/// process (inproc), so the client can rethrow the original.
/// </summary>
public sealed record TaskError(string TypeName, string Message, string Traceback, Exception? Original = null)
{
    /// <summary>The error of an exception thrown by a task (a <see cref="TaskFailedException"/> is unwrapped to its cause).</summary>
    public static TaskError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        while (exception is TaskFailedException { InnerException: { } inner })
        {
            exception = inner;
        }

        return new TaskError(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.StackTrace ?? string.Empty, exception);
    }

    /// <summary>The exception to raise on the client: the original when it crossed no process boundary, else a <see cref="RemoteException"/>.</summary>
    public Exception ToException() =>
        Original ?? (TypeName == typeof(KilledWorkerException).FullName ? new KilledWorkerException(Message) : new RemoteException(TypeName, Message, Traceback));

    /// <summary>"Type: message", as the scheduler records it.</summary>
    public override string ToString() => $"{TypeName}: {Message}";
}

/// <summary>An exception raised by a task in another process: its original type name, message and stack trace.</summary>
public sealed class RemoteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteException(string typeName, string message, string remoteStackTrace)
        : base(message)
    {
        TypeName = typeName;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>Creates the exception.</summary>
    public RemoteException()
        : this("System.Exception", "A task failed in another process.", string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RemoteException(string message)
        : this("System.Exception", message, string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RemoteException(string message, Exception innerException)
        : base(message, innerException)
    {
        TypeName = "System.Exception";
        RemoteStackTrace = string.Empty;
    }

    /// <summary>The full name of the exception type the task threw.</summary>
    public string TypeName { get; }

    /// <summary>Where it was thrown, on the worker.</summary>
    public string RemoteStackTrace { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{TypeName}: {Message}{Environment.NewLine}{RemoteStackTrace}";
}

/// <summary>A task was running on three workers that all died (distributed's <c>KilledWorker</c>).</summary>
public sealed class KilledWorkerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KilledWorkerException()
        : base("The workers running this task died.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public KilledWorkerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public KilledWorkerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
