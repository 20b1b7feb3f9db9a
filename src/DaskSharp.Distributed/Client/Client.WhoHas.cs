using DaskSharp.Distributed.Comm;
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
        Key[] asked = [.. futures.Select(f => f.Key).Distinct()];
        Message reply = await RequestAsync(new Message("who-has", [asked]), cancellationToken).ConfigureAwait(false);
        Key[] keys = (Key[])reply.Values[0]!;
        string[][] where = (string[][])reply.Values[1]!;
        var result = new Dictionary<Key, string[]>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            result[keys[i]] = where[i];
        }

        return result;
    }
}
