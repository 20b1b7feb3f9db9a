using System.Collections.Immutable;
using DaskSharp.Graphs;

namespace DaskSharp.Optimization;

/// <summary>
/// Fuses stacked blockwise layers before anything is materialised (Dask's
/// <c>optimize_blockwise</c>): when layer <c>g</c> reads layer <c>f</c> block for block (identity
/// index mapping), and nothing else reads <c>f</c>, the two become one blockwise layer named
/// <c>g</c> whose function computes <c>g(f(…), …)</c>. <c>((x + 1) * 2) - y</c> on a grid of blocks
/// is then one task per block.
/// </summary>
internal static class BlockwiseFusion
{
    public static HighLevelGraph Fuse(HighLevelGraph graph, IReadOnlySet<string> outputLayers)
    {
        var layers = graph.Layers.ToDictionary(StringComparer.Ordinal);
        var deps = graph.Dependencies.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (string name in layers.Keys.Order(StringComparer.Ordinal).ToList())
            {
                if (layers[name] is not BlockwiseLayer consumer)
                {
                    continue;
                }

                foreach (string producerName in deps[name].Order(StringComparer.Ordinal))
                {
                    if (TryFuse(consumer, producerName, layers, deps, outputLayers, out BlockwiseLayer? fused))
                    {
                        layers[name] = fused;
                        deps[name] = deps[name].Remove(producerName).Union(deps[producerName]);
                        layers.Remove(producerName);
                        deps.Remove(producerName);
                        changed = true;
                        break;
                    }
                }
            }
        }

        return new HighLevelGraph(layers, deps.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value, StringComparer.Ordinal));
    }

    private static bool TryFuse(
        BlockwiseLayer consumer,
        string producerName,
        Dictionary<string, Layer> layers,
        Dictionary<string, ImmutableHashSet<string>> deps,
        IReadOnlySet<string> outputLayers,
        out BlockwiseLayer fused)
    {
        fused = null!;
        if (outputLayers.Contains(producerName)
            || !layers.TryGetValue(producerName, out Layer? p)
            || p is not BlockwiseLayer producer
            || producer.IsCulled != consumer.IsCulled)
        {
            return false;
        }

        // Nobody else may read the producer, or its blocks would be computed twice.
        foreach (var (other, otherDeps) in deps)
        {
            if (other != consumer.Name && otherDeps.Contains(producerName))
            {
                return false;
            }
        }

        var positions = new HashSet<int>();
        for (int i = 0; i < consumer.Args.Count; i++)
        {
            if (consumer.Args[i] is BlocksBlockwiseArg b && b.Name == producerName)
            {
                if (!b.IsIdentity(consumer.NumBlocksArray) || !producer.NumBlocks.SequenceEqual(consumer.NumBlocks))
                {
                    return false;
                }

                positions.Add(i);
            }
        }

        if (positions.Count == 0)
        {
            return false;
        }

        ComposedFunction function = ComposedFunction.Substitute(consumer.Function, positions, producer.Function);
        BlockwiseArg[] args = [.. consumer.Args.Where((_, i) => !positions.Contains(i)), .. producer.Args];
        fused = consumer.With(function, args);
        return true;
    }
}
