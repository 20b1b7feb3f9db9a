using System.Collections.Immutable;
using DaskSharp.Graphs;

namespace DaskSharp.Diagnostics;

/// <summary>
/// Hooks into the local schedulers, as <c>dask.callbacks.Callback</c>: <see cref="Start"/> before
/// the first task, <see cref="PreTask"/> and <see cref="PostTask"/> around each task (on the thread
/// that runs it), <see cref="Finish"/> at the end, failed or not.
/// </summary>
/// <remarks>
/// A callback is active from construction until disposed, for the code that created it (and the
/// async flow it starts), as Dask's <c>with Callback():</c> block. <see cref="Register"/> makes it
/// active for every computation in the process until <see cref="Unregister"/>.
/// </remarks>
/// <example><code>
/// using (new ProgressBar())
/// {
///     total.Compute();
/// }
/// </code></example>
public abstract class Callback : IDisposable
{
    private static readonly AsyncLocal<ImmutableList<Callback>?> s_scoped = new();
    private static ImmutableList<Callback> s_global = [];
    private bool _disposed;

    /// <summary>Activates the callback for the current flow until disposed.</summary>
    protected Callback()
    {
        s_scoped.Value = (s_scoped.Value ?? []).Add(this);
    }

    /// <summary>Called once, before any task runs.</summary>
    public virtual void Start(ComputeProgress progress)
    {
    }

    /// <summary>Called on the running thread just before <paramref name="key"/> runs.</summary>
    public virtual void PreTask(Key key, ComputeProgress progress)
    {
    }

    /// <summary>Called on the running thread just after <paramref name="key"/> produced <paramref name="result"/>.</summary>
    public virtual void PostTask(Key key, object? result, ComputeProgress progress)
    {
    }

    /// <summary>Called once at the end; <paramref name="failed"/> tells whether the computation failed or was cancelled.</summary>
    public virtual void Finish(ComputeProgress progress, bool failed)
    {
    }

    /// <summary>Makes this callback active for every computation in the process.</summary>
    public void Register() => ImmutableInterlocked.Update(ref s_global, list => list.Contains(this) ? list : list.Add(this));

    /// <summary>Undoes <see cref="Register"/>.</summary>
    public void Unregister() => ImmutableInterlocked.Update(ref s_global, list => list.Remove(this));

    /// <summary>Deactivates the callback.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Deactivates the callback; subclasses release their own resources too.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (s_scoped.Value is { } scoped)
        {
            s_scoped.Value = scoped.Remove(this);
        }

        Unregister();
    }

    /// <summary>The callbacks active for the calling flow, global ones first.</summary>
    internal static ImmutableList<Callback> Active
    {
        get
        {
            ImmutableList<Callback> global = s_global;
            ImmutableList<Callback>? scoped = s_scoped.Value;
            if (scoped is null || scoped.IsEmpty)
            {
                return global;
            }

            return global.IsEmpty ? scoped : global.AddRange(scoped.Where(c => !global.Contains(c)));
        }
    }
}
