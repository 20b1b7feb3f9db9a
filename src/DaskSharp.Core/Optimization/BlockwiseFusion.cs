using System.Collections.Immutable;
using DaskSharp.Graphs;

namespace DaskSharp.Optimization;

/// <summary>
/// Fuses stacked blockwise layers before anything is materialised (Dask's
/// <c>optimize_blockwise</c>): when layer <c>g</c> reads layer <c>f</c> block for block — directly or
/// through a permutation of axes such as a transpose — and nothing else reads <c>f</c>, the two
/// become one blockwise layer named <c>g</c> whose function computes <c>g(f(…), …)</c>.
/// <c>((x + 1) * 2) - y.T</c> on a grid of blocks is then one task per block.
/// </summary>
/// <remarks>
/// A layer marked <see cref="BlockwiseLayer.Inlinable"/> (a seeded random block, zeros) is copied
/// into every layer that reads it, through any number of mappings, so its blocks are recomputed
/// where needed instead of being held between consumers. Reads of one layer through one mapping
/// share one evaluation per task.
/// </remarks>
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
                if (!layers.TryGetValue(name, out Layer? layer) || layer is not BlockwiseLayer consumer)
                {
                    continue;
                }

                foreach (string producerName in deps[name].Order(StringComparer.Ordinal))
                {
                    if (TryFuse(consumer, producerName, layers, deps, outputLayers, out BlockwiseLayer? fused))
                    {
                        layers[name] = fused;
                        bool stillReads = fused.Args.Any(a => a is BlocksBlockwiseArg b && b.Name == producerName);
                        deps[name] = (stillReads ? deps[name] : deps[name].Remove(producerName)).Union(deps[producerName]);
                        if (!outputLayers.Contains(producerName) && !deps.Values.Any(d => d.Contains(producerName)))
                        {
                            layers.Remove(producerName);
                            deps.Remove(producerName);
                        }

                        changed = true;
                        break;
                    }
                }
            }
        }

        return new HighLevelGraph(layers, deps.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<string>)kv.Value, StringComparer.Ordinal));
    }

    /// <summary>Fuses the reads of <paramref name="producerName"/> through one mapping into the consumer.</summary>
    private static bool TryFuse(
        BlockwiseLayer consumer,
        string producerName,
        Dictionary<string, Layer> layers,
        Dictionary<string, ImmutableHashSet<string>> deps,
        IReadOnlySet<string> outputLayers,
        out BlockwiseLayer fused)
    {
        fused = null!;
        if (!layers.TryGetValue(producerName, out Layer? p)
            || p is not BlockwiseLayer producer
            || (producer.IsCulled && !consumer.IsCulled))
        {
            return false;
        }

        // The reads of the producer, grouped by mapping; each must be a pure permutation of axes.
        var reads = new List<(int Position, BlocksBlockwiseArg Arg)>();
        for (int i = 0; i < consumer.Args.Count; i++)
        {
            if (consumer.Args[i] is BlocksBlockwiseArg b && b.Name == producerName)
            {
                if (!b.IsPermutation(consumer.NumBlocksArray))
                {
                    return false;
                }

                reads.Add((i, b));
            }
        }

        if (reads.Count == 0)
        {
            return false;
        }

        BlocksBlockwiseArg mapping = reads[0].Arg;
        bool onlyMapping = reads.All(r => r.Arg.SameMapping(mapping));
        bool onlyReader = !outputLayers.Contains(producerName)
            && deps.All(kv => kv.Key == consumer.Name || !kv.Value.Contains(producerName));

        // Anything else would compute the producer's blocks more than once: only cheap layers may.
        if (!producer.Inlinable && !(onlyMapping && onlyReader))
        {
            return false;
        }

        var positions = reads.Where(r => r.Arg.SameMapping(mapping)).Select(r => r.Position).ToHashSet();
        TaskFunction function = consumer.Function.TrySubstitute(positions, producer.Function)
            ?? ComposedFunction.Substitute(consumer.Function, positions, producer.Function);
        BlockwiseArg[] producerArgs = [.. producer.Args.Select(a => a switch
        {
            BlocksBlockwiseArg b => b.ComposeWith(mapping),
            BlockIndexBlockwiseArg bi => bi.ComposeWith(mapping),
            _ => a,
        })];
        BlockwiseArg[] args = [.. consumer.Args.Where((_, i) => !positions.Contains(i)), .. producerArgs];
        fused = consumer.With(function, args);
        return true;
    }
}
