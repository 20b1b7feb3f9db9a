namespace DaskSharp.Distributed;

/// <summary>
/// The client lost its connection to the scheduler (the scheduler died, closed, or stopped answering
/// for <see cref="Client.SchedulerTimeout"/>). Every future of the client becomes cancelled with this
/// as its <see cref="Future.Exception"/>, waiting on them throws it, and the client refuses new work
/// with it, as distributed cancels futures with reason <c>scheduler-connection-lost</c>.
/// </summary>
/// <remarks>
/// An <see cref="IOException"/>, not an <see cref="OperationCanceledException"/>: a task that fails
/// with a cancellation loses its message on <c>Task.Wait</c> ("A task was canceled."), and the
/// point of this error is its message.
/// </remarks>
public sealed class SchedulerConnectionLostException : IOException
{
    /// <summary>Creates the exception for the scheduler at <paramref name="schedulerAddress"/>; <paramref name="detail"/> says how it was lost, if known.</summary>
    public SchedulerConnectionLostException(string schedulerAddress, string? detail)
        : base(Describe(schedulerAddress, detail))
    {
        SchedulerAddress = schedulerAddress;
        Detail = detail;
    }

    /// <summary>Creates the exception.</summary>
    public SchedulerConnectionLostException()
        : this("(unknown)", (string?)null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SchedulerConnectionLostException(string message)
        : base(message)
    {
        SchedulerAddress = "(unknown)";
    }

    /// <summary>Creates the exception.</summary>
    public SchedulerConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
        SchedulerAddress = "(unknown)";
    }

    /// <summary>The address of the scheduler the client lost.</summary>
    public string SchedulerAddress { get; }

    /// <summary>How the connection was lost (e.g. that the scheduler stopped answering), or null when it simply closed.</summary>
    public string? Detail { get; }

    /// <summary>A fresh exception with the same message, to throw from another place.</summary>
    internal SchedulerConnectionLostException Again() => new(SchedulerAddress, Detail);

    private static string Describe(string address, string? detail) =>
        detail is null ? $"The connection to the scheduler at {address} was lost." : $"The connection to the scheduler at {address} was lost: {detail}.";
}
