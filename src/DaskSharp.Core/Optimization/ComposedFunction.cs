using DaskSharp.Graphs;

namespace DaskSharp.Optimization;

/// <summary>
/// A function the optimiser built by nesting others: blockwise fusion turns
/// <c>g(f(a, b), c)</c>, applied block by block, into one function of <c>(c, a, b)</c>, so
/// stacked elementwise operations make one task per block instead of one per operation.
/// </summary>
internal sealed class ComposedFunction : TaskFunction
{
    private readonly Expr _root;

    private ComposedFunction(string name, Type[] parameterTypes, Type returnType, Expr root)
        : base(name, parameterTypes, returnType)
    {
        _root = root;
    }

    /// <summary>How many functions were nested into this one.</summary>
    public int Depth => _root.CallCount;

    public override object? Invoke(ReadOnlySpan<object?> args) => _root.Evaluate(args);

    /// <summary>
    /// <paramref name="outer"/> with its parameters at <paramref name="substituted"/> replaced by calls of
    /// <paramref name="inner"/>. The new parameters are outer's other parameters, in order, followed by inner's.
    /// </summary>
    public static ComposedFunction Substitute(TaskFunction outer, IReadOnlySet<int> substituted, TaskFunction inner)
    {
        Expr outerExpr = AsExpr(outer);
        Expr innerExpr = AsExpr(inner);
        var kept = new List<int>();
        var newPosition = new int[outer.Arity];
        for (int i = 0; i < outer.Arity; i++)
        {
            if (!substituted.Contains(i))
            {
                newPosition[i] = kept.Count;
                kept.Add(i);
            }
        }

        int offset = kept.Count;
        Expr shiftedInner = innerExpr.MapParameters(p => new ParameterExpr(p + offset));
        Expr root = outerExpr.MapParameters(p => substituted.Contains(p) ? shiftedInner : new ParameterExpr(newPosition[p]));
        Type[] parameterTypes = [.. kept.Select(i => outer.ParameterTypes[i]), .. inner.ParameterTypes];
        return new ComposedFunction(outer.Name, parameterTypes, outer.ReturnType, root);
    }

    private static Expr AsExpr(TaskFunction function) => function is ComposedFunction composed
        ? composed._root
        : new CallExpr(function, [.. Enumerable.Range(0, function.Arity).Select(i => (Expr)new ParameterExpr(i))]);

    private abstract class Expr
    {
        public abstract int CallCount { get; }

        public abstract object? Evaluate(ReadOnlySpan<object?> args);

        public abstract Expr MapParameters(Func<int, Expr> map);
    }

    private sealed class ParameterExpr(int index) : Expr
    {
        public override int CallCount => 0;

        public override object? Evaluate(ReadOnlySpan<object?> args) => args[index];

        public override Expr MapParameters(Func<int, Expr> map) => map(index);
    }

    /// <summary>
    /// A call. One instance can appear at several argument positions (a layer read twice through
    /// the same mapping); it is evaluated once per invocation, and the value reused, because
    /// <see cref="MapParameters"/> maps each parameter once and shares the result.
    /// </summary>
    private sealed class CallExpr(TaskFunction function, Expr[] args) : Expr
    {
        public override int CallCount => 1 + args.Sum(a => a.CallCount);

        public override object? Evaluate(ReadOnlySpan<object?> parameters)
        {
            var values = new object?[args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                // The same sub-expression at two positions is computed once.
                int first = Array.IndexOf(args, args[i]);
                values[i] = first < i ? values[first] : args[i].Evaluate(parameters);
            }

            object? result = function.Invoke(values);
            if (!function.RetainsArguments)
            {
                // Intermediates computed here are read by nobody else: recycle them now, unless the
                // result is a view of one. Task inputs (parameters) belong to the scheduler.
                for (int i = 0; i < args.Length; i++)
                {
                    if (args[i] is CallExpr && Array.IndexOf(args, args[i]) == i && values[i] is IRecyclable r && !r.SharesStorageWith(result))
                    {
                        r.Recycle();
                    }
                }
            }

            return result;
        }

        public override Expr MapParameters(Func<int, Expr> map)
        {
            var mapped = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
            return new CallExpr(function, [.. args.Select(a => mapped.TryGetValue(a, out Expr? m) ? m : mapped[a] = a.MapParameters(map))]);
        }
    }
}
