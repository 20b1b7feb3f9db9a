using System.Collections.Concurrent;

namespace DaskSharp.Arrays;

/// <summary>
/// Reuses large chunk buffers. Fresh 16 MiB arrays cost page faults and trigger full garbage
/// collections of the large object heap, which together cost more than a cheap kernel; buffers that
/// fused tasks recycle (<see cref="Graphs.IRecyclable"/>) are handed out again here, a few per size.
/// </summary>
internal static class BufferPool<T>
    where T : unmanaged
{
    /// <summary>Buffers smaller than this are left to the garbage collector.</summary>
    private const int MinimumLength = 1 << 15;
    private const int PerLength = 6;

    private static readonly ConcurrentDictionary<int, ConcurrentStack<T[]>> s_free = new();

    public static T[] Rent(int length)
    {
        if (length >= MinimumLength && s_free.TryGetValue(length, out var stack) && stack.TryPop(out T[]? buffer))
        {
            return buffer;
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    public static void Return(T[] buffer)
    {
        if (buffer.Length < MinimumLength)
        {
            return;
        }

        ConcurrentStack<T[]> stack = s_free.GetOrAdd(buffer.Length, static _ => new ConcurrentStack<T[]>());
        if (stack.Count < PerLength)
        {
            stack.Push(buffer);
        }
    }
}
