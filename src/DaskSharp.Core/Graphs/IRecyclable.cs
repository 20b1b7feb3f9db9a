namespace DaskSharp.Graphs;

/// <summary>
/// A value whose storage can be handed back for reuse once nothing reads it: inside a fused task,
/// an intermediate consumed by a kernel that keeps no reference to its arguments is recycled right
/// after that call (array chunks return their buffers to a pool, so the next block reuses warm
/// memory instead of faulting in fresh pages).
/// </summary>
public interface IRecyclable
{
    /// <summary>True when <paramref name="other"/> uses this value's storage (e.g. is a view of it).</summary>
    bool SharesStorageWith(object? other);

    /// <summary>Hands the storage back; the value must not be used afterwards.</summary>
    void Recycle();
}
