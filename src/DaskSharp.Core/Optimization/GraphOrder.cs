using DaskSharp.Execution;

namespace DaskSharp.Optimization;

/// <summary>
/// Static, memory-aware task priorities in the spirit of <c>dask.order</c>: finish one branch
/// before starting the next, so that a reduction over many inputs holds few intermediates at once.
/// </summary>
/// <remarks>
/// <para>
/// The algorithm is a depth-first, post-order walk from the requested outputs toward the inputs.
/// A task gets its priority (its position in the order; lower runs first) when every one of its
/// dependencies has one, so each branch is finished — down to the value its parent needs — before
/// the walk moves to a sibling. Siblings are taken hungriest first, in the way of Sethi and Ullman's
/// register allocation: every task gets a <i>need</i>, the number of results that must be held at
/// once to compute it alone (1 for a task without dependencies; for a task whose dependencies have
/// needs n₁ ≥ n₂ ≥ … ≥ nₖ, the largest of nᵢ + i − 1), and the dependency with the largest need goes
/// first, because the results already finished are held while the later siblings run.
/// Ties go to the earlier argument, so the order is deterministic and follows the way the user
/// wrote the computation.
/// Outputs are walked in the order requested; tasks no output reaches come last.
/// </para>
/// <para>
/// Worked example: a tree reduction over four loaded blocks, <c>total = add(add(f(load0),
/// f(load1)), add(f(load2), f(load3)))</c>. Needs: each <c>load</c> 1, each <c>f</c> 1, each inner
/// <c>add</c> 2, <c>total</c> 3. The walk starts at <c>total</c>, enters the first <c>add</c>, then
/// <c>f(load0)</c>, and numbers bottom-up:
/// <code>
/// 0 load0   1 f0   2 load1   3 f1   4 add01
/// 5 load2   6 f2   7 load3   8 f3   9 add23   10 total
/// </code>
/// With the scheduler always taking the ready task of lowest priority, at most three results are
/// held at any time (<c>add01</c>, <c>f2</c>, <c>load3</c>); running the loads first, breadth-first,
/// would hold all four loaded blocks before the first <c>f</c>. With many inputs the difference
/// grows: the depth-first order holds O(log n) results for a tree reduction, breadth-first holds n.
/// </para>
/// </remarks>
internal static class GraphOrder
{
    /// <summary>The priority of every task in <paramref name="plan"/>: a permutation of 0..n-1.</summary>
    public static int[] Compute(ExecutionPlan plan)
    {
        int n = plan.Count;
        int[] need = Needs(plan);
        var priority = new int[n];
        Array.Fill(priority, -1);
        int next = 0;

        // Explicit stack of (task, position in its sorted dependency list): chains 10,000 deep
        // must not recurse.
        var stack = new Stack<(int Task, int Child)>();
        var sortedDeps = new int[n][];

        foreach (int output in plan.Outputs)
        {
            Visit(output);
        }

        // Tasks no output reaches (when the caller did not cull), in topological order.
        foreach (int i in plan.Topological)
        {
            Visit(i);
        }

        return priority;

        void Visit(int root)
        {
            if (priority[root] >= 0)
            {
                return;
            }

            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (task, child) = stack.Pop();
                int[] deps = sortedDeps[task] ??= SortDependencies(plan, task, need);
                while (child < deps.Length && priority[deps[child]] >= 0)
                {
                    child++;
                }

                if (child == deps.Length)
                {
                    if (priority[task] < 0)
                    {
                        priority[task] = next++;
                    }

                    sortedDeps[task] = null!; // no longer needed; keep memory flat on big graphs
                    continue;
                }

                stack.Push((task, child + 1));
                stack.Push((deps[child], 0));
            }
        }
    }

    /// <summary>Sethi–Ullman need of every task, computed dependencies first.</summary>
    internal static int[] Needs(ExecutionPlan plan)
    {
        var need = new int[plan.Count];
        var scratch = new List<int>();
        foreach (int i in plan.Topological)
        {
            int[] deps = plan.Dependencies[i];
            if (deps.Length == 0)
            {
                need[i] = 1;
                continue;
            }

            if (deps.Length == 1)
            {
                need[i] = need[deps[0]];
                continue;
            }

            scratch.Clear();
            foreach (int d in deps)
            {
                scratch.Add(need[d]);
            }

            scratch.Sort();
            int best = 1;
            for (int k = 0; k < scratch.Count; k++)
            {
                // k-th largest need, plus the k results already held before it starts.
                best = Math.Max(best, scratch[scratch.Count - 1 - k] + k);
            }

            need[i] = best;
        }

        return need;
    }

    private static int[] SortDependencies(ExecutionPlan plan, int task, int[] need)
    {
        int[] deps = plan.Dependencies[task];
        if (deps.Length <= 1)
        {
            return deps;
        }

        // Stable: equal needs keep argument order.
        var positions = new int[deps.Length];
        for (int i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        Array.Sort(positions, (a, b) =>
        {
            int c = need[deps[b]].CompareTo(need[deps[a]]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var sorted = new int[deps.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = deps[positions[i]];
        }

        return sorted;
    }
}
