using DaskSharp.Graphs;

namespace DaskSharp.Execution;

/// <summary>
/// A task graph compiled for execution: keys numbered 0..n-1, dependency and dependent lists as
/// integer arrays, a topological order (dependencies first), and which keys the caller asked for.
/// Compiling finds missing keys and cycles, so a graph with either never starts running.
/// </summary>
internal sealed class ExecutionPlan
{
    private ExecutionPlan(Key[] keys, GraphNode[] nodes, int[][] dependencies, int[][] dependents, Dictionary<Key, int> index, int[] outputs, int[] topological)
    {
        Keys = keys;
        Nodes = nodes;
        Dependencies = dependencies;
        Dependents = dependents;
        Index = index;
        Outputs = outputs;
        Topological = topological;
        IsOutput = new bool[keys.Length];
        foreach (int o in outputs)
        {
            IsOutput[o] = true;
        }
    }

    public Key[] Keys { get; }

    public GraphNode[] Nodes { get; }

    public int[][] Dependencies { get; }

    public int[][] Dependents { get; }

    public Dictionary<Key, int> Index { get; }

    public int[] Outputs { get; }

    public bool[] IsOutput { get; }

    /// <summary>Every task id, each after all of its dependencies.</summary>
    public int[] Topological { get; }

    public int Count => Keys.Length;

    /// <exception cref="InvalidGraphException">for a missing output, a missing dependency or a cycle.</exception>
    public static ExecutionPlan Compile(TaskGraph graph, IReadOnlyList<Key> outputs)
    {
        int n = graph.Count;
        var index = new Dictionary<Key, int>(n);
        var keys = new Key[n];
        var nodes = new GraphNode[n];
        int i = 0;
        foreach (var (key, node) in graph.Nodes)
        {
            index[key] = i;
            keys[i] = key;
            nodes[i] = node;
            i++;
        }

        var outputIds = new int[outputs.Count];
        for (i = 0; i < outputIds.Length; i++)
        {
            if (!index.TryGetValue(outputs[i], out outputIds[i]))
            {
                throw new InvalidGraphException($"The requested key {outputs[i]} is not in the graph.", [outputs[i]]);
            }
        }

        var dependencies = new int[n][];
        var dependentCount = new int[n];
        for (i = 0; i < n; i++)
        {
            IReadOnlyList<Key> deps = nodes[i].Dependencies;
            int[] ids = deps.Count == 0 ? [] : new int[deps.Count];
            for (int d = 0; d < ids.Length; d++)
            {
                if (!index.TryGetValue(deps[d], out ids[d]))
                {
                    throw new InvalidGraphException($"Task {keys[i]} depends on missing key {deps[d]}.", [keys[i], deps[d]]);
                }

                dependentCount[ids[d]]++;
            }

            dependencies[i] = ids;
        }

        int[][] dependents = Invert(dependencies, dependentCount);
        int[] topological = TopologicalOrder(keys, dependencies, dependents);
        return new ExecutionPlan(keys, nodes, dependencies, dependents, index, outputIds, topological);
    }

    private static int[][] Invert(int[][] deps, int[] counts)
    {
        int n = deps.Length;
        var result = new int[n][];
        for (int i = 0; i < n; i++)
        {
            result[i] = counts[i] == 0 ? [] : new int[counts[i]];
        }

        var fill = new int[n];
        for (int i = 0; i < n; i++)
        {
            foreach (int d in deps[i])
            {
                result[d][fill[d]++] = i;
            }
        }

        return result;
    }

    /// <summary>Kahn's algorithm; whatever it cannot order is on or behind a cycle.</summary>
    private static int[] TopologicalOrder(Key[] keys, int[][] dependencies, int[][] dependents)
    {
        int n = keys.Length;
        var remaining = new int[n];
        var order = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++)
        {
            remaining[i] = dependencies[i].Length;
            if (remaining[i] == 0)
            {
                order[tail++] = i;
            }
        }

        for (int head = 0; head < tail; head++)
        {
            foreach (int d in dependents[order[head]])
            {
                if (--remaining[d] == 0)
                {
                    order[tail++] = d;
                }
            }
        }

        if (tail < n)
        {
            throw CycleError(keys, dependencies, remaining);
        }

        return order;
    }

    private static InvalidGraphException CycleError(Key[] keys, int[][] deps, int[] remaining)
    {
        // Every node left with remaining > 0 is on or behind a cycle: walk dependencies that are
        // themselves unfinished until a node repeats, and report the loop from there.
        int start = Array.FindIndex(remaining, r => r > 0);
        var position = new Dictionary<int, int>();
        var path = new List<int>();
        int v = start;
        while (!position.ContainsKey(v))
        {
            position[v] = path.Count;
            path.Add(v);
            v = Array.Find(deps[v], d => remaining[d] > 0);
        }

        var cycle = path.GetRange(position[v], path.Count - position[v]).Select(id => keys[id]).ToList();
        string loop = string.Join(" -> ", cycle.Append(cycle[0]));
        return new InvalidGraphException($"The graph has a cycle (each key depends on the next): {loop}.", cycle);
    }
}
