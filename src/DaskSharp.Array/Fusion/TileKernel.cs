using System.Buffers;
using DaskSharp.Graphs;

namespace DaskSharp.Arrays.Fusion;

/// <summary>
/// A block function that is an elementwise expression (<see cref="TileNode{T}"/>). When the
/// optimiser fuses two such functions it gets one expression (not nested calls), and a fused
/// expression that generates or rearranges data is evaluated one 64 × 64 tile at a time: the seed's
/// <c>(x + x.T) - mean</c> over random blocks never writes an intermediate block to memory.
/// </summary>
internal sealed class TileKernel<T> : TaskFunction, DaskSharp.Serialization.IPortableFunction
    where T : unmanaged
{
    private const int Tile = 64;

    public TileKernel(string name, Type[] parameterTypes, TileNode<T> root)
        : base(name, parameterTypes, typeof(NDArray<T>))
    {
        Root = root;
        AsKernel();
    }

    public TileNode<T> Root { get; }

    /// <inheritdoc/>
    public Type PortableFormat => typeof(TileCodec);

    /// <inheritdoc/>
    public byte[] ToPortableBytes() => TileCodec.WriteKernel(Name, ParameterTypes, Root, null);

    public override object? Invoke(ReadOnlySpan<object?> args)
    {
        int[] shape = Root.Shape(args);
        if (!Root.Tileable || !Root.Generates || shape.Length > 2 || NDArray<T>.ShapeSize(shape) <= Tile * Tile)
        {
            return Root.Evaluate(args);
        }

        var result = NDArray<T>.Uninitialized(shape);
        ForEachTile(Root, new TileContext(args.ToArray()), shape, (r0, c0, h, w, tile) =>
        {
            int cols = shape.Length == 2 ? shape[1] : shape.Length == 1 ? shape[0] : 1;
            Span<T> data = result.AsSpan();
            for (int r = 0; r < h; r++)
            {
                tile.Slice(r * w, w).CopyTo(data.Slice(((r0 + r) * cols) + c0, w));
            }
        });
        return result;
    }

    /// <summary>Evaluates the expression tile by tile (64 × 64, or runs of 4096 for 1-d), handing each to <paramref name="consume"/>.</summary>
    public static void ForEachTile(TileNode<T> root, TileContext context, int[] shape, TileAction consume)
    {
        var (rows, cols) = TileNode<T>.Plane(shape);
        int tileRows = shape.Length == 2 ? Tile : 1;
        int tileCols = shape.Length == 2 ? Tile : Tile * Tile;
        T[] buffer = ArrayPool<T>.Shared.Rent(tileRows * tileCols);
        try
        {
            for (int r0 = 0; r0 < rows; r0 += tileRows)
            {
                int h = Math.Min(tileRows, rows - r0);
                for (int c0 = 0; c0 < cols; c0 += tileCols)
                {
                    int w = Math.Min(tileCols, cols - c0);
                    Span<T> tile = buffer.AsSpan(0, h * w);
                    root.Fill(context, r0, c0, h, w, tile);
                    consume(r0, c0, h, w, tile);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }

    protected override TaskFunction? TrySubstitute(IReadOnlySet<int> positions, TaskFunction inner) =>
        inner is TileKernel<T> k ? Substitute(positions, k, (root, types) => new TileKernel<T>(Name, types, root)) : null;

    /// <summary>Replaces parameters at <paramref name="positions"/> by the inner kernel's expression, renumbering the rest as the optimiser expects.</summary>
    internal TaskFunction Substitute(IReadOnlySet<int> positions, TileKernel<T> inner, Func<TileNode<T>, Type[], TaskFunction> create) =>
        SubstituteRoot(Root, this, positions, inner, create);

    internal static TaskFunction SubstituteRoot(TileNode<T> root, TaskFunction outer, IReadOnlySet<int> positions, TileKernel<T> inner, Func<TileNode<T>, Type[], TaskFunction> create)
    {
        var newPosition = new int[outer.Arity];
        var kept = new List<int>();
        for (int i = 0; i < outer.Arity; i++)
        {
            if (!positions.Contains(i))
            {
                newPosition[i] = kept.Count;
                kept.Add(i);
            }
        }

        int offset = kept.Count;
        TileNode<T> shifted = inner.Root.Rebind(p => new ParameterNode<T>(p + offset), c => c + offset);
        TileNode<T> newRoot = root.Rebind(p => positions.Contains(p) ? shifted : new ParameterNode<T>(newPosition[p]), c => newPosition[c]);
        Type[] types = [.. kept.Select(i => outer.ParameterTypes[i]), .. inner.ParameterTypes];
        return create(newRoot, types);
    }

    internal delegate void TileAction(int r0, int c0, int h, int w, Span<T> tile);
}
