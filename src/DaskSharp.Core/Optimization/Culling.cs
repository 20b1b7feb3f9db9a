using DaskSharp.Graphs;

namespace DaskSharp.Optimization;

/// <summary>Keeps only the tasks the requested outputs need (Dask's <c>cull</c>).</summary>
internal static class Culling
{
    /// <exception cref="InvalidGraphException">when an output or a needed key is missing.</exception>
    public static TaskGraph Cull(TaskGraph graph, IEnumerable<Key> outputs)
    {
        var result = new TaskGraph();
        var stack = new Stack<Key>();
        foreach (Key output in outputs)
        {
            if (!graph.ContainsKey(output))
            {
                throw new InvalidGraphException($"The requested key {output} is not in the graph.", [output]);
            }

            stack.Push(output);
        }

        while (stack.Count > 0)
        {
            Key key = stack.Pop();
            if (result.ContainsKey(key))
            {
                continue;
            }

            GraphNode node = graph[key];
            result.Add(key, node);
            foreach (Key dep in node.Dependencies)
            {
                if (!graph.ContainsKey(dep))
                {
                    throw new InvalidGraphException($"Task {key} depends on missing key {dep}.", [key, dep]);
                }

                if (!result.ContainsKey(dep))
                {
                    stack.Push(dep);
                }
            }
        }

        return result;
    }
}
