using DaskSharp.Graphs;

namespace DaskSharp.Execution;

/// <summary>
/// A task graph compiled for execution: keys numbered 0..n-1 in a topological order
/// (dependencies first), dependency and dependent lists as integer arrays, and which keys the
/// caller asked for. Compiling finds cycles, so a cyclic graph never starts running.
/// </summary>
internal sealed class ExecutionPlan
{
    private ExecutionPlan(Key[] keys, GraphNode[] nodes, int[][] dependencies, int[][] dependents, Dictionary<Key, int> index, int[] outputs)
    {
        Keys = keys;
        Nodes = nodes;
        Dependencies = dependencies;
        Dependents = dependents;
        Index = index;
        Outputs = outputs;
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

    public int Count => Keys.Length;

    /// <summary>Numbers the graph topologically; throws <see cref="InvalidGraphException"/> on a cycle.</summary>
    public static ExecutionPlan Compile(TaskGraph graph, IReadOnlyList<Key> outputs)
    {
        int n = graph.Count;
        var firstIndex = new Dictionary<Key, int>(n);
        var firstKeys = new Key[n];
        var firstNodes = new GraphNode[n];
        int i = 0;
        foreach (var (key, node) in graph.Nodes)
        {
            firstIndex[key] = i;
            firstKeys[i] = key;
            firstNodes[i] = node;
            i++;
        }

        // Kahn's algorithm over dependency counts gives a topological numbering.
        var remaining = new int[n];
        var dependentsCount = new int[n];
        var firstDeps = new int[n][];
        for (i = 0; i < n; i++)
        {
            IReadOnlyList<Key> deps = firstNodes[i].Dependencies;
            int[] ids = deps.Count == 0 ? [] : new int[deps.Count];
            for (int d = 0; d < ids.Length; d++)
            {
                if (!firstIndex.TryGetValue(deps[d], out ids[d]))
                {
                    throw new InvalidGraphException($"Task {firstKeys[i]} depends on missing key {deps[d]}.", [firstKeys[i], deps[d]]);
                }

                dependentsCount[ids[d]]++;
            }

            firstDeps[i] = ids;
            remaining[i] = ids.Length;
        }

        int[][] firstDependents = Invert(firstDeps, dependentsCount);
        var topo = new int[n];
        int head = 0;
        int tail = 0;
        for (i = 0; i < n; i++)
        {
            if (remaining[i] == 0)
            {
                topo[tail++] = i;
            }
        }

        while (head < tail)
        {
            int v = topo[head++];
            foreach (int d in firstDependents[v])
            {
                if (--remaining[d] == 0)
                {
                    topo[tail++] = d;
                }
            }
        }

        if (tail < n)
        {
            throw CycleError(firstKeys, firstDeps, remaining);
        }

        // Renumber so that ids follow the topological order.
        var newId = new int[n];
        for (i = 0; i < n; i++)
        {
            newId[topo[i]] = i;
        }

        var keys = new Key[n];
        var nodes = new GraphNode[n];
        var dependencies = new int[n][];
        var dependents = new int[n][];
        var index = new Dictionary<Key, int>(n);
        for (i = 0; i < n; i++)
        {
            int old = topo[i];
            keys[i] = firstKeys[old];
            nodes[i] = firstNodes[old];
            index[keys[i]] = i;
            dependencies[i] = Map(firstDeps[old], newId);
            dependents[i] = Map(firstDependents[old], newId);
        }

        var outputIds = new int[outputs.Count];
        for (i = 0; i < outputIds.Length; i++)
        {
            if (!index.TryGetValue(outputs[i], out outputIds[i]))
            {
                throw new InvalidGraphException($"The requested key {outputs[i]} is not in the graph.", [outputs[i]]);
            }
        }

        return new ExecutionPlan(keys, nodes, dependencies, dependents, index, outputIds);
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

    private static int[] Map(int[] ids, int[] newId)
    {
        if (ids.Length == 0)
        {
            return ids;
        }

        var mapped = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            mapped[i] = newId[ids[i]];
        }

        return mapped;
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
