using DaskSharp.Graphs;

namespace DaskSharp.Arrays.Fusion;

/// <summary>
/// The first step of a reduction (a block reduced to its keepdims partial) over an elementwise
/// expression. Fused with the expression, it consumes the expression tile by tile, so reducing
/// <c>(x + x.T) - mean</c> reads no intermediate block from memory.
/// </summary>
internal sealed class TileReduceKernel<T> : TaskFunction, DaskSharp.Serialization.IPortableFunction
    where T : unmanaged
{
    private readonly int _axes;
    private readonly bool _mean;

    /// <summary>A reduction whose axes are parameter <paramref name="axes"/>; <paramref name="mean"/> returns a <see cref="MeanPartial"/> (double only).</summary>
    public TileReduceKernel(string name, Type[] parameterTypes, ReduceOp op, int axes, bool mean, TileNode<T> child)
        : base(name, parameterTypes, mean ? typeof(MeanPartial) : typeof(NDArray<T>))
    {
        Op = op;
        _axes = axes;
        _mean = mean;
        Child = child;
        AsKernel();
    }

    public ReduceOp Op { get; }

    public TileNode<T> Child { get; }

    /// <inheritdoc/>
    public Type PortableFormat => typeof(TileCodec);

    /// <inheritdoc/>
    public byte[] ToPortableBytes() => TileCodec.WriteKernel(Name, ParameterTypes, Child, (Op, _axes, _mean));

    public override object? Invoke(ReadOnlySpan<object?> args)
    {
        int[] axes = (int[])args[_axes]!;
        int[] shape = Child.Shape(args);
        NDArray<T> partial = Child.Tileable && Child.Generates && shape.Length <= 2
            ? ReduceTiles(args, shape, axes)
            : Reductions.Reduce(Child.Evaluate(args), Op, axes, keepDims: true);
        if (!_mean)
        {
            return partial;
        }

        long count = axes.Aggregate(1L, (n, a) => n * shape[a]);
        return new MeanPartial((NDArray<double>)(object)partial, count);
    }

    protected override TaskFunction? TrySubstitute(IReadOnlySet<int> positions, TaskFunction inner) =>
        inner is TileKernel<T> k
            ? TileKernel<T>.SubstituteRoot(Child, this, positions, k, (root, types) => new TileReduceKernel<T>(Name, types, Op, Renumber(positions), _mean, root))
            : null;

    private int Renumber(IReadOnlySet<int> positions) => _axes - positions.Count(p => p < _axes);

    private NDArray<T> ReduceTiles(ReadOnlySpan<object?> args, int[] shape, int[] axes)
    {
        ArrayKernels<T> k = ArrayKernels<T>.Instance;
        int[] kept = Reductions.KeptShape(shape, axes);
        NDArray<T> result = NDArray<T>.Full(k.Identity(Op), kept);
        bool rowsReduced = shape.Length == 2 && axes.Contains(0);
        bool colsReduced = shape.Length >= 1 && axes.Contains(shape.Length - 1);
        T[] data = result.Data;
        int cols = shape.Length == 0 ? 1 : shape[^1];
        TileKernel<T>.ForEachTile(Child, new TileContext(args.ToArray()), shape, (r0, c0, h, w, tile) =>
        {
            if (colsReduced && (rowsReduced || shape.Length < 2))
            {
                // Everything reduces to one value: the whole tile in one call.
                data[0] = k.Combine(Op, data[0], k.Reduce(Op, tile));
                return;
            }

            for (int r = 0; r < h; r++)
            {
                Span<T> row = tile.Slice(r * w, w);
                if (colsReduced)
                {
                    // One value per row.
                    data[r0 + r] = k.Combine(Op, data[r0 + r], k.Reduce(Op, row));
                }
                else
                {
                    // Rows fold into the output row, or land in their own row when kept.
                    k.Accumulate(Op, data.AsSpan((rowsReduced ? 0 : (r0 + r) * cols) + c0, w), row);
                }
            }
        });
        return result;
    }
}
