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
        Original ?? (TypeName == typeof(KilledWorkerException).FullName ? KilledWorkerException.FromMessage(Message) : new RemoteException(TypeName, Message, Traceback));

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
/// <remarks>
/// The scheduler writes the message with <see cref="Describe"/>; only that text crosses processes,
/// so <see cref="LastWorker"/> and <see cref="Reason"/> are read back from it (<see cref="FromMessage"/>).
/// </remarks>
public sealed class KilledWorkerException : Exception
{
    private const string LastWorkerIntro = " The last worker that attempted to run the task was ";
    private const string ReasonIntro = " Before it left it reported: ";
    private const string NoReason = " It said nothing before it left; its log (or its nanny's) is the place to look next, e.g. for memory use.";

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

    /// <summary>Creates the exception, naming the last worker that died running the task and why it left.</summary>
    public KilledWorkerException(string message, string? lastWorker, string? reason)
        : base(message)
    {
        LastWorker = lastWorker;
        Reason = reason;
    }

    /// <summary>The address of the last worker that died running the task, when known.</summary>
    public string? LastWorker { get; }

    /// <summary>What that worker reported before it left (e.g. that it exceeded 95 % of its memory limit), or null when it said nothing.</summary>
    public string? Reason { get; }

    /// <summary>
    /// The scheduler's message, as distributed words it: "Attempted to run task {key} on 3 different
    /// workers, but all those workers died while running it. The last worker that attempted to run
    /// the task was {address}. Before it left it reported: {reason}".
    /// </summary>
    public static string Describe(string task, int workers, string lastWorker, string? reason) =>
        $"Attempted to run task {task} on {workers} different workers, but all those workers died while running it.{LastWorkerIntro}{lastWorker}."
        + (reason is null ? NoReason : ReasonIntro + reason);

    /// <summary>The exception for a message written by <see cref="Describe"/> (any other message gives one without <see cref="LastWorker"/>).</summary>
    public static KilledWorkerException FromMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int at = message.IndexOf(LastWorkerIntro, StringComparison.Ordinal);
        if (at < 0)
        {
            return new KilledWorkerException(message);
        }

        // An address holds dots but never a dot and a space, which ends its sentence.
        int start = at + LastWorkerIntro.Length;
        int end = message.IndexOf(". ", start, StringComparison.Ordinal);
        if (end < 0)
        {
            return new KilledWorkerException(message);
        }

        string worker = message[start..end];
        int reason = message.IndexOf(ReasonIntro, end, StringComparison.Ordinal);
        return new KilledWorkerException(message, worker, reason == end + 1 ? message[(reason + ReasonIntro.Length)..] : null);
    }
}
