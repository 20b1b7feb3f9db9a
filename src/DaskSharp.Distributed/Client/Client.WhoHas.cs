using DaskSharp.Distributed.Protocol;
using DaskSharp.Graphs;

namespace DaskSharp.Distributed;

// Where results live (distributed's Client.who_has).
public sealed partial class Client
{
    /// <summary>The workers that hold each future's result, by key; an empty list for a result not in memory.</summary>
    /// <example><code>
    /// IReadOnlyDictionary&lt;Key, string[]&gt; where = client.WhoHas(futures);   // ('inc-…', 0) → [tcp://127.0.0.1:40675]
    /// </code></example>
    public IReadOnlyDictionary<Key, string[]> WhoHas(IEnumerable<Future> futures) => WhoHasAsync(futures).GetAwaiter().GetResult();

    /// <inheritdoc cref="WhoHas"/>
    public async Task<IReadOnlyDictionary<Key, string[]>> WhoHasAsync(IEnumerable<Future> futures, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(futures);
        return await WhoHasAsync([.. futures.Select(f => f.Key).Distinct()], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The scheduler's answer to who holds <paramref name="keys"/>, by key.</summary>
    private async Task<Dictionary<Key, string[]>> WhoHasAsync(Key[] keys, CancellationToken cancellationToken)
    {
        WhoHasReply reply = await RequestAsync<WhoHasReply>(new WhoHasMessage(keys), cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<Key, string[]>(reply.Keys.Length);
        for (int i = 0; i < reply.Keys.Length; i++)
        {
            result[reply.Keys[i]] = reply.Holders[i];
        }

        return result;
    }
}
