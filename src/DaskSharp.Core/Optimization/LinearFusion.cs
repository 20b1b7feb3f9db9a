using DaskSharp.Graphs;

namespace DaskSharp.Optimization;

/// <summary>
/// Folds linear chains into single tasks, as Dask's <c>fuse</c> with its default width: a task is
/// folded into its dependent when it has exactly one dependent, that dependent has exactly one
/// dependency, and the task is not a requested output. The fused task keeps the key of the chain's
/// last task, so nothing outside the chain notices; 10,000 chained increments become one task.
/// </summary>
internal static class LinearFusion
{
    public static TaskGraph Fuse(TaskGraph graph, IReadOnlyCollection<Key> outputs)
    {
        Dictionary<Key, GraphNode> nodes = graph.Nodes;
        var dependentCount = new Dictionary<Key, int>(nodes.Count);
        var onlyDependent = new Dictionary<Key, Key>(nodes.Count);
        foreach (var (key, node) in nodes)
        {
            foreach (Key dep in node.Dependencies)
            {
                dependentCount[dep] = dependentCount.GetValueOrDefault(dep) + 1;
                onlyDependent[dep] = key;
            }
        }

        var keep = new HashSet<Key>(outputs);

        // parent → child edges that may fuse.
        bool CanFuseIntoChild(Key parent, out Key child)
        {
            child = null!;
            if (keep.Contains(parent) || dependentCount.GetValueOrDefault(parent) != 1)
            {
                return false;
            }

            child = onlyDependent[parent];
            GraphNode childNode = nodes[child];
            return childNode.Dependencies.Count == 1 && nodes[parent] is TaskSpec or FusedTask && childNode is TaskSpec or FusedTask;
        }

        bool anyFusable = false;
        foreach (Key key in nodes.Keys)
        {
            if (CanFuseIntoChild(key, out _))
            {
                anyFusable = true;
                break;
            }
        }

        if (!anyFusable)
        {
            return graph;
        }

        var result = new TaskGraph(nodes.Count);
        foreach (var (key, node) in nodes)
        {
            // Only start chains at their top: a task that is itself fusable into its dependent is
            // reached from the chain's top (or is the top when its own parent cannot fuse).
            if (node.Dependencies.Count == 1 && CanFuseIntoChild(node.Dependencies[0], out Key me) && me.Equals(key))
            {
                continue;
            }

            if (!CanFuseIntoChild(key, out Key next))
            {
                result.Add(key, node);
                continue;
            }

            var stepKeys = new List<Key> { key };
            var steps = new List<GraphNode> { node };
            Key current = next;
            while (true)
            {
                stepKeys.Add(current);
                steps.Add(nodes[current]);
                if (!CanFuseIntoChild(current, out Key after))
                {
                    break;
                }

                current = after;
            }

            result.Add(current, new FusedTask([.. stepKeys], [.. steps], [.. node.Dependencies]));
        }

        return result;
    }
}
