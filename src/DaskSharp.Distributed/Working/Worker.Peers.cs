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
            Process(new GatherDepSuccessEvent(peer, sizes, $"gather-dep-success-{stimulusId}"));
            if (reply.Refused.Length > 0)
            {
                Process(new GatherDepRefusedEvent(peer, [.. reply.Refused.Select((k, i) => (k, reply.Reasons[i]))], $"gather-dep-refused-{stimulusId}"));
            }

            Key[] missing = [.. keys.Where(k => !sizes.ContainsKey(k) && !reply.Refused.Contains(k))];
            if (missing.Length > 0)
            {
                Process(new GatherDepFailureEvent(peer, missing, $"gather-dep-missing-{stimulusId}"));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogInformation("Could not fetch {Count} keys from {Peer}: {Reason}", keys.Count, peer, e.Message);
            await _peers.ForgetAsync(peer).ConfigureAwait(false);
            Process(new GatherDepFailureEvent(peer, keys, $"gather-dep-failure-{stimulusId}"));
        }
    }

    /// <summary>Copies results from a retiring worker and tells the scheduler this worker holds them now.</summary>
    private async Task AcquireAsync(Message message)
    {
        string from = (string)message.Header["from"]!;
        Key[] keys = (Key[])message.Values[0]!;
        Dictionary<Key, long> data = [];
        try
        {
            (data, _) = await FetchFromPeerAsync(from, keys).ConfigureAwait(false);
            Process(new PutDataEvent(data, "acquire"));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ProtocolException or System.Net.Sockets.SocketException)
        {
            _logger.LogWarning("Could not copy {Count} results from retiring worker {From}: {Reason}", keys.Length, from, e.Message);
        }

        _scheduler?.Send(new Message(
            new Dictionary<string, object?> { ["op"] = "acquired", ["id"] = message.Header["id"] },
            [data.Keys.ToArray(), data.Values.ToArray()]));
    }

    /// <summary>Keeps the values of a <c>[keys, value, value, …]</c> message (a <c>get-data</c> reply, a <c>put-data</c>); their sizes by key.</summary>
    private Dictionary<Key, long> StoreAll(Message message)
    {
        Key[] keys = (Key[])message.Values[0]!;
        var sizes = new Dictionary<Key, long>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            sizes[keys[i]] = Store(keys[i], message.Values[i + 1]);
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
                if (request.Op != "get-data" || request.Values.Count != 1 || request.Values[0] is not Key[] keys)
                {
                    throw new ProtocolException($"Worker {Address} serves only get-data with a key list; {comm.Peer} sent '{request.Op}'.");
                }

                await comm.SendAsync(Collect(keys, copies: comm is not InprocComm).ToMessage(), cancellationToken).ConfigureAwait(false);
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
                catch (NotSupportedException e)
                {
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
        double start = WallClock.Now();
        DataReply reply = DataReply.From(await _peers.RequestAsync(peer, new Message("get-data", [keys]), _stop.Token).ConfigureAwait(false));
        var sizes = new Dictionary<Key, long>(reply.Found.Length);
        for (int i = 0; i < reply.Found.Length; i++)
        {
            sizes[reply.Found[i]] = Store(reply.Found[i], reply.Values[i]);
        }

        _outbox.Activity.Enqueue(new WorkerActivity(ActionKind.Transfer, start, WallClock.Now(), sizes.Values.Sum(), peer));
        return (sizes, reply);
    }
}
