using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

// The Dask.Delayed overloads for functions of 0..8 arguments are generated (one per Func<> shape).
public static partial class Dask
{

    /// <summary>
    /// Wraps a function of 0 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DaskSharp.Delayed<TResult>> Delayed<TResult>(Func<TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return () => DelayedCall.Create<TResult>(task, function, name, pure, [], [], []);
    }

    /// <summary>
    /// Wraps a function of 1 argument so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DaskSharp.Delayed<TResult>> Delayed<T1, TResult>(Func<T1, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return a1 => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg], [a1.Identity], [a1.Dependencies]);
    }

    /// <summary>
    /// Wraps a function of 2 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DelayedArg<T2>, DaskSharp.Delayed<TResult>> Delayed<T1, T2, TResult>(Func<T1, T2, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return (a1, a2) => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg, a2.Arg], [a1.Identity, a2.Identity], [a1.Dependencies, a2.Dependencies]);
    }

    /// <summary>
    /// Wraps a function of 3 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DelayedArg<T2>, DelayedArg<T3>, DaskSharp.Delayed<TResult>> Delayed<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return (a1, a2, a3) => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg, a2.Arg, a3.Arg], [a1.Identity, a2.Identity, a3.Identity], [a1.Dependencies, a2.Dependencies, a3.Dependencies]);
    }

    /// <summary>
    /// Wraps a function of 4 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DelayedArg<T2>, DelayedArg<T3>, DelayedArg<T4>, DaskSharp.Delayed<TResult>> Delayed<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return (a1, a2, a3, a4) => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg, a2.Arg, a3.Arg, a4.Arg], [a1.Identity, a2.Identity, a3.Identity, a4.Identity], [a1.Dependencies, a2.Dependencies, a3.Dependencies, a4.Dependencies]);
    }

    /// <summary>
    /// Wraps a function of 5 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DelayedArg<T2>, DelayedArg<T3>, DelayedArg<T4>, DelayedArg<T5>, DaskSharp.Delayed<TResult>> Delayed<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return (a1, a2, a3, a4, a5) => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg, a2.Arg, a3.Arg, a4.Arg, a5.Arg], [a1.Identity, a2.Identity, a3.Identity, a4.Identity, a5.Identity], [a1.Dependencies, a2.Dependencies, a3.Dependencies, a4.Dependencies, a5.Dependencies]);
    }

    /// <summary>
    /// Wraps a function of 6 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DelayedArg<T2>, DelayedArg<T3>, DelayedArg<T4>, DelayedArg<T5>, DelayedArg<T6>, DaskSharp.Delayed<TResult>> Delayed<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return (a1, a2, a3, a4, a5, a6) => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg, a2.Arg, a3.Arg, a4.Arg, a5.Arg, a6.Arg], [a1.Identity, a2.Identity, a3.Identity, a4.Identity, a5.Identity, a6.Identity], [a1.Dependencies, a2.Dependencies, a3.Dependencies, a4.Dependencies, a5.Dependencies, a6.Dependencies]);
    }

    /// <summary>
    /// Wraps a function of 7 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DelayedArg<T2>, DelayedArg<T3>, DelayedArg<T4>, DelayedArg<T5>, DelayedArg<T6>, DelayedArg<T7>, DaskSharp.Delayed<TResult>> Delayed<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return (a1, a2, a3, a4, a5, a6, a7) => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg, a2.Arg, a3.Arg, a4.Arg, a5.Arg, a6.Arg, a7.Arg], [a1.Identity, a2.Identity, a3.Identity, a4.Identity, a5.Identity, a6.Identity, a7.Identity], [a1.Dependencies, a2.Dependencies, a3.Dependencies, a4.Dependencies, a5.Dependencies, a6.Dependencies, a7.Dependencies]);
    }

    /// <summary>
    /// Wraps a function of 8 arguments so that calling it builds a lazy task instead of running it.
    /// Arguments may be plain values, delayed values or arrays of delayed values.
    /// </summary>
    /// <param name="function">A static method, lambda or closure.</param>
    /// <param name="name">The key prefix (default: the method name, or <c>lambda</c>).</param>
    /// <param name="pure">True (the default): the key is a token of the function and arguments, so equal calls share one task.
    /// False: every call gets a fresh key (for random or side-effecting functions).</param>
    public static Func<DelayedArg<T1>, DelayedArg<T2>, DelayedArg<T3>, DelayedArg<T4>, DelayedArg<T5>, DelayedArg<T6>, DelayedArg<T7>, DelayedArg<T8>, DaskSharp.Delayed<TResult>> Delayed<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> function, string? name = null, bool pure = true)
    {
        ArgumentNullException.ThrowIfNull(function);
        TaskFunction task = TaskFunction.From(function);
        return (a1, a2, a3, a4, a5, a6, a7, a8) => DelayedCall.Create<TResult>(task, function, name, pure, [a1.Arg, a2.Arg, a3.Arg, a4.Arg, a5.Arg, a6.Arg, a7.Arg, a8.Arg], [a1.Identity, a2.Identity, a3.Identity, a4.Identity, a5.Identity, a6.Identity, a7.Identity, a8.Identity], [a1.Dependencies, a2.Dependencies, a3.Dependencies, a4.Dependencies, a5.Dependencies, a6.Dependencies, a7.Dependencies, a8.Dependencies]);
    }
}
