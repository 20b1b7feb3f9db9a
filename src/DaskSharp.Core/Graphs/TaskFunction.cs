using System.Collections.Concurrent;
using System.Reflection;

namespace DaskSharp.Graphs;

/// <summary>
/// The callable part of a task: a delegate plus a typed invoker that unpacks an argument span
/// without reflection. Create one with <see cref="From(Delegate)"/>; the same object can be turned
/// into bytes and back (see <c>DaskSharp.Serialization.FunctionReference</c>).
/// </summary>
public abstract class TaskFunction
{
    private static readonly ConcurrentDictionary<Type, Func<Delegate, TaskFunction>> s_factories = new();

    private protected TaskFunction(Delegate function, Type[] parameterTypes, Type returnType)
        : this(FunctionNames.Of(function.Method), parameterTypes, returnType)
    {
        Delegate = function;
    }

    /// <summary>A function built by the optimiser or a collection (a fused kernel) rather than from a delegate.</summary>
    protected TaskFunction(string name, Type[] parameterTypes, Type returnType)
    {
        Name = name;
        ParameterTypes = parameterTypes;
        ReturnType = returnType;
    }

    /// <summary>The wrapped delegate, or null for a function the optimiser composed from others.</summary>
    public Delegate? Delegate { get; }

    /// <summary>The declared parameter types, in order.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }

    /// <summary>The declared return type.</summary>
    public Type ReturnType { get; }

    /// <summary>A readable name used as a key prefix: the method name, or <c>lambda</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// False for library kernels that keep no reference to their arguments in their result (other
    /// than sharing storage, which <see cref="IRecyclable.SharesStorageWith"/> detects), so fused
    /// tasks may recycle intermediates after the call. True (the safe default) for user functions.
    /// </summary>
    public bool RetainsArguments { get; private set; } = true;

    /// <summary>Marks this function as a kernel that keeps no reference to its arguments; returns it.</summary>
    public TaskFunction AsKernel()
    {
        RetainsArguments = false;
        return this;
    }

    /// <summary>The number of arguments the function takes.</summary>
    public int Arity => ParameterTypes.Count;

    /// <summary>
    /// Lets a collection fuse its own kernels better than by nesting calls (arrays evaluate a fused
    /// chain of elementwise operations tile by tile, in cache). Returns this function with its
    /// parameters at <paramref name="positions"/> replaced by <paramref name="inner"/>, taking this
    /// function's other parameters in order followed by <paramref name="inner"/>'s; or null to let the
    /// optimiser nest the calls.
    /// </summary>
    protected internal virtual TaskFunction? TrySubstitute(IReadOnlySet<int> positions, TaskFunction inner) => null;

    /// <summary>Calls the function; <paramref name="args"/> must have exactly <see cref="Arity"/> values.</summary>
    public abstract object? Invoke(ReadOnlySpan<object?> args);

    /// <summary>Wraps any <c>Func&lt;…&gt;</c> delegate of up to 8 arguments.</summary>
    public static TaskFunction From(Delegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var factory = s_factories.GetOrAdd(function.GetType(), CreateFactory);
        return factory(function);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static Func<Delegate, TaskFunction> CreateFactory(Type delegateType)
    {
        if (!delegateType.IsGenericType)
        {
            throw new ArgumentException(
                $"Tasks take Func<…> delegates of up to 8 arguments; {delegateType} is not one.", nameof(delegateType));
        }

        Type definition = delegateType.GetGenericTypeDefinition();
        Type[] args = delegateType.GetGenericArguments();
        Type? invoker = definition.FullName switch
        {
            "System.Func`1" => typeof(FuncTask<>),
            "System.Func`2" => typeof(FuncTask<,>),
            "System.Func`3" => typeof(FuncTask<,,>),
            "System.Func`4" => typeof(FuncTask<,,,>),
            "System.Func`5" => typeof(FuncTask<,,,,>),
            "System.Func`6" => typeof(FuncTask<,,,,,>),
            "System.Func`7" => typeof(FuncTask<,,,,,,>),
            "System.Func`8" => typeof(FuncTask<,,,,,,,>),
            "System.Func`9" => typeof(FuncTask<,,,,,,,,>),
            _ => null,
        };
        if (invoker is null)
        {
            throw new ArgumentException(
                $"Tasks take Func<…> delegates of up to 8 arguments; {delegateType} is not one.", nameof(delegateType));
        }

        ConstructorInfo ctor = invoker.MakeGenericType(args).GetConstructors()[0];
        return d => (TaskFunction)ctor.Invoke([d]);
    }
}
