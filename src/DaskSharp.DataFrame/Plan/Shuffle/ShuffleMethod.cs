using DaskSharp.Execution;

namespace DaskSharp.DataFrames.Plan;

/// <summary>How a shuffle moves its rows (Dask's <c>shuffle_method</c>).</summary>
public enum ShuffleMethod
{
    /// <summary>Tasks: a split task per input, a piece task per (input, output) pair, a gather task per output.</summary>
    Tasks,

    /// <summary>Peer to peer: a transfer task per input, one barrier, an unpack task per output; the pieces go through the executor's shuffle service (workers stream them to each other, buffered to disk past a budget).</summary>
    P2P,
}

/// <summary>The choice of a shuffle's method, as Dask's <c>get_default_shuffle_method</c>.</summary>
public static class ShuffleMethods
{
    /// <summary>The configuration key that sets the method when none is given (<c>"tasks"</c> or <c>"p2p"</c>).</summary>
    public const string ConfigKey = "dataframe.shuffle.method";

    /// <summary>
    /// <paramref name="method"/> when given; otherwise the configured <see cref="ConfigKey"/>; otherwise
    /// p2p when the graph will run on a distributed client (<paramref name="scheduler"/>, or the default
    /// scheduler, is not a local one) and tasks on the local schedulers.
    /// </summary>
    /// <exception cref="ArgumentException">for a method that is neither "tasks" nor "p2p", naming it.</exception>
    public static ShuffleMethod Resolve(string? method, string? scheduler = null)
    {
        method ??= DaskConfig.Get<string?>(ConfigKey, null);
        if (method is null)
        {
            return SchedulerRegistry.Resolve(scheduler) is LocalScheduler ? ShuffleMethod.Tasks : ShuffleMethod.P2P;
        }

        return method.ToLowerInvariant() switch
        {
            "tasks" => ShuffleMethod.Tasks,
            "p2p" => ShuffleMethod.P2P,
            _ => throw new ArgumentException($"Unknown shuffle method '{method}': use \"tasks\" or \"p2p\".", nameof(method)),
        };
    }

    /// <summary>The method as Explain and Dask spell it.</summary>
    public static string Name(ShuffleMethod method) => method == ShuffleMethod.P2P ? "p2p" : "tasks";
}
