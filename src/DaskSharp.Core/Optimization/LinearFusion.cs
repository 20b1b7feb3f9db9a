using DaskSharp.Execution;
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
    /// <summary>The fused graph, or <paramref name="graph"/> itself when there is nothing to fuse.</summary>
    public static TaskGraph Fuse(TaskGraph graph, ExecutionPlan plan)
    {
        int n = plan.Count;

        // fusesInto[i] = the dependent task i folds into, or -1.
        var fusesInto = new int[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            fusesInto[i] = -1;
            if (plan.Dependents[i].Length == 1 && !plan.IsOutput[i] && IsTask(plan.Nodes[i]))
            {
                int child = plan.Dependents[i][0];
                if (plan.Dependencies[child].Length == 1 && IsTask(plan.Nodes[child]))
                {
                    fusesInto[i] = child;
                    any = true;
                }
            }
        }

        if (!any)
        {
            return graph;
        }

        var fusedFrom = new bool[n];
        foreach (int child in fusesInto)
        {
            if (child >= 0)
            {
                fusedFrom[child] = true;
            }
        }

        var result = new TaskGraph(n);
        for (int i = 0; i < n; i++)
        {
            if (fusedFrom[i])
            {
                continue; // reached from the top of its chain
            }

            if (fusesInto[i] < 0)
            {
                result.Add(plan.Keys[i], plan.Nodes[i]);
                continue;
            }

            // i is the top of a chain: follow it to the end.
            var stepKeys = new List<Key>();
            var steps = new List<GraphNode>();
            int current = i;
            while (true)
            {
                stepKeys.Add(plan.Keys[current]);
                steps.Add(plan.Nodes[current]);
                if (fusesInto[current] < 0)
                {
                    break;
                }

                current = fusesInto[current];
            }

            result.Add(plan.Keys[current], new FusedTask([.. stepKeys], [.. steps], [.. plan.Nodes[i].Dependencies]));
        }

        return result;
    }

    private static bool IsTask(GraphNode node) => node is TaskSpec or FusedTask;
}
