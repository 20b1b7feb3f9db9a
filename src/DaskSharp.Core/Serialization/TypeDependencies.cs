using System.Collections.Concurrent;
using System.Reflection;

namespace DaskSharp.Serialization;

/// <summary>
/// The assemblies a process must have to load a type: the type's own and those of its base types,
/// interfaces, enclosing types, generic arguments and fields, transitively. The runtime loads the
/// base type, the interfaces and the enclosing type along with a type (so a lambda declared in a
/// test class that implements xunit's <c>IClassFixture&lt;T&gt;</c> needs xunit), value-type fields
/// for its layout, and a field's type when code reads the field. Types of the shared frameworks are
/// not followed: every process has them.
/// </summary>
internal static class TypeDependencies
{
    private const BindingFlags DeclaredFields = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly ConcurrentDictionary<Type, Assembly[]> s_cache = new();

    /// <summary>The non-framework assemblies <paramref name="type"/> needs, its own first (when it is not the framework's).</summary>
    public static IReadOnlyList<Assembly> Of(Type type) => s_cache.GetOrAdd(type, Walk);

    private static Assembly[] Walk(Type root)
    {
        var found = new List<Assembly>();
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>();
        pending.Enqueue(root);
        while (pending.TryDequeue(out Type? type))
        {
            if (type.IsGenericParameter || !seen.Add(type))
            {
                continue;
            }

            if (type.HasElementType)
            {
                pending.Enqueue(type.GetElementType()!);
                continue;
            }

            if (type.IsConstructedGenericType)
            {
                pending.Enqueue(type.GetGenericTypeDefinition());
                foreach (Type argument in type.GetGenericArguments())
                {
                    pending.Enqueue(argument);
                }

                continue;
            }

            if (type.Assembly.IsDynamic || AssemblyDependencies.IsSharedFramework(type.Assembly.Location))
            {
                continue;
            }

            if (!found.Contains(type.Assembly))
            {
                found.Add(type.Assembly);
            }

            EnqueueShape(type, pending);
        }

        return [.. found];
    }

    private static void EnqueueShape(Type type, Queue<Type> pending)
    {
        try
        {
            if (type.BaseType is { } baseType)
            {
                pending.Enqueue(baseType);
            }

            foreach (Type i in type.GetInterfaces())
            {
                pending.Enqueue(i);
            }

            if (type.DeclaringType is { } outer)
            {
                pending.Enqueue(outer);
            }

            foreach (FieldInfo field in type.GetFields(DeclaredFields))
            {
                pending.Enqueue(field.FieldType);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
        {
            // This process cannot load part of the type's shape either: what it can see is what can be sent.
        }
    }
}
