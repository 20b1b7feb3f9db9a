using System.Runtime.CompilerServices;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Execution;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed;

/// <summary>Where a future's task is, as distributed's <c>Future.status</c>.</summary>
public enum FutureStatus
{
    /// <summary>Submitted; not finished yet.</summary>
    Pending,

    /// <summary>The result is on the cluster.</summary>
    Finished,

    /// <summary>The task (or one it needed) raised an exception.</summary>
    Error,

    /// <summary>Cancelled by the client or a restart, or because the client lost its scheduler (then <see cref="Future.Exception"/> is a <see cref="SchedulerConnectionLostException"/>).</summary>
    Cancelled,
}

/// <summary>
/// A remote result (distributed's <c>Future</c>): a key on the cluster that this client keeps alive.
/// Disposing the future (or losing every reference to it) tells the scheduler the client no
/// longer wants the result.
/// </summary>
public abstract class Future : IDisposable
{
    private int _released;

    private protected Future(Client client, FutureState state)
    {
        Client = client;
        State = state;
    }

    /// <summary>Releases the key if the future was never disposed.</summary>
    ~Future() => Release();

    /// <summary>The result's key on the cluster.</summary>
    public Key Key => State.Key;

    /// <summary>The client the future belongs to.</summary>
    public Client Client { get; }

    /// <summary>Where the task is.</summary>
    public FutureStatus Status => State.Status;

    /// <summary>True once finished, failed or cancelled.</summary>
    public bool Done => State.Status != FutureStatus.Pending;

    internal FutureState State { get; }

    /// <summary>Completes when the future is done (whatever the outcome); never throws.</summary>
    public Task WhenDone => State.Done.Task;

    /// <summary>The exception the task raised, or null (waits for the task to finish).</summary>
    public Exception? Exception(TimeSpan? timeout = null)
    {
        if (!State.Done.Task.Wait(timeout ?? Timeout.InfiniteTimeSpan))
        {
            throw new TimeoutException($"Future {Key} did not finish within {timeout}.");
        }

        return State.Error?.ToException();
    }

    /// <summary>Cancels the task (distributed's <c>Future.cancel</c>).</summary>
    public void Cancel() => Client.Cancel([this]);

    /// <summary>Runs a failed task (and the failed tasks it needs) again.</summary>
    public void Retry() => Client.Retry([this]);

    /// <summary>Tells the scheduler this client no longer needs the result.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"<Future: {Status.ToString().ToLowerInvariant()}, key: {Key}>";

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Client.ReleaseFuture(State);
        }
    }
}

/// <summary>A remote result of type <typeparamref name="T"/>: awaitable, or read with <see cref="Result"/>.</summary>
public sealed class Future<T> : Future
{
    internal Future(Client client, FutureState state)
        : base(client, state)
    {
    }

    /// <summary>Waits for the result and fetches it (distributed's <c>Future.result</c>).</summary>
    /// <exception cref="TaskFailedException">with the task's original exception inside.</exception>
    /// <exception cref="TimeoutException">when <paramref name="timeout"/> passes first.</exception>
    /// <exception cref="SchedulerConnectionLostException">when the client lost its scheduler before the result was fetched.</exception>
    public T Result(TimeSpan? timeout = null)
    {
        Task<T> result = ResultAsync();

        // WaitAny neither throws nor wraps; GetResult then rethrows the task's own exception. (Task.Wait
        // on a cancelled task throws a fresh "A task was canceled." that drops the reason.)
        if (Task.WaitAny([result], timeout ?? Timeout.InfiniteTimeSpan) < 0)
        {
            throw new TimeoutException($"Future {Key} did not finish within {timeout}.");
        }

        return result.GetAwaiter().GetResult();
    }

    /// <summary>The result, asynchronously.</summary>
    public async Task<T> ResultAsync(CancellationToken cancellationToken = default) =>
        (T)(await Client.GatherKeysAsync([State], cancellationToken).ConfigureAwait(false))[0]!;

    /// <summary>Makes <c>await future</c> work.</summary>
    public TaskAwaiter<T> GetAwaiter() => ResultAsync().GetAwaiter();
}

/// <summary>What the client knows about one key, shared by every future of it.</summary>
internal sealed class FutureState(Key key)
{
    public Key Key { get; } = key;

    public FutureStatus Status { get; set; } = FutureStatus.Pending;

    public TaskCompletionSource Done { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string[] Holders { get; set; } = [];

    public TaskError? Error { get; set; }

    public int References { get; set; }

    /// <summary>Sets the outcome once; a later report (a retry) starts a new wait.</summary>
    public void Finish(FutureStatus status, string[] holders, TaskError? error)
    {
        Status = status;
        Holders = holders;
        Error = error;
        Done.TrySetResult();
    }

    public void Reset()
    {
        Status = FutureStatus.Pending;
        Error = null;
        if (Done.Task.IsCompleted)
        {
            Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
