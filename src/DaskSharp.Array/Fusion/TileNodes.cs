using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DaskSharp.Arrays.Fusion;

/// <summary>An argument of the task: a block computed by another task.</summary>
internal sealed class ParameterNode<T>(int index) : TileNode<T>
    where T : unmanaged
{
    public override void Write(ref MessagePack.MessagePackWriter writer) => TileCodec.WriteNode(ref writer, TileCodec.Parameter, [index]);


    public int Index => index;

    public override bool Tileable => true;

    public override bool Generates => false;

    public override int[] Shape(ReadOnlySpan<object?> args) => Value(args).ShapeArray;

    public override NDArray<T> Evaluate(ReadOnlySpan<object?> args) => Value(args);

    public override TileNode<T> Rebind(Func<int, TileNode<T>> parameters, Func<int, int> constants) => parameters(index);

    protected override void Region(TileContext context, int r0, int c0, int h, int w, Span<T> destination)
    {
        object?[] args = context.Args;
        NDArray<T> a = Value(args);
        if (a.Rank > 2)
        {
            throw new InvalidOperationException("Tiles are only cut from arrays of up to 2 dimensions.");
        }

        int rowStride = a.Rank == 2 ? a.Strides[0] : 0;
        int colStride = a.Rank >= 1 ? a.Strides[^1] : 0;
        ref T data = ref MemoryMarshal.GetArrayDataReference(a.Data);
        for (int r = 0; r < h; r++)
        {
            int start = a.Offset + ((r0 + r) * rowStride) + (c0 * colStride);
            Span<T> row = destination.Slice(r * w, w);
            if (colStride == 1)
            {
                a.Data.AsSpan(start, w).CopyTo(row);
            }
            else
            {
                for (int c = 0; c < w; c++)
                {
                    row[c] = Unsafe.Add(ref data, start + (c * colStride));
                }
            }
        }
    }

    private NDArray<T> Value(ReadOnlySpan<object?> args) => (NDArray<T>)args[index]!;
}

/// <summary><c>left op right</c> with broadcasting; the operation is an argument.</summary>
internal sealed class BinaryNode<T>(int op, TileNode<T> left, TileNode<T> right) : TileNode<T>
    where T : unmanaged
{
    public override void Write(ref MessagePack.MessagePackWriter writer)
    {
        TileCodec.WriteNode(ref writer, TileCodec.Binary, [op], 2);
        left.Write(ref writer);
        right.Write(ref writer);
    }


    public override bool Tileable => left.Tileable && right.Tileable;

    public override bool Generates => left.Generates || right.Generates || left is not ParameterNode<T> || right is not ParameterNode<T>;

    public override int[] Shape(ReadOnlySpan<object?> args) => Elementwise.BroadcastShape(left.Shape(args), right.Shape(args));

    public override NDArray<T> Evaluate(ReadOnlySpan<object?> args) => Elementwise.Binary(left.Evaluate(args), right.Evaluate(args), (BinaryOp)args[op]!);

    public override TileNode<T> Rebind(Func<int, TileNode<T>> parameters, Func<int, int> constants) =>
        new BinaryNode<T>(constants(op), left.Rebind(parameters, constants), right.Rebind(parameters, constants));

    protected override void Region(TileContext context, int r0, int c0, int h, int w, Span<T> destination)
    {
        object?[] args = context.Args;
        int n = h * w;
        T[] rented = ArrayPool<T>.Shared.Rent(n);
        try
        {
            Span<T> other = rented.AsSpan(0, n);
            left.Fill(context, r0, c0, h, w, destination);
            right.Fill(context, r0, c0, h, w, other);
            ArrayKernels<T>.Instance.Binary((BinaryOp)args[op]!, destination, other, destination);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }
}

/// <summary><c>child op scalar</c> or <c>scalar op child</c>.</summary>
internal sealed class ScalarNode<T>(int op, int scalar, bool scalarOnLeft, TileNode<T> child) : TileNode<T>
    where T : unmanaged
{
    public override void Write(ref MessagePack.MessagePackWriter writer)
    {
        TileCodec.WriteNode(ref writer, TileCodec.Scalar, [op, scalar, scalarOnLeft ? 1 : 0], 1);
        child.Write(ref writer);
    }


    public override bool Tileable => child.Tileable;

    public override bool Generates => child is not ParameterNode<T> || child.Generates;

    public override int[] Shape(ReadOnlySpan<object?> args) => child.Shape(args);

    public override NDArray<T> Evaluate(ReadOnlySpan<object?> args) => Elementwise.Binary(child.Evaluate(args), (T)args[scalar]!, (BinaryOp)args[op]!, scalarOnLeft);

    public override TileNode<T> Rebind(Func<int, TileNode<T>> parameters, Func<int, int> constants) =>
        new ScalarNode<T>(constants(op), constants(scalar), scalarOnLeft, child.Rebind(parameters, constants));

    protected override void Region(TileContext context, int r0, int c0, int h, int w, Span<T> destination)
    {
        object?[] args = context.Args;
        child.Fill(context, r0, c0, h, w, destination);
        if (scalarOnLeft)
        {
            ArrayKernels<T>.Instance.Binary((BinaryOp)args[op]!, (T)args[scalar]!, destination, destination);
        }
        else
        {
            ArrayKernels<T>.Instance.Binary((BinaryOp)args[op]!, destination, (T)args[scalar]!, destination);
        }
    }
}

/// <summary>An elementwise function of the child.</summary>
internal sealed class UnaryNode<T>(int op, TileNode<T> child) : TileNode<T>
    where T : unmanaged
{
    public override void Write(ref MessagePack.MessagePackWriter writer)
    {
        TileCodec.WriteNode(ref writer, TileCodec.Unary, [op], 1);
        child.Write(ref writer);
    }


    public override bool Tileable => child.Tileable;

    public override bool Generates => child is not ParameterNode<T> || child.Generates;

    public override int[] Shape(ReadOnlySpan<object?> args) => child.Shape(args);

    public override NDArray<T> Evaluate(ReadOnlySpan<object?> args) => Elementwise.Unary(child.Evaluate(args), (UnaryOp)args[op]!);

    public override TileNode<T> Rebind(Func<int, TileNode<T>> parameters, Func<int, int> constants) =>
        new UnaryNode<T>(constants(op), child.Rebind(parameters, constants));

    protected override void Region(TileContext context, int r0, int c0, int h, int w, Span<T> destination)
    {
        object?[] args = context.Args;
        child.Fill(context, r0, c0, h, w, destination);
        ArrayKernels<T>.Instance.Unary((UnaryOp)args[op]!, destination, destination);
    }
}

/// <summary>
/// The child with its axes permuted. Broadcasting never lowers rank, so below a root of rank 2 or
/// less every transpose is of rank 2 or less: its tiles are transposed tiles of the child.
/// </summary>
internal sealed class TransposeNode<T>(int axes, TileNode<T> child) : TileNode<T>
    where T : unmanaged
{
    public override void Write(ref MessagePack.MessagePackWriter writer)
    {
        TileCodec.WriteNode(ref writer, TileCodec.Transpose, [axes], 1);
        child.Write(ref writer);
    }


    public override bool Tileable => child.Tileable;

    public override bool Generates => true;

    public override int[] Shape(ReadOnlySpan<object?> args)
    {
        int[] inner = child.Shape(args);
        int[] perm = (int[])args[axes]!;
        return [.. perm.Select(p => inner[p])];
    }

    public override NDArray<T> Evaluate(ReadOnlySpan<object?> args) => child.Evaluate(args).Transpose((int[])args[axes]!);

    public override TileNode<T> Rebind(Func<int, TileNode<T>> parameters, Func<int, int> constants) =>
        new TransposeNode<T>(constants(axes), child.Rebind(parameters, constants));

    protected override void Region(TileContext context, int r0, int c0, int h, int w, Span<T> destination)
    {
        object?[] args = context.Args;
        if (((int[])args[axes]!).Length < 2)
        {
            child.Fill(context, r0, c0, h, w, destination);
            return;
        }

        int n = h * w;
        T[] rented = ArrayPool<T>.Shared.Rent(n);
        try
        {
            // Region (r0, c0, h, w) of the transpose is region (c0, r0, w, h) of the child.
            Span<T> source = rented.AsSpan(0, n);
            child.Fill(context, c0, r0, w, h, source);
            TileTranspose.Transpose<T>(source, w, h, destination);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }
}

/// <summary>Uniform random values of a block (see <see cref="RandomTiles"/>), scaled to [low, high).</summary>
internal sealed class RandomNode(int index, int chunks, int seed, int low, int high) : TileNode<double>
{
    public override void Write(ref MessagePack.MessagePackWriter writer) => TileCodec.WriteNode(ref writer, TileCodec.Random, [index, chunks, seed, low, high]);


    public override bool Tileable => true;

    public override bool Generates => true;

    public override int[] Shape(ReadOnlySpan<object?> args) => ((Chunks)args[chunks]!).BlockShape((int[])args[index]!);

    public override NDArray<double> Evaluate(ReadOnlySpan<object?> args) =>
        RandomFunctions.UniformBlock((int[])args[index]!, (Chunks)args[chunks]!, (ulong)args[seed]!, (double)args[low]!, (double)args[high]!);

    public override TileNode<double> Rebind(Func<int, TileNode<double>> parameters, Func<int, int> constants) =>
        new RandomNode(constants(index), constants(chunks), constants(seed), constants(low), constants(high));

    protected override void Region(TileContext context, int r0, int c0, int h, int w, Span<double> destination)
    {
        object?[] args = context.Args;
        var (rows, cols) = context.Plane(this);
        bool vector = ((Chunks)args[chunks]!).Rank == 1;
        int tileRows = vector ? 1 : RandomTiles.Tile;
        int tileCols = vector ? RandomTiles.VectorTile : RandomTiles.Tile;
        int[] blockIndex = (int[])args[index]!;
        ulong s = (ulong)args[seed]!;
        double lo = (double)args[low]!;
        double hi = (double)args[high]!;
        if (r0 % tileRows == 0 && c0 % tileCols == 0 && h == Math.Min(tileRows, rows - r0) && w == Math.Min(tileCols, cols - c0))
        {
            // The region is exactly one random tile (the usual case): generate it in place.
            RandomTiles.FillTile(s, blockIndex, 0, r0 / tileRows, c0 / tileCols, destination[..(h * w)]);
            Scale(destination[..(h * w)], lo, hi);
            return;
        }

        double[] tile = ArrayPool<double>.Shared.Rent(tileRows * tileCols);
        try
        {
            // Generate each random tile the region overlaps (one, when the region is a whole tile).
            for (int tr = r0 / tileRows; tr * tileRows < r0 + h; tr++)
            {
                int th = Math.Min(tileRows, rows - (tr * tileRows));
                for (int tc = c0 / tileCols; tc * tileCols < c0 + w; tc++)
                {
                    int tw = Math.Min(tileCols, cols - (tc * tileCols));
                    Span<double> values = tile.AsSpan(0, th * tw);
                    RandomTiles.FillTile(s, blockIndex, 0, tr, tc, values);
                    int rFrom = Math.Max(r0, tr * tileRows);
                    int rTo = Math.Min(r0 + h, (tr * tileRows) + th);
                    int cFrom = Math.Max(c0, tc * tileCols);
                    int cTo = Math.Min(c0 + w, (tc * tileCols) + tw);
                    for (int r = rFrom; r < rTo; r++)
                    {
                        values.Slice(((r - (tr * tileRows)) * tw) + (cFrom - (tc * tileCols)), cTo - cFrom)
                            .CopyTo(destination.Slice(((r - r0) * w) + (cFrom - c0), cTo - cFrom));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(tile);
        }

        Scale(destination[..(h * w)], lo, hi);
    }

    private static void Scale(Span<double> values, double lo, double hi)
    {
        if (lo != 0 || hi != 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply<double>(values, hi - lo, values);
            System.Numerics.Tensors.TensorPrimitives.Add<double>(values, lo, values);
        }
    }
}

/// <summary>A block of one repeated value.</summary>
internal sealed class FullNode<T>(int index, int chunks, int value) : TileNode<T>
    where T : unmanaged
{
    public override void Write(ref MessagePack.MessagePackWriter writer) => TileCodec.WriteNode(ref writer, TileCodec.Full, [index, chunks, value]);


    public override bool Tileable => true;

    public override bool Generates => true;

    public override int[] Shape(ReadOnlySpan<object?> args) => ((Chunks)args[chunks]!).BlockShape((int[])args[index]!);

    public override NDArray<T> Evaluate(ReadOnlySpan<object?> args) => NDArray<T>.Full((T)args[value]!, Shape(args));

    public override TileNode<T> Rebind(Func<int, TileNode<T>> parameters, Func<int, int> constants) =>
        new FullNode<T>(constants(index), constants(chunks), constants(value));

    protected override void Region(TileContext context, int r0, int c0, int h, int w, Span<T> destination) =>
        destination[..(h * w)].Fill((T)context.Args[value]!);
}
