using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace DaskSharp.Serialization;

/// <summary>
/// The closure fields a lambda actually uses, read from its IL. C# gives all lambdas of one scope a
/// single closure object, so a function shipped to a worker would otherwise drag along every local
/// its neighbours captured — a <c>Client</c>, a socket, a large array — which may not serialize at
/// all. Fields reached only by other lambdas travel as null.
/// </summary>
internal static class ClosureFields
{
    private static readonly ConcurrentDictionary<MethodInfo, IReadOnlySet<FieldInfo>?> s_used = new();
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>
    /// The fields of compiler-generated closures that <paramref name="method"/> (and the closure methods
    /// it calls, such as local functions) reads or writes; null when its IL cannot be read, in which
    /// case every field travels.
    /// </summary>
    public static IReadOnlySet<FieldInfo>? UsedBy(MethodInfo method) => s_used.GetOrAdd(method, static m =>
    {
        var fields = new HashSet<FieldInfo>();
        return Collect(m, fields, []) ? fields : null;
    });

    /// <summary>
    /// <paramref name="used"/> widened by what the delegates it reaches use: a lambda that calls another
    /// lambda held in its closure (often the very same closure object) needs that lambda's fields too.
    /// Null when some reached delegate's IL cannot be read (then every field travels).
    /// </summary>
    public static IReadOnlySet<FieldInfo>? Reachable(object target, IReadOnlySet<FieldInfo> used)
    {
        var fields = new HashSet<FieldInfo>(used);
        bool grew = true;
        while (grew)
        {
            grew = false;
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<object>();
            pending.Push(target);
            while (pending.Count > 0)
            {
                object closure = pending.Pop();
                if (!seen.Add(closure))
                {
                    continue;
                }

                foreach (FieldInfo field in closure.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    if (!fields.Contains(field) || field.GetValue(closure) is not { } value)
                    {
                        continue;
                    }

                    if (value is Delegate d)
                    {
                        foreach (Delegate single in d.GetInvocationList())
                        {
                            if (UsedBy(single.Method) is not { } more)
                            {
                                return null;
                            }

                            int before = fields.Count;
                            fields.UnionWith(more);
                            grew |= fields.Count != before;
                            if (single.Target is { } inner && IsClosure(inner.GetType()))
                            {
                                pending.Push(inner);
                            }
                        }
                    }
                    else if (IsClosure(value.GetType()))
                    {
                        pending.Push(value);
                    }
                }
            }
        }

        return fields;
    }

    private static bool IsClosure(Type type) => type.IsClass && type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static bool Collect(MethodBase method, HashSet<FieldInfo> fields, HashSet<MethodBase> visited)
    {
        if (!visited.Add(method))
        {
            return true;
        }

        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
        {
            return false;
        }

        if (il is null)
        {
            return false;
        }

        Module module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            if (!s_opCodes.TryGetValue(value, out OpCode op))
            {
                return false; // not IL we understand: ship everything
            }

            i += op.Size;
            int operand = i + 4 <= il.Length ? BitConverter.ToInt32(il, i) : 0;
            try
            {
                if (op.OperandType == OperandType.InlineField
                    && module.ResolveField(operand, typeArgs, methodArgs) is { DeclaringType: { } owner } field
                    && owner.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
                {
                    fields.Add(field);
                }
                else if (op.OperandType == OperandType.InlineMethod
                    && module.ResolveMethod(operand, typeArgs, methodArgs) is { DeclaringType: { } callee } called
                    && callee.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
                    && !Collect(called, fields, visited))
                {
                    return false;
                }
            }
            catch (ArgumentException)
            {
                return false;
            }

            i += OperandSize(op.OperandType, il, i);
        }

        return true;
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
