using System.Buffers;

namespace DaskSharp.Arrays.Fusion;

/// <summary>
/// A node of a fused elementwise expression over a task's arguments. Besides evaluating a whole
/// block, a node of a 0-, 1- or 2-d expression can produce any rectangular region of its values
/// into a small buffer, so a fused task computes its block one cache-sized tile at a time and no
/// intermediate block ever reaches main memory.
/// </summary>
internal abstract class TileNode<T>
    where T : unmanaged
{
    /// <summary>The node's own block shape for these arguments.</summary>
    public abstract int[] Shape(ReadOnlySpan<object?> args);

    /// <summary>The whole block, through the ordinary kernels.</summary>
    public abstract NDArray<T> Evaluate(ReadOnlySpan<object?> args);

    /// <summary>True when every node below can produce regions (ranks 0 to 2).</summary>
    public abstract bool Tileable { get; }

    /// <summary>True when the expression generates or rearranges data (worth tiling), not just reads arguments.</summary>
    public abstract bool Generates { get; }

    /// <summary>The node as data, for another process (<see cref="TileCodec"/> reads it back).</summary>
    public abstract void Write(ref MessagePack.MessagePackWriter writer);

    /// <summary>This node with parameter leaves replaced and constant parameter positions renumbered.</summary>
    public abstract TileNode<T> Rebind(Func<int, TileNode<T>> parameters, Func<int, int> constants);

    /// <summary>
    /// Values of the region [r0, r0 + h) × [c0, c0 + w) of a 2-d result this node is broadcast into,
    /// row-major into <paramref name="destination"/> (h × w). A node whose own rows (columns) are 1
    /// repeats them, as NumPy broadcasting does.
    /// </summary>
    public void Fill(TileContext context, int r0, int c0, int h, int w, Span<T> destination)
    {
        var (rows, cols) = context.Plane(this);
        if (rows != 1 || h == 1)
        {
            if (cols != 1 || w == 1)
            {
                Region(context, rows == 1 ? 0 : r0, cols == 1 ? 0 : c0, h, w, destination);
                return;
            }
        }

        // Broadcast: compute the distinct part once, then repeat it.
        int hh = rows == 1 ? 1 : h;
        int ww = cols == 1 ? 1 : w;
        T[] rented = ArrayPool<T>.Shared.Rent(hh * ww);
        try
        {
            Span<T> compact = rented.AsSpan(0, hh * ww);
            Region(context, rows == 1 ? 0 : r0, cols == 1 ? 0 : c0, hh, ww, compact);
            for (int r = 0; r < h; r++)
            {
                Span<T> row = destination.Slice(r * w, w);
                if (ww == 1)
                {
                    row.Fill(compact[hh == 1 ? 0 : r]);
                }
                else
                {
                    compact.Slice((hh == 1 ? 0 : r) * ww, ww).CopyTo(row);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>Values of a region inside this node's own 2-d view (no broadcasting).</summary>
    protected abstract void Region(TileContext context, int r0, int c0, int h, int w, Span<T> destination);

    /// <summary>The 2-d view of a shape of rank 0 to 2: (1, 1), (1, n) or (r, c).</summary>
    public static (int Rows, int Cols) Plane(int[] shape) => shape.Length switch
    {
        0 => (1, 1),
        1 => (1, shape[0]),
        _ => (shape[^2], shape[^1]),
    };
}

/// <summary>
/// One fused task's evaluation: its arguments, and each node's block shape computed once (a block
/// is hundreds of tiles; shapes must not be recomputed per tile).
/// </summary>
internal sealed class TileContext(object?[] args)
{
    private readonly Dictionary<object, (int Rows, int Cols)> _planes = new(ReferenceEqualityComparer.Instance);

    public object?[] Args => args;

    public (int Rows, int Cols) Plane<T>(TileNode<T> node)
        where T : unmanaged
    {
        if (!_planes.TryGetValue(node, out var plane))
        {
            _planes[node] = plane = TileNode<T>.Plane(node.Shape(args));
        }

        return plane;
    }
}
