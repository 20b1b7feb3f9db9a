// Generated for arities 0..8: one typed invoker per Func<> shape, so calling a task never
// goes through DynamicInvoke.
namespace DaskSharp.Graphs;

internal sealed class FuncTask<TResult> : TaskFunction
{
    private readonly Func<TResult> _function;

    public FuncTask(Func<TResult> function)
        : base(function, [], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function();
}

internal sealed class FuncTask<T1, TResult> : TaskFunction
{
    private readonly Func<T1, TResult> _function;

    public FuncTask(Func<T1, TResult> function)
        : base(function, [typeof(T1)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!);
}

internal sealed class FuncTask<T1, T2, TResult> : TaskFunction
{
    private readonly Func<T1, T2, TResult> _function;

    public FuncTask(Func<T1, T2, TResult> function)
        : base(function, [typeof(T1), typeof(T2)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!, (T2)args[1]!);
}

internal sealed class FuncTask<T1, T2, T3, TResult> : TaskFunction
{
    private readonly Func<T1, T2, T3, TResult> _function;

    public FuncTask(Func<T1, T2, T3, TResult> function)
        : base(function, [typeof(T1), typeof(T2), typeof(T3)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!, (T2)args[1]!, (T3)args[2]!);
}

internal sealed class FuncTask<T1, T2, T3, T4, TResult> : TaskFunction
{
    private readonly Func<T1, T2, T3, T4, TResult> _function;

    public FuncTask(Func<T1, T2, T3, T4, TResult> function)
        : base(function, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!);
}

internal sealed class FuncTask<T1, T2, T3, T4, T5, TResult> : TaskFunction
{
    private readonly Func<T1, T2, T3, T4, T5, TResult> _function;

    public FuncTask(Func<T1, T2, T3, T4, T5, TResult> function)
        : base(function, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!);
}

internal sealed class FuncTask<T1, T2, T3, T4, T5, T6, TResult> : TaskFunction
{
    private readonly Func<T1, T2, T3, T4, T5, T6, TResult> _function;

    public FuncTask(Func<T1, T2, T3, T4, T5, T6, TResult> function)
        : base(function, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!);
}

internal sealed class FuncTask<T1, T2, T3, T4, T5, T6, T7, TResult> : TaskFunction
{
    private readonly Func<T1, T2, T3, T4, T5, T6, T7, TResult> _function;

    public FuncTask(Func<T1, T2, T3, T4, T5, T6, T7, TResult> function)
        : base(function, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!);
}

internal sealed class FuncTask<T1, T2, T3, T4, T5, T6, T7, T8, TResult> : TaskFunction
{
    private readonly Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> _function;

    public FuncTask(Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> function)
        : base(function, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], typeof(TResult))
    {
        _function = function;
    }

    public override object? Invoke(ReadOnlySpan<object?> args) => _function((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!, (T8)args[7]!);
}
