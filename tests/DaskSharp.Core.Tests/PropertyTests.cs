using DaskSharp.Execution;
using DaskSharp.Graphs;
using DaskSharp.Optimization;
using DaskSharp.Tokens;
using FsCheck;
using FsCheck.Xunit;

namespace DaskSharp.Core.Tests;

/// <summary>Properties checked against simple reference implementations on random inputs.</summary>
public class PropertyTests
{
    /// <summary>
    /// A random DAG (each task reads a random subset of earlier tasks, sometimes none) gives the
    /// same values on every scheduler, with and without optimisation, as a plain loop computing
    /// the tasks in creation order.
    /// </summary>
    [Property(MaxTest = 60)]
    public void RandomDag_EverySchedulerAgreesWithReference(PositiveInt size, int seed)
    {
        int n = 1 + size.Get % 80;
        var random = new Random(seed);
        var deps = new int[n][];
        for (int i = 0; i < n; i++)
        {
            deps[i] = [.. Enumerable.Range(0, i).Where(_ => random.NextDouble() < 2.5 / (i + 1)).Take(5)];
        }

        // Reference: task i = i + sum of its dependencies' values.
        var expected = new long[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = i + deps[i].Sum(d => expected[d]);
        }

        var graph = new TaskGraph();
        for (int i = 0; i < n; i++)
        {
            int self = i;
            graph[$"t{i}"] = TaskSpec.Call(
                (long[] xs) => self + xs.Sum(),
                TaskArg.List(typeof(long), [.. deps[i].Select(d => TaskArg.Ref($"t{d}"))]));
        }

        Key[] outputs = [.. Enumerable.Range(0, n).Where(_ => random.NextDouble() < 0.3).Select(i => new Key($"t{i}")).DefaultIfEmpty(new Key($"t{n - 1}"))];
        long[] want = [.. outputs.Select(k => expected[int.Parse(k.Name[1..], System.Globalization.CultureInfo.InvariantCulture)])];

        Assert.Equal(want, Dask.Get(graph, outputs, "sync").Cast<long>());
        Assert.Equal(want, Dask.Get(graph, outputs, "threads").Cast<long>());
        Assert.Equal(want, LocalScheduler.WithThreads(4).Get(GraphOptimizer.Optimize(graph, outputs, optimize: false), outputs).Cast<long>());
    }

    /// <summary>The static order is a permutation that puts every task after its dependencies.</summary>
    [Property(MaxTest = 60)]
    public void Order_IsATopologicalPermutation(PositiveInt size, int seed)
    {
        int n = 1 + size.Get % 120;
        var random = new Random(seed);
        var graph = new TaskGraph();
        for (int i = 0; i < n; i++)
        {
            int[] d = [.. Enumerable.Range(0, i).Where(_ => random.NextDouble() < 1.5 / (i + 1))];
            graph[$"t{i}"] = new TaskSpec(TaskFunction.From((long[] xs) => xs.Length), TaskArg.List(typeof(long), [.. d.Select(x => TaskArg.Ref($"t{x}"))]));
        }

        ExecutionPlan plan = ExecutionPlan.Compile(graph, [new Key($"t{n - 1}")]);
        int[] priority = GraphOrder.Compute(plan);

        Assert.Equal(Enumerable.Range(0, n), priority.Order());
        for (int i = 0; i < n; i++)
        {
            Assert.All(plan.Dependencies[i], d => Assert.True(priority[d] < priority[i]));
        }
    }

    /// <summary>Linear fusion never changes results and never leaves a fusable edge behind.</summary>
    [Property(MaxTest = 60)]
    public void LinearFusion_KeepsResults(PositiveInt chains, PositiveInt length)
    {
        int c = 1 + chains.Get % 6;
        int len = 1 + length.Get % 30;
        var graph = new TaskGraph();
        var ends = new List<Key>();
        for (int k = 0; k < c; k++)
        {
            graph[$"c{k}-0"] = TaskSpec.Call(() => 1L);
            for (int i = 1; i < len; i++)
            {
                graph[$"c{k}-{i}"] = TaskSpec.Call((long x) => x * 2, TaskArg.Ref($"c{k}-{i - 1}"));
            }

            ends.Add(new Key($"c{k}-{len - 1}"));
        }

        graph["total"] = TaskSpec.Call((long[] xs) => xs.Sum(), TaskArg.List(typeof(long), [.. ends.Select(TaskArg.Ref)]));
        TaskGraph fused = GraphOptimizer.Optimize(graph, [new Key("total")]);

        // Each chain becomes one task; with a single chain, total joins it too (it has one input).
        Assert.Equal(c == 1 ? 1 : c + 1, fused.Count);
        Assert.Equal([c * (1L << (len - 1))], LocalScheduler.Sync.Get(fused, [new Key("total")]));
    }

    /// <summary>A key's prefix drops the token and block index and keeps the words.</summary>
    [Property(MaxTest = 200)]
    public void Prefix_DropsTokens(NonEmptyString word, int value)
    {
        string w = new([.. word.Get.Where(char.IsAsciiLetterLower)]);
        if (w.Length == 0 || (w.Length == 8 && w.All(char.IsAsciiHexDigit)))
        {
            return;
        }

        string token = Tokenizer.Tokenize(value);
        Assert.Equal(w, new Key($"{w}-{token}").Prefix);
        Assert.Equal($"{w}-sum", new Key($"{w}-sum-{token}", 1, 2).Prefix);
    }

    /// <summary>Equal arrays give equal tokens; arrays that differ give different ones.</summary>
    [Property(MaxTest = 200)]
    public void Tokenize_ArraysByContent(int[] a, int[] b)
    {
        Assert.Equal(Tokenizer.Tokenize(a), Tokenizer.Tokenize((int[])a.Clone()));
        Assert.Equal(a.SequenceEqual(b), Tokenizer.Tokenize(a) == Tokenizer.Tokenize(b));
    }
}
