using DaskSharp.Distributed.Comm;
using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging;

namespace DaskSharp.Distributed.Working;

// Peers: inputs fetched from other workers, results copied from a retiring one, get-data served.
public sealed partial class Worker
{
    /// <summary>Fetches inputs from a peer (distributed's <c>gather_dep</c>) and reports the outcome to the loop.</summary>
    private async Task FetchAsync(string peer, IReadOnlyList<Key> keys, string stimulusId)
    {
        try
        {
            (Dictionary<Key, long> sizes, DataReply reply) = await FetchFromPeerAsync(peer, [.. keys]).ConfigureAwait(false);
            // Each outcome is its own event (its own stimulus id); the fetch's cause is in the story already.
            Process(new GatherDepSuccessEvent(peer, sizes, NextStimulus("gather-dep-success")));
            if (reply.Refused.Length > 0)
            {
                Process(new GatherDepRefusedEvent(peer, [.. reply.Refused.Select((k, i) => (k, reply.Reasons[i]))], NextStimulus("gather-dep-refused")));
            }

            Key[] missing = [.. keys.Where(k => !sizes.ContainsKey(k) && !reply.Refused.Contains(k))];
            if (missing.Length > 0)
            {
                Process(new GatherDepFailureEvent(peer, missing, NextStimulus("gather-dep-missing")));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogInformation("Could not fetch {Count} keys from {Peer} (for {Stimulus}): {Reason}", keys.Count, peer, stimulusId, e.Message);
            await _peers.ForgetAsync(peer).ConfigureAwait(false);
            Process(new GatherDepFailureEvent(peer, keys, NextStimulus("gather-dep-failure")));
        }
    }

    /// <summary>Copies results from a retiring worker and tells the scheduler this worker holds them now.</summary>
    private async Task AcquireAsync(AcquireMessage message)
    {
        Dictionary<Key, long> data = [];
        try
        {
            (data, _) = await FetchFromPeerAsync(message.From, message.Keys).ConfigureAwait(false);
            Process(new PutDataEvent(data, NextStimulus("acquire")));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ProtocolException or System.Net.Sockets.SocketException)
        {
            _logger.LogWarning("Could not copy {Count} results from retiring worker {From}: {Reason}", message.Keys.Length, message.From, e.Message);
        }

        SendToScheduler(new AcquiredMessage([.. data.Keys], [.. data.Values]) { RequestId = message.RequestId });
    }

    /// <summary>Keeps <paramref name="values"/> under <paramref name="keys"/> (a <c>put-data</c>); their sizes by key.</summary>
    private Dictionary<Key, long> StoreAll(Key[] keys, IReadOnlyList<object?> values)
    {
        var sizes = new Dictionary<Key, long>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            sizes[keys[i]] = Store(keys[i], values[i]);
        }

        return sizes;
    }

    /// <summary>Serves <c>get-data</c> to peers and clients on one accepted comm.</summary>
    private async Task ServePeerAsync(IComm comm, CancellationToken cancellationToken)
    {
        await using (comm.ConfigureAwait(false))
        {
            while (await comm.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } request)
            {
                ProtocolMessage reply = MessageCodec.Decode(request) switch
                {
                    GetDataMessage get => Collect(get.Keys, copies: comm is not InprocComm),
                    ShuffleSendMessage send => ShuffleService.OnSend(send),
                    _ => throw new ProtocolException($"Worker {Address} serves only '{GetDataMessage.OpName}' and '{ShuffleSendMessage.OpName}'; {comm.Peer} sent '{request.Op}'."),
                };

                await comm.SendAsync(MessageCodec.Encode(reply), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The values held of <paramref name="keys"/>. Values that leave the process are serialized here,
    /// one by one, so a value no codec handles is refused with its reason instead of breaking the
    /// connection halfway through the reply.
    /// </summary>
    private DataReply Collect(Key[] keys, bool copies)
    {
        var found = new List<Key>(keys.Length);
        var values = new List<object?>(keys.Length);
        var refused = new List<Key>();
        var reasons = new List<string>();
        foreach (Key k in keys)
        {
            if (!_store.TryGet(k, out object? v))
            {
                continue;
            }

            if (copies)
            {
                try
                {
                    v = ValueSerializer.Serialize(v);
                }
                catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
                {
                    // No codec, or a codec that failed on this value: either way the asker gets the reason, not a dropped connection.
                    // (Out of memory is no reason to fail the tasks that need it: the connection drops, and the asker tries elsewhere.)
                    refused.Add(k);
                    reasons.Add($"The result of {k} ({v?.GetType().FullName}) cannot leave worker {Address}: {e.Message}");
                    continue;
                }
            }

            found.Add(k);
            values.Add(v);
        }

        return new DataReply([.. found], values, [.. refused], [.. reasons]);
    }

    /// <summary>Asks <paramref name="peer"/> for <paramref name="keys"/> (<c>get-data</c>) and keeps what it sent; the sizes of what came, and the reply.</summary>
    private async Task<(Dictionary<Key, long> Sizes, DataReply Reply)> FetchFromPeerAsync(string peer, Key[] keys)
    {
        double start = WallClock.Now(_time);
        Message answer = await _peers.RequestAsync(peer, MessageCodec.Encode(new GetDataMessage(keys)), _stop.Token).ConfigureAwait(false);
        DataReply reply = MessageCodec.Decode<DataReply>(answer, DataReply.OpName);
        Dictionary<Key, long> sizes = StoreAll(reply.Found, reply.Values);
        _outbox.Activity.Enqueue(new WorkerActivity(ActionKind.Transfer, start, WallClock.Now(_time), sizes.Values.Sum(), peer));
        return (sizes, reply);
    }
}
