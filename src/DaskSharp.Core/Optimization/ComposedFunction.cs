using System.Buffers;
using System.Runtime.Loader;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using MessagePack;

namespace DaskSharp.Optimization;

/// <summary>
/// A function the optimiser built by nesting others: blockwise fusion turns
/// <c>g(f(a, b), c)</c>, applied block by block, into one function of <c>(c, a, b)</c>, so
/// stacked elementwise operations make one task per block instead of one per operation.
/// </summary>
internal sealed class ComposedFunction : TaskFunction, IPortableFunction
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

    /// <summary>The functions composed here (each once, in no particular order).</summary>
    public IEnumerable<TaskFunction> Parts()
    {
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Expr>([_root]);
        while (pending.Count > 0)
        {
            if (pending.Pop() is CallExpr call && seen.Add(call))
            {
                yield return call.Function;
                foreach (Expr arg in call.Args)
                {
                    pending.Push(arg);
                }
            }
        }
    }

    /// <inheritdoc/>
    public Type PortableFormat => typeof(ComposedFunction);

    /// <summary>
    /// [name, parameter types, return type, calls, root]: each call once, inner calls first, as
    /// [function, argument references]; a reference is a call's position, or -(p + 1) for parameter p.
    /// Shared sub-expressions stay shared, so they are still evaluated once.
    /// </summary>
    public byte[] ToPortableBytes()
    {
        var calls = new List<CallExpr>();
        var numbers = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        int root = Number(_root);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(5);
        writer.Write(Name);
        writer.WriteArrayHeader(ParameterTypes.Count);
        foreach (Type t in ParameterTypes)
        {
            writer.Write(t.AssemblyQualifiedName);
        }

        writer.Write(ReturnType.AssemblyQualifiedName);
        writer.WriteArrayHeader(calls.Count);
        foreach (CallExpr call in calls)
        {
            writer.WriteArrayHeader(2);
            writer.Write(FunctionCodec.Encode(call.Function));
            writer.WriteArrayHeader(call.Args.Length);
            foreach (Expr arg in call.Args)
            {
                writer.Write(Number(arg));
            }
        }

        writer.Write(root);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();

        int Number(Expr e)
        {
            switch (e)
            {
                case ParameterExpr p:
                    return -(p.Index + 1);
                case CallExpr c when numbers.TryGetValue(c, out int known):
                    return known;
                case CallExpr c:
                    foreach (Expr arg in c.Args)
                    {
                        Number(arg);
                    }

                    calls.Add(c);
                    return numbers[c] = calls.Count - 1;
                default:
                    throw new NotSupportedException($"Unknown expression {e.GetType().Name}.");
            }
        }
    }

    /// <summary>Rebuilds a composition from <see cref="ToPortableBytes"/>.</summary>
    public static TaskFunction FromPortableBytes(byte[] payload, AssemblyLoadContext context)
    {
        var reader = new MessagePackReader(payload);
        if (reader.ReadArrayHeader() != 5)
        {
            throw new InvalidDataException("A composed function is [name, parameter types, return type, calls, root].");
        }

        string name = reader.ReadString() ?? throw new InvalidDataException("A composed function without a name.");
        var parameterTypes = new Type[reader.ReadArrayHeader()];
        for (int i = 0; i < parameterTypes.Length; i++)
        {
            parameterTypes[i] = FunctionReference.ResolveType(reader.ReadString()!, context);
        }

        Type returnType = FunctionReference.ResolveType(reader.ReadString()!, context);
        var calls = new CallExpr[reader.ReadArrayHeader()];
        for (int i = 0; i < calls.Length; i++)
        {
            reader.ReadArrayHeader();
            TaskFunction function = FunctionCodec.Decode(reader.ReadBytes()?.ToArray() ?? throw new InvalidDataException("A call without its function."), context);
            var args = new Expr[reader.ReadArrayHeader()];
            for (int a = 0; a < args.Length; a++)
            {
                args[a] = Resolve(reader.ReadInt32(), i);
            }

            calls[i] = new CallExpr(function, args);
        }

        return new ComposedFunction(name, parameterTypes, returnType, Resolve(reader.ReadInt32(), calls.Length));

        Expr Resolve(int reference, int before) => reference < 0
            ? new ParameterExpr(-reference - 1)
            : reference < before ? calls[reference] : throw new InvalidDataException($"Call {reference} is used before it is defined.");
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
        public int Index => index;

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
        public TaskFunction Function => function;

        public Expr[] Args => args;

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
