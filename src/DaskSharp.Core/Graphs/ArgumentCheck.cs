namespace DaskSharp.Graphs;

/// <summary>Checks that a task's arguments fit its function, before anything runs.</summary>
internal static class ArgumentCheck
{
    public static void CheckAll(Execution.ExecutionPlan plan)
    {
        for (int i = 0; i < plan.Count; i++)
        {
            if (plan.Nodes[i] is TaskSpec task)
            {
                Check(plan.Keys[i], task, plan);
            }
        }
    }

    private static void Check(Key key, TaskSpec task, Execution.ExecutionPlan plan)
    {
        TaskFunction function = task.Function;
        if (task.Args.Count != function.Arity)
        {
            throw new InvalidGraphException(
                $"Task {key}: function {function.Name} takes {function.Arity} argument{(function.Arity == 1 ? "" : "s")} " +
                $"but was given {task.Args.Count}.", [key]);
        }

        for (int i = 0; i < task.Args.Count; i++)
        {
            Type expected = function.ParameterTypes[i];
            string? problem = Mismatch(task.Args[i], expected, plan);
            if (problem is not null)
            {
                throw new InvalidGraphException(
                    $"Task {key}: argument {i + 1} of {function.Name} must be {TypeName(expected)}, but {problem}.", [key]);
            }
        }
    }

    private static string? Mismatch(TaskArg arg, Type expected, Execution.ExecutionPlan plan)
    {
        switch (arg)
        {
            case LiteralArg { Value: null }:
                return expected.IsValueType && Nullable.GetUnderlyingType(expected) is null ? "it is null" : null;
            case LiteralArg literal:
                return expected.IsInstanceOfType(literal.Value) ? null : $"it is {TypeName(literal.Value.GetType())}";
            case KeyRefArg reference:
                Type? produced = ProducedType(plan.Nodes[plan.Index[reference.Key]]);
                return produced is null || Fits(produced, expected)
                    ? null
                    : $"key {reference.Key} produces {TypeName(produced)}";
            case ListArg list:
                Type arrayType = list.ElementType.MakeArrayType();
                if (!expected.IsAssignableFrom(arrayType))
                {
                    return $"it is a list of {TypeName(list.ElementType)}";
                }

                foreach (TaskArg item in list.Items)
                {
                    if (Mismatch(item, list.ElementType, plan) is { } inner)
                    {
                        return "a list item " + inner[(inner.StartsWith("it ", StringComparison.Ordinal) ? 3 : 0)..];
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static Type? ProducedType(GraphNode node) => node switch
    {
        TaskSpec t => t.Function.ReturnType,
        DataNode d => d.Value?.GetType(),
        _ => null,
    };

    // A producer declared as object (or an interface) may still deliver the right type at run time.
    private static bool Fits(Type produced, Type expected) =>
        expected.IsAssignableFrom(produced) || produced == typeof(object) || produced.IsInterface || expected.IsAssignableTo(produced);

    internal static string TypeName(Type t)
    {
        if (!t.IsGenericType)
        {
            return t.Name;
        }

        string name = t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)];
        return name + "<" + string.Join(", ", t.GetGenericArguments().Select(TypeName)) + ">";
    }
}
