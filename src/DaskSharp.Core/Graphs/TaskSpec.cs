using System.Runtime.CompilerServices;

namespace DaskSharp.Graphs;

/// <summary>
/// A task: a function applied to arguments that are literals, references to other keys or
/// nested lists of those. The Dask equivalent is a <c>Task</c> in a graph dict.
/// </summary>
/// <example><code>
/// var graph = new TaskGraph
/// {
///     ["x"] = new DataNode(1),
///     ["y"] = TaskSpec.Call((int a) => a + 1, TaskArg.Ref("x")),
/// };
/// </code></example>
public sealed class TaskSpec : GraphNode
{
    private readonly TaskArg[] _args;
    private readonly Key[] _dependencies;

    /// <summary>A task calling <paramref name="function"/> with <paramref name="args"/>.</summary>
    public TaskSpec(TaskFunction function, params TaskArg[] args)
    {
        Function = function ?? throw new ArgumentNullException(nameof(function));
        _args = args ?? throw new ArgumentNullException(nameof(args));
        var deps = new List<Key>();
        foreach (TaskArg arg in args)
        {
            arg.CollectDependencies(deps);
        }

        _dependencies = deps.Count <= 1 ? deps.ToArray() : deps.Distinct().ToArray();
    }

    /// <summary>The function to call.</summary>
    public TaskFunction Function { get; }

    /// <summary>The arguments, in call order.</summary>
    public IReadOnlyList<TaskArg> Args => _args;

    /// <inheritdoc/>
    public override IReadOnlyList<Key> Dependencies => _dependencies;

    /// <summary>A task calling a delegate; arguments that are not <see cref="TaskArg"/> are literals.</summary>
    public static TaskSpec Call(Delegate function, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var taskArgs = new TaskArg[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            taskArgs[i] = args[i] as TaskArg ?? TaskArg.Literal(args[i]);
        }

        return new TaskSpec(TaskFunction.From(function), taskArgs);
    }

    /// <inheritdoc/>
    public override object? Execute(IValueLookup values)
    {
        // Up to 8 arguments are resolved into a stack buffer: no allocation per task.
        if (_args.Length <= ArgBuffer.Length)
        {
            ArgBuffer buffer = default;
            Span<object?> span = ((Span<object?>)buffer)[.._args.Length];
            for (int i = 0; i < _args.Length; i++)
            {
                span[i] = _args[i].Resolve(values);
            }

            return Function.Invoke(span);
        }

        var resolved = new object?[_args.Length];
        for (int i = 0; i < _args.Length; i++)
        {
            resolved[i] = _args[i].Resolve(values);
        }

        return Function.Invoke(resolved);
    }

    internal override GraphNode Rename(IReadOnlyDictionary<Key, Key> renames)
    {
        var args = new TaskArg[_args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = _args[i].Rename(renames);
        }

        return new TaskSpec(Function, args);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Function.Name}({string.Join(", ", (object[])_args)})";

    [InlineArray(Length)]
    private struct ArgBuffer
    {
        public const int Length = 9;
        private object? _element0;
    }
}
