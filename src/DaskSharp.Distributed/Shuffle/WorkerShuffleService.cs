using System.Collections.Concurrent;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Execution;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Shuffle;

/// <summary>
/// A worker's shuffle service (distributed's <c>ShuffleWorkerPlugin</c>), used by the shuffle tasks
/// running on its threads: a transfer asks the scheduler for the run (who owns each output), sends
/// each owner its pieces in one request and returns once every owner has stored them, so when the
/// barrier runs every piece is in place; an unpack takes its pieces from this worker's
/// <see cref="ShuffleStore"/>. A send that fails (an owner died, or the run was stopped) waits for
/// the scheduler's next run and sends into it, so a transfer outlives a restart instead of failing.
/// Every wait is bounded and names what it waits for.
/// </summary>
internal sealed class WorkerShuffleService : IShuffleService, IDisposable
{
    private const int MaxAttempts = 20;
    private readonly Func<ProtocolMessage, bool> _toScheduler;
    private readonly Func<string> _address;
    private readonly Func<Graphs.Key?> _runningKey;
    private readonly ConnectionPool _peers;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ShuffleRunReply>> _pending = new();
    private readonly ConcurrentDictionary<string, ShuffleRunReply> _runs = new(StringComparer.Ordinal);
    private long _requests;

    public WorkerShuffleService(ShuffleStore store, Func<ProtocolMessage, bool> toScheduler, Func<string> address, Func<Graphs.Key?> runningKey, ConnectionPool peers, ILogger logger, TimeSpan timeout)
    {
        _runningKey = runningKey;
        Store = store;
        _toScheduler = toScheduler;
        _address = address;
        _peers = peers;
        _logger = logger;
        _timeout = timeout;
    }

    /// <summary>The pieces this worker owns.</summary>
    public ShuffleStore Store { get; }

    /// <inheritdoc/>
    public long Transfer(ShuffleSpec shuffle, int input, IReadOnlyList<ShufflePiece> pieces)
    {
        ArgumentNullException.ThrowIfNull(shuffle);
        ArgumentNullException.ThrowIfNull(pieces);
        string? lastFailure = null;
        long stale = 0;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            ShuffleRunReply run = RunNewerThan(shuffle, stale, lastFailure);
            string? failure = SendAll(shuffle, run, input, pieces);
            if (failure is null)
            {
                return run.Run;
            }

            _logger.LogInformation("Shuffle {Id}: sending input {Input} into run {Run} failed ({Reason}); waiting for the next run", shuffle.Id, input, run.Run, failure);
            _runs.TryRemove(new KeyValuePair<string, ShuffleRunReply>(shuffle.Id, run));
            (stale, lastFailure) = (run.Run, failure);
        }

        throw new ShuffleRestartedException($"Shuffle {shuffle.Id}: input {input} could not be sent in {MaxAttempts} runs; the last failure: {lastFailure}");
    }

    /// <inheritdoc/>
    public long Barrier(ShuffleSpec shuffle, IReadOnlyList<long> runs)
    {
        ArgumentNullException.ThrowIfNull(shuffle);
        ArgumentNullException.ThrowIfNull(runs);
        long run = runs.Count == 0 ? 0 : runs[0];
        bool consistent = runs.All(r => r == run);
        ShuffleRunReply reply = Ask(new ShuffleBarrierMessage(shuffle.Id, run, consistent, shuffle.Barrier.Name), $"the scheduler's answer to the barrier of shuffle {shuffle.Id} (run {run})");
        if (reply.Error is { } error)
        {
            throw new ShuffleRestartedException(error);
        }

        return reply.Run;
    }

    /// <inheritdoc/>
    public IReadOnlyList<byte[]> Unpack(ShuffleSpec shuffle, long run, int output)
    {
        ArgumentNullException.ThrowIfNull(shuffle);
        string self = _address(), owner = RunOf(shuffle, run).Workers[output];
        if (owner != self)
        {
            // Pinned by a wrong guess (fused into a task numbered otherwise): the scheduler moves it to its
            // owner before this error reaches it, so the error is stale there (distributed's Reschedule).
            Graphs.Key key = _runningKey() ?? throw new InvalidOperationException($"Shuffle {shuffle.Id}: an unpack ran outside a task.");
            ShuffleRunReply moved = Ask(new ShuffleRescheduleMessage(shuffle.Id, run, key, owner), $"the scheduler to move {key} to {owner}");
            throw new ShuffleRestartedException(moved.Error ?? $"Shuffle {shuffle.Id}: output partition {output} is unpacked where its pieces are, on {owner}, not on {self}; {key} moved there.");
        }

        return Store.Take(shuffle.Id, run, output);
    }

    /// <summary>Run <paramref name="run"/> of the shuffle, as known here or asked of the scheduler.</summary>
    /// <exception cref="ShuffleRestartedException">when the scheduler has moved on from it.</exception>
    private ShuffleRunReply RunOf(ShuffleSpec shuffle, long run)
    {
        if (_runs.TryGetValue(shuffle.Id, out ShuffleRunReply? known) && known.Run == run)
        {
            return known;
        }

        ShuffleRunReply reply = Ask(new ShuffleGetMessage(shuffle.Id, shuffle.Outputs, shuffle.Barrier.Name), $"the scheduler's run of shuffle {shuffle.Id}");
        if (reply.Error is not null || reply.Run != run || reply.Workers.Length != shuffle.Outputs)
        {
            throw new ShuffleRestartedException(reply.Error ?? $"Shuffle {shuffle.Id}: run {run} is over (the scheduler's is {reply.Run}).");
        }

        _runs[shuffle.Id] = reply;
        return reply;
    }

    /// <summary>The scheduler answered a request of this service.</summary>
    public void OnReply(ShuffleRunReply reply)
    {
        if (reply.RequestId is long id && _pending.TryRemove(id, out TaskCompletionSource<ShuffleRunReply>? waiting))
        {
            waiting.TrySetResult(reply);
        }
    }

    /// <summary>The scheduler stopped runs of a shuffle: drop their pieces; transfers still sending into them go to the next run.</summary>
    public void OnStop(ShuffleStopMessage stop)
    {
        Store.Stop(stop.Id, stop.Run);
        if (_runs.TryGetValue(stop.Id, out ShuffleRunReply? known) && known.Run <= stop.Run)
        {
            _runs.TryRemove(new KeyValuePair<string, ShuffleRunReply>(stop.Id, known));
        }
    }

    /// <summary>A peer's pieces: stored, or the reason they are refused.</summary>
    public ProtocolMessage OnSend(ShuffleSendMessage send) =>
        Store.Add(send.Id, send.Run, send.Input, send.Outputs, send.Data) is { } refusal ? new ErrorReply(refusal) : new OkReply();

    public void Dispose()
    {
        _stop.Cancel();
        foreach (TaskCompletionSource<ShuffleRunReply> waiting in _pending.Values)
        {
            waiting.TrySetCanceled();
        }

        Store.Dispose();
        _stop.Dispose();
    }

    /// <summary>The shuffle's run, newer than <paramref name="stale"/>: asked of the scheduler until it has begun one (it does when it learns that a participant left).</summary>
    private ShuffleRunReply RunNewerThan(ShuffleSpec shuffle, long stale, string? why)
    {
        if (_runs.TryGetValue(shuffle.Id, out ShuffleRunReply? known) && known.Run > stale)
        {
            return known;
        }

        var deadline = DateTime.UtcNow + _timeout;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            ShuffleRunReply reply = Ask(new ShuffleGetMessage(shuffle.Id, shuffle.Outputs, shuffle.Barrier.Name), $"the scheduler's run of shuffle {shuffle.Id}");
            if (reply.Error is { } error)
            {
                throw new ShuffleRestartedException(error);
            }

            if (reply.Workers.Length != shuffle.Outputs)
            {
                throw new InvalidOperationException($"Shuffle {shuffle.Id}: the scheduler gave owners for {reply.Workers.Length} output partitions, not {shuffle.Outputs}.");
            }

            if (reply.Run > stale)
            {
                _runs[shuffle.Id] = reply;
                return reply;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Shuffle {shuffle.Id}: waited {_timeout.TotalSeconds:0} s for the scheduler to restart run {stale}, whose send failed: {why}");
            }

            Thread.Sleep(delay); // the scheduler has not yet seen the failure (a dead peer's link closing): ask again shortly
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }

    /// <summary>Every owner's pieces in one request each, side by side; null when all were stored, else the first failure.</summary>
    private string? SendAll(ShuffleSpec shuffle, ShuffleRunReply run, int input, IReadOnlyList<ShufflePiece> pieces)
    {
        string self = _address();
        var byOwner = new SortedDictionary<string, (List<int> Outputs, List<byte[]> Data)>(StringComparer.Ordinal);
        foreach (ShufflePiece piece in pieces)
        {
            string owner = run.Workers[piece.Output];
            if (!byOwner.TryGetValue(owner, out var batch))
            {
                byOwner[owner] = batch = ([], []);
            }

            batch.Outputs.Add(piece.Output);
            batch.Data.Add(piece.Data);
        }

        var sends = new List<Task<string?>>(byOwner.Count);
        foreach (var (owner, batch) in byOwner)
        {
            sends.Add(owner == self
                ? Task.FromResult(Store.Add(shuffle.Id, run.Run, input, batch.Outputs, batch.Data))
                : SendAsync(owner, new ShuffleSendMessage(shuffle.Id, run.Run, input, [.. batch.Outputs], [.. batch.Data])));
        }

        if (!Task.WaitAll([.. sends], _timeout))
        {
            return $"no answer from {string.Join(", ", byOwner.Keys)} within {_timeout.TotalSeconds:0} s";
        }

        return sends.Select(s => s.Result).FirstOrDefault(f => f is not null);
    }

    private async Task<string?> SendAsync(string owner, ShuffleSendMessage send)
    {
        try
        {
            Message answer = await _peers.RequestAsync(owner, MessageCodec.Encode(send), _stop.Token).ConfigureAwait(false);
            return MessageCodec.Decode(answer) switch
            {
                OkReply => null,
                ErrorReply e => e.Message,
                var other => $"{owner} answered '{other.Op}'",
            };
        }
        catch (Exception e) when (e is IOException or ProtocolException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            await _peers.ForgetAsync(owner).ConfigureAwait(false);
            return $"{owner} could not be reached: {e.Message}";
        }
    }

    /// <summary>Sends a request to the scheduler and waits for its answer, for at most the service's timeout.</summary>
    private ShuffleRunReply Ask(ProtocolMessage request, string what)
    {
        long id = Interlocked.Increment(ref _requests);
        var answer = new TaskCompletionSource<ShuffleRunReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            if (!_toScheduler(request with { RequestId = id }))
            {
                throw new IOException($"Could not ask for {what}: the link to the scheduler is closed.");
            }

            // A task thread, not the worker's loop, waits here: the answer comes on the scheduler link's reader.
            if (!answer.Task.Wait(_timeout, _stop.Token))
            {
                throw new TimeoutException($"Waited {_timeout.TotalSeconds:0} s for {what}.");
            }

            return answer.Task.Result;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }
}
