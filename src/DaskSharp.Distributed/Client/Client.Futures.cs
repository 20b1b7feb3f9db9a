using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Serialization;
using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Optimization;
using DaskSharp.Serialization;
using DaskSharp.Tokens;

namespace DaskSharp.Distributed;

// Futures: submitting work, waiting, gathering, scattering, and the collection interface.
public sealed partial class Client
{
    private readonly List<Key> _toRelease = [];
    private bool _releaseScheduled;

    /// <summary>Runs <paramref name="function"/> on the cluster (distributed's <c>submit</c>).</summary>
    public Future<TResult> Submit<TResult>(Func<TResult> function, int retries = 0) => SubmitCall<TResult>(function, [], retries);

    /// <summary>Runs <paramref name="function"/>(<paramref name="arg"/>) on the cluster.</summary>
    public Future<TResult> Submit<T1, TResult>(Func<T1, TResult> function, T1 arg, int retries = 0) => SubmitCall<TResult>(function, [arg], retries);

    /// <summary>Runs <paramref name="function"/> on the result of another future, on the cluster.</summary>
    public Future<TResult> Submit<T1, TResult>(Func<T1, TResult> function, Future<T1> arg, int retries = 0) => SubmitCall<TResult>(function, [arg], retries);

    /// <summary>Runs a two-argument function on the cluster.</summary>
    public Future<TResult> Submit<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2, int retries = 0) => SubmitCall<TResult>(function, [arg1, arg2], retries);

    /// <summary>Runs a two-argument function on the results of two futures.</summary>
    public Future<TResult> Submit<T1, T2, TResult>(Func<T1, T2, TResult> function, Future<T1> arg1, Future<T2> arg2, int retries = 0) => SubmitCall<TResult>(function, [arg1, arg2], retries);

    /// <summary>Runs a three-argument function on the cluster.</summary>
    public Future<TResult> Submit<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3, int retries = 0) => SubmitCall<TResult>(function, [arg1, arg2, arg3], retries);

    /// <summary>Runs any delegate; arguments that are <see cref="Future"/>s (or arrays of them) are replaced by their results on the worker.</summary>
    public Future<TResult> SubmitCall<TResult>(Delegate function, object?[] args, int retries = 0)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(args);
        TaskFunction f = TaskFunction.From(function);
        var (key, spec) = Call(f, Tokenizer.Tokenize(function), args);
        return new Future<TResult>(this, Submit([(key, spec)], null, [key], retries)[0]);
    }

    /// <summary>Runs <paramref name="function"/> on every item (distributed's <c>map</c>); one future per item, in order.</summary>
    public Future<TResult>[] Map<T, TResult>(Func<T, TResult> function, IEnumerable<T> items, int retries = 0)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(items);
        TaskFunction f = TaskFunction.From(function);
        string token = Tokenizer.Tokenize(function); // once: tokenizing a delegate costs more than its item
        var tasks = new List<(Key, GraphNode)>();
        foreach (T item in items)
        {
            tasks.Add(Call(f, token, [item]));
        }

        return Wrap<TResult>(Submit(tasks, null, [.. tasks.Select(t => t.Item1)], retries));
    }

    /// <summary>Runs <paramref name="function"/> on each future's result.</summary>
    public Future<TResult>[] Map<T, TResult>(Func<T, TResult> function, IEnumerable<Future<T>> futures, int retries = 0)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(futures);
        TaskFunction f = TaskFunction.From(function);
        string token = Tokenizer.Tokenize(function);
        List<(Key, GraphNode)> tasks = [.. futures.Select(item => Call(f, token, [item]))];
        return Wrap<TResult>(Submit(tasks, null, [.. tasks.Select(t => t.Item1)], retries));
    }

    /// <summary>Runs a two-argument function on pairs of items.</summary>
    public Future<TResult>[] Map<T1, T2, TResult>(Func<T1, T2, TResult> function, IEnumerable<T1> first, IEnumerable<T2> second, int retries = 0)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction f = TaskFunction.From(function);
        string token = Tokenizer.Tokenize(function);
        List<(Key, GraphNode)> tasks = [.. first.Zip(second, (a, b) => Call(f, token, [a, b]))];
        return Wrap<TResult>(Submit(tasks, null, [.. tasks.Select(t => t.Item1)], retries));
    }

    /// <summary>Computes a delayed value on the cluster and returns its future (distributed's <c>compute</c>).</summary>
    public Future<T> Compute<T>(Delayed<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (graph, outputs) = Prepare([value]);
        return new Future<T>(this, SubmitGraph(graph, outputs)[0]);
    }

    /// <summary>Computes several delayed values; one future each.</summary>
    public Future<T>[] Compute<T>(IReadOnlyList<Delayed<T>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (graph, outputs) = Prepare([.. values]);
        FutureState[] states = SubmitGraph(graph, outputs);
        var byKey = states.ToDictionary(s => s.Key);
        return [.. values.Select(v => new Future<T>(this, byKey[v.Key]))];
    }

    /// <summary>
    /// Starts computing collections on the cluster and keeps their results there while the returned
    /// futures live (distributed's <c>persist</c>); later graphs that use those keys read them instead of recomputing.
    /// </summary>
    public Future[] Persist(params IDaskCollection[] collections)
    {
        var (graph, outputs) = Prepare(collections);
        return [.. SubmitGraph(graph, outputs).Select(s => (Future)new Future<object>(this, s))];
    }

    /// <summary>Waits for the futures and returns their results in order (distributed's <c>gather</c>).</summary>
    /// <exception cref="TaskFailedException">for the first future that failed, with the original exception inside.</exception>
    /// <exception cref="SchedulerConnectionLostException">when the client lost its scheduler (naming its address).</exception>
    public T[] Gather<T>(IEnumerable<Future<T>> futures) => GatherAsync(futures).GetAwaiter().GetResult();

    /// <summary>The asynchronous twin of <see cref="Gather{T}"/>.</summary>
    public async Task<T[]> GatherAsync<T>(IEnumerable<Future<T>> futures, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(futures);
        Future<T>[] list = [.. futures];
        object?[] values = await GatherKeysAsync([.. list.Select(f => f.State)], cancellationToken).ConfigureAwait(false);
        GC.KeepAlive(list);
        return [.. values.Select(v => (T)v!)];
    }

    /// <summary>Sends data to the workers and returns futures for it (distributed's <c>scatter</c>); with <paramref name="broadcast"/>, every worker gets every item.</summary>
    public Future<T>[] Scatter<T>(IEnumerable<T> data, bool broadcast = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        T[] items = [.. data];
        Key[] keys = [.. items.Select(v => new Key($"{typeof(T).Name.ToLowerInvariant()}-{Tokenizer.Tokenize(v)}"))];
        FutureState[] states = Track(keys);
        RequestAsync<OkReply>(new ScatterMessage(keys, [.. items.Cast<object?>()], broadcast)).GetAwaiter().GetResult();
        return Wrap<T>(states);
    }

    /// <summary>Scatters one value.</summary>
    public Future<T> Scatter<T>(T value, bool broadcast = false) => Scatter([value], broadcast)[0];

    /// <summary>Blocks until every future is done.</summary>
    /// <exception cref="TimeoutException">when <paramref name="timeout"/> passes first.</exception>
    public static void Wait(IEnumerable<Future> futures, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(futures);
        Future[] all = [.. futures];
        if (!Task.WhenAll(all.Select(f => f.WhenDone)).Wait(timeout ?? Timeout.InfiniteTimeSpan))
        {
            Future[] pending = [.. all.Where(f => !f.WhenDone.IsCompleted)];
            string some = string.Join(", ", pending.Take(5).Select(f => f.Key.ToString()));
            throw new TimeoutException($"{pending.Length} of {all.Length} futures did not finish within {timeout}: {some}{(pending.Length > 5 ? ", …" : "")}.");
        }
    }

    /// <summary>The futures in the order they finish (distributed's <c>as_completed</c>).</summary>
    public static IEnumerable<TFuture> AsCompleted<TFuture>(IEnumerable<TFuture> futures)
        where TFuture : Future
    {
        ArgumentNullException.ThrowIfNull(futures);
        using var done = new BlockingCollection<TFuture>();
        int left = 0;
        foreach (TFuture f in futures)
        {
            left++;
            f.WhenDone.ContinueWith(_ => done.Add(f), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        for (; left > 0; left--)
        {
            yield return done.Take();
        }
    }

    /// <summary>Cancels the futures' tasks; their status becomes cancelled.</summary>
    public void Cancel(IEnumerable<Future> futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        var keys = new List<Key>();
        lock (_gate)
        {
            foreach (Future f in futures)
            {
                if (f.State.Status == FutureStatus.Pending || f.State.Status == FutureStatus.Finished)
                {
                    f.State.Finish(FutureStatus.Cancelled, [], new TaskError(typeof(OperationCanceledException).FullName!, $"Future {f.Key} was cancelled.", string.Empty));
                    keys.Add(f.Key);
                }
            }
        }

        if (keys.Count > 0)
        {
            Send(new ReleaseKeysMessage([.. keys]));
        }
    }

    /// <summary>Runs failed futures again (and the failed tasks they need).</summary>
    public void Retry(IEnumerable<Future> futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        var keys = new List<Key>();
        lock (_gate)
        {
            ThrowIfUnusable(); // a reset future of a lost scheduler would wait forever
            foreach (Future f in futures.Where(f => f.State.Status == FutureStatus.Error))
            {
                f.State.Reset();
                keys.Add(f.Key);
            }
        }

        if (keys.Count > 0)
        {
            Send(new RetryMessage([.. keys]));
        }
    }

    /// <summary>Runs <paramref name="function"/> once on every worker (distributed's <c>run</c>); results by worker address.</summary>
    /// <exception cref="TaskFailedException">when it raised on some worker.</exception>
    public IReadOnlyDictionary<string, T> Run<T>(Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        UploadAssemblies([TaskFunction.From(function)]);
        RunResultsReply reply = RequestAsync<RunResultsReply>(new RunMessage(TaskSpec.Call(function))).GetAwaiter().GetResult();
        string[] workers = reply.Workers;
        string[] errors = reply.Errors;
        var results = new Dictionary<string, T>(StringComparer.Ordinal);
        for (int i = 0; i < workers.Length; i++)
        {
            if (errors[i].Length > 0)
            {
                throw new TaskFailedException($"Run failed on {workers[i]}: {errors[i]}", new RemoteException(errors[i]));
            }

            results[workers[i]] = (T)reply.Values[i]!;
        }

        return results;
    }

    /// <summary>Keeps futures' results on the cluster under a name other clients can look up.</summary>
    public void PublishDataset(string name, IReadOnlyList<Future> futures, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(futures);
        RequestAsync<OkReply>(new PublishDatasetMessage(name, [.. futures.Select(f => f.Key)], overwrite)).GetAwaiter().GetResult();
    }

    /// <summary>Futures for a dataset published by any client.</summary>
    /// <exception cref="InvalidOperationException">naming the dataset when none has that name.</exception>
    public Future<T>[] GetDataset<T>(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Key[] keys = RequestAsync<DatasetReply>(new GetDatasetMessage(name)).GetAwaiter().GetResult().Keys;
        FutureState[] states = Track(keys);
        Send(new UpdateGraphMessage([], keys));
        return Wrap<T>(states);
    }

    /// <summary>Removes a published dataset's name (its data goes when no future needs it).</summary>
    public void UnpublishDataset(string name) => RequestAsync<OkReply>(new UnpublishDatasetMessage(name)).GetAwaiter().GetResult();

    /// <summary>The names of the published datasets.</summary>
    public IReadOnlyList<string> ListDatasets() => RequestAsync<DatasetsReply>(new ListDatasetsMessage()).GetAwaiter().GetResult().Names;

    /// <inheritdoc/>
    object?[] IScheduler.Get(TaskGraph graph, IReadOnlyList<Key> outputs, CancellationToken cancellationToken) =>
        ((IScheduler)this).GetAsync(graph, outputs, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc/>
    async Task<object?[]> IScheduler.GetAsync(TaskGraph graph, IReadOnlyList<Key> outputs, CancellationToken cancellationToken)
    {
        FutureState[] states = SubmitGraph(graph, outputs);
        try
        {
            var byKey = states.ToDictionary(s => s.Key);
            return await GatherKeysAsync([.. outputs.Select(k => byKey[k])], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (FutureState s in states)
            {
                ReleaseFuture(s);
            }
        }
    }

    /// <summary>Results of futures, fetched straight from the workers that hold them.</summary>
    internal async Task<object?[]> GatherKeysAsync(IReadOnlyList<FutureState> states, CancellationToken cancellationToken)
    {
        await Task.WhenAll(states.Select(s => s.Done.Task)).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (FutureState s in states)
        {
            switch (s.Status)
            {
                case FutureStatus.Error:
                    throw new TaskFailedException(s.Key, s.Error!.ToException());
                case FutureStatus.Cancelled when s.Error?.Original is SchedulerConnectionLostException lost:
                    throw lost.Again();
                case FutureStatus.Cancelled:
                    throw new TaskCanceledException($"Future {s.Key} was cancelled.");
            }
        }

        var values = new Dictionary<Key, object?>(states.Count);
        Dictionary<Key, string[]> holders = states.DistinctBy(s => s.Key).ToDictionary(s => s.Key, s => s.Holders);
        for (int attempt = 0; holders.Count > 0; attempt++)
        {
            foreach (var group in holders.Where(h => h.Value.Length > 0).GroupBy(h => h.Value[attempt % h.Value.Length]))
            {
                await FetchFromAsync(group.Key, [.. group.Select(g => g.Key)], values, cancellationToken).ConfigureAwait(false);
            }

            foreach (Key k in values.Keys)
            {
                holders.Remove(k);
            }

            if (holders.Count == 0)
            {
                break;
            }

            if (attempt >= 100)
            {
                throw new IOException($"Could not gather {string.Join(", ", holders.Keys.Take(5))}: no worker that holds them answered.");
            }

            // Holders died or moved: ask the scheduler where the results are now (lost ones are being recomputed).
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 20 * (attempt + 1))), _time, cancellationToken).ConfigureAwait(false);
            foreach (var (key, where) in await WhoHasAsync([.. holders.Keys], cancellationToken).ConfigureAwait(false))
            {
                holders[key] = where;
            }
        }

        var result = new object?[states.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = values[states[i].Key];
        }

        return result;
    }

    /// <summary>How long released keys gather before one <c>release-keys</c> message carries them.</summary>
    private static readonly TimeSpan ReleaseDelay = TimeSpan.FromMilliseconds(20);

    internal void ReleaseFuture(FutureState state)
    {
        if (_closed == 1)
        {
            return;
        }

        lock (_gate)
        {
            if (--state.References > 0 || !_futures.Remove(state.Key))
            {
                return;
            }

            _toRelease.Add(state.Key);
            if (_releaseScheduled)
            {
                return;
            }

            _releaseScheduled = true;
        }

        // Releases are batched: a loop dropping a million futures sends a few messages, not a million.
        _ = Task.Delay(ReleaseDelay, _time).ContinueWith(_ => FlushReleases(), TaskScheduler.Default);
    }

    private void FlushReleases()
    {
        Key[] keys;
        lock (_gate)
        {
            keys = [.. _toRelease];
            _toRelease.Clear();
            _releaseScheduled = false;
        }

        if (keys.Length > 0 && _closed == 0)
        {
            _link.Send(MessageCodec.Encode(new ReleaseKeysMessage(keys)));
        }
    }

    private async Task FetchFromAsync(string worker, Key[] keys, Dictionary<Key, object?> values, CancellationToken cancellationToken)
    {
        try
        {
            Message answer = await _workers.RequestAsync(worker, MessageCodec.Encode(new GetDataMessage(keys)), cancellationToken).ConfigureAwait(false);
            DataReply reply = MessageCodec.Decode<DataReply>(answer, DataReply.OpName);
            if (reply.Refused.Length > 0)
            {
                // Asking again or elsewhere would meet a value of the same type: fail the gather now.
                throw new NotSupportedException(string.Join(Environment.NewLine, reply.Reasons));
            }

            for (int i = 0; i < reply.Found.Length; i++)
            {
                values[reply.Found[i]] = reply.Values[i];
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ProtocolException)
        {
            await _workers.ForgetAsync(worker).ConfigureAwait(false);
        }
    }

    /// <summary>A task calling <paramref name="function"/>, keyed by its name and a token of the function's token and the arguments (pure, as Dask's default).</summary>
    private static (Key Key, GraphNode Spec) Call(TaskFunction function, string functionToken, object?[] args)
    {
        var taskArgs = new TaskArg[args.Length];
        var identities = new object?[args.Length + 1];
        identities[0] = functionToken;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case Future f:
                    taskArgs[i] = TaskArg.Ref(f.Key);
                    identities[i + 1] = f.Key.ToString();
                    break;
                case Future[] list when list.GetType().GetElementType() is { IsGenericType: true } futureType:
                    // An array of futures arrives as an array of their results, as distributed resolves lists of futures.
                    taskArgs[i] = TaskArg.List(futureType.GetGenericArguments()[0], [.. list.Select(x => TaskArg.Ref(x.Key))]);
                    identities[i + 1] = string.Join(",", list.Select(x => x.Key.ToString()));
                    break;
                default:
                    taskArgs[i] = TaskArg.Literal(args[i]);
                    identities[i + 1] = args[i];
                    break;
            }
        }

        return (new Key($"{function.Name}-{Tokenizer.Tokenize(identities)}"), new TaskSpec(function, taskArgs));
    }

    private (TaskGraph Graph, Key[] Outputs) Prepare(IReadOnlyList<IDaskCollection> collections)
    {
        var builder = new GraphBuilder();
        var outputs = new List<Key>();
        foreach (IDaskCollection c in collections)
        {
            c.AddGraph(builder);
            outputs.AddRange(c.OutputKeys.Where(k => !outputs.Contains(k)));
        }

        return (GraphOptimizer.Optimize(builder.Build(), outputs), [.. outputs]);
    }

    private FutureState[] SubmitGraph(TaskGraph graph, IReadOnlyList<Key> outputs) =>
        Submit([.. graph.Select(kv => (kv.Key, kv.Value))], graph.Order(outputs), [.. outputs], 0);

    /// <summary>Sends tasks to the scheduler and returns the states of the wanted keys (one reference each).</summary>
    private FutureState[] Submit(IReadOnlyList<(Key Key, GraphNode Node)> tasks, IReadOnlyDictionary<Key, int>? order, Key[] wanted, int retries)
    {
        if (Remote)
        {
            UploadAssemblies(tasks.SelectMany(t => TaskSerializer.Functions(t.Node)).Distinct());
        }

        var submitted = new SubmittedTask[tasks.Count];
        for (int i = 0; i < submitted.Length; i++)
        {
            var (key, node) = tasks[i];
            submitted[i] = new SubmittedTask(key, Remote ? Serialize(key, node) : node, [.. node.Dependencies], order?.GetValueOrDefault(key, i) ?? i, retries);
        }

        FutureState[] states = Track(wanted);
        Send(new UpdateGraphMessage(submitted, wanted));
        return states;
    }

    /// <summary>A task as bytes for workers in other processes; what cannot travel is refused here, naming the task.</summary>
    private static SerializedTask Serialize(Key key, GraphNode node)
    {
        try
        {
            return TaskSerializer.Serialize(node);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            throw new NotSupportedException($"Task {key} cannot be sent to worker processes: {e.Message}", e);
        }
    }

    /// <summary>States for keys this client now wants, created or re-armed as needed, one reference each.</summary>
    private FutureState[] Track(Key[] keys)
    {
        var states = new FutureState[keys.Length];
        lock (_gate)
        {
            // Under the gate LoseConnection takes: a key tracked here is either cancelled by it or refused now.
            ThrowIfUnusable();
            HashSet<Key>? pendingRelease = _toRelease.Count > 0 ? [.. _toRelease] : null;
            for (int i = 0; i < keys.Length; i++)
            {
                ref FutureState? state = ref CollectionsMarshal.GetValueRefOrAddDefault(_futures, keys[i], out bool known); // one probe per key
                if (!known)
                {
                    state = new FutureState(keys[i]);
                    if (pendingRelease?.Remove(keys[i]) == true)
                    {
                        _toRelease.Remove(keys[i]);
                    }
                }
                else if (state!.Status == FutureStatus.Cancelled)
                {
                    state.Reset();
                }

                state!.References++;
                states[i] = state;
            }
        }

        return states;
    }

    private Future<T>[] Wrap<T>(FutureState[] states) => [.. states.Select(s => new Future<T>(this, s))];
}
