using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

/// <summary>Builds the delayed value of one function call: its task, its key and its dependencies.</summary>
internal static class DelayedCall
{
    public static Delayed<TResult> Create<TResult>(TaskFunction function, Delegate original, string? name, bool pure, ReadOnlySpan<TaskArg> args, ReadOnlySpan<object?> identities, ReadOnlySpan<Delayed[]> dependencies)
    {
        var deps = new List<Delayed>();
        foreach (Delayed[] d in dependencies)
        {
            deps.AddRange(d);
        }

        Key key;
        if (name is not null && !pure)
        {
            key = new Key(name);
        }
        else
        {
            string token = pure ? TokenizeCall(original, identities) : Guid.NewGuid().ToString("N");
            key = new Key($"{name ?? function.Name}-{token}");
        }

        return new Delayed<TResult>(key, new TaskSpec(function, args.ToArray()), [.. deps]);
    }

    private static string TokenizeCall(Delegate function, ReadOnlySpan<object?> identities)
    {
        var writer = new TokenWriter();
        writer.WriteValue(function);
        writer.WriteInt(identities.Length);
        foreach (object? id in identities)
        {
            writer.WriteValue(id);
        }

        return writer.Finish();
    }
}
