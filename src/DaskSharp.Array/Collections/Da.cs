using DaskSharp.Arrays;
using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

/// <summary>
/// Creating chunked arrays, as <c>dask.array</c>'s module functions: <c>Da.Zeros</c>,
/// <c>Da.Ones</c>, <c>Da.Full</c>, <c>Da.Arange</c>, <c>Da.FromArray</c>, <c>Da.Random</c>, <c>Da.Where</c>.
/// </summary>
public static partial class Da
{
    /// <summary>Random arrays from fresh entropy; <c>Da.Random.DefaultRng(seed)</c> gives a seeded generator.</summary>
    public static RandomGenerator Random { get; } = new(null);

    /// <summary>An array of zeros.</summary>
    public static DaskArray<T> Zeros<T>(Shape shape, ChunkSpec? chunks = null)
        where T : unmanaged => Full(shape, default(T), chunks, "zeros");

    /// <summary>An array of ones.</summary>
    public static DaskArray<T> Ones<T>(Shape shape, ChunkSpec? chunks = null)
        where T : unmanaged => Full(shape, ArrayKernels<T>.Instance.FromDouble(1), chunks, "ones");

    /// <summary>An array with every element <paramref name="value"/>.</summary>
    public static DaskArray<T> Full<T>(Shape shape, T value, ChunkSpec? chunks = null)
        where T : unmanaged => Full(shape, value, chunks, "full");

    /// <summary>An array whose contents do not matter (NumPy's <c>empty</c>; here, zeros).</summary>
    public static DaskArray<T> Empty<T>(Shape shape, ChunkSpec? chunks = null)
        where T : unmanaged => Full(shape, default(T), chunks, "empty");

    /// <summary>The integers 0, 1, …, stop − 1 (NumPy's <c>arange(stop)</c>, int64).</summary>
    public static DaskArray<long> Arange(long stop, ChunkSpec? chunks = null) => Arange(0, stop, 1, chunks);

    /// <summary>The integers from start up to (not including) stop by step (NumPy's <c>arange</c> with integer bounds, int64).</summary>
    public static DaskArray<long> Arange(long start, long stop, long step = 1, ChunkSpec? chunks = null)
    {
        if (step == 0)
        {
            throw new ArgumentException("arange step must not be zero.", nameof(step));
        }

        long n = Math.Max(0, ((stop - start) + step - Math.Sign(step)) / step);
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", [n], sizeof(long));
        return ArrayBuilder.Blockwise<long>(
            "arange", CreationFunctions.IntegerArange, normalized,
            [BlockInput.Index(), BlockInput.Constant(normalized), BlockInput.Constant(start), BlockInput.Constant(step)],
            inlinable: true);
    }

    /// <summary>The values 0, 1, …, below stop (NumPy's <c>arange(stop)</c> with a float bound, float64).</summary>
    public static DaskArray<double> Arange(double stop, ChunkSpec? chunks = null) => Arange(0, stop, 1, chunks);

    /// <summary>Evenly spaced values in [start, stop) (NumPy's <c>arange</c>).</summary>
    public static DaskArray<double> Arange(double start, double stop, double step = 1, ChunkSpec? chunks = null)
    {
        if (step == 0)
        {
            throw new ArgumentException("arange step must not be zero.", nameof(step));
        }

        long n = Math.Max(0, (long)Math.Ceiling((stop - start) / step));
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", [n], sizeof(double));
        return ArrayBuilder.Blockwise<double>(
            "arange", CreationFunctions.Arange, normalized,
            [BlockInput.Index(), BlockInput.Constant(normalized), BlockInput.Constant(start), BlockInput.Constant(step)],
            inlinable: true);
    }

    /// <summary><paramref name="num"/> evenly spaced values from start to stop (NumPy's <c>linspace</c>).</summary>
    public static DaskArray<double> Linspace(double start, double stop, int num = 50, bool endpoint = true, ChunkSpec? chunks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(num);
        double step = (stop - start) / Math.Max(1, endpoint ? num - 1 : num);
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", [num], sizeof(double));
        return ArrayBuilder.Blockwise<double>(
            "linspace", CreationFunctions.Arange, normalized,
            [BlockInput.Index(), BlockInput.Constant(normalized), BlockInput.Constant(start), BlockInput.Constant(step)],
            inlinable: true);
    }

    /// <summary>A chunked array over an in-memory array (cut into blocks when computed).</summary>
    public static DaskArray<T> FromArray<T>(NDArray<T> array, ChunkSpec? chunks = null, string? name = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        long[] shape = [.. array.ShapeArray.Select(s => (long)s)];
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", shape, DaskArray<T>.ItemSize);
        // The chunks are part of the name, as in Dask: the same data in other chunks has other blocks
        // under the same keys, which a cluster still holding the first ones would hand out instead.
        string arrayName = name ?? $"array-{Tokenizer.Tokenize(array.ToArray(), array.ShapeArray, normalized)}";
        var tasks = new TaskGraph();
        foreach (int[] index in BlockGrid.Indices(normalized.NumBlocks))
        {
            int[] starts = [.. Enumerable.Range(0, shape.Length).Select(d => (int)normalized.Start(d, index[d]))];
            tasks.Add(new Key(arrayName, index), new DataNode(array.Block(starts, normalized.BlockShape(index))));
        }

        return ArrayBuilder.FromTasks<T>(arrayName, tasks, normalized);
    }

    /// <summary>A chunked array over a .NET array (1-d).</summary>
    public static DaskArray<T> FromArray<T>(T[] data, ChunkSpec? chunks = null)
        where T : unmanaged => FromArray(NDArray<T>.FromArray(data ?? throw new ArgumentNullException(nameof(data)), data.Length), chunks);

    /// <summary>A chunked array over a rectangular .NET array (copied).</summary>
    public static DaskArray<T> FromArray<T>(T[,] data, ChunkSpec? chunks = null)
        where T : unmanaged => FromArray(NDArray<T>.FromArray(data), chunks);

    /// <summary>
    /// Applies <paramref name="function"/> to matching blocks of two arrays (Dask's <c>blockwise</c>
    /// with index strings): each input's letters name its axes, the output's letters say which axes
    /// the output keeps and in what order; <c>"ij", x, "ij", y, "ji"</c> pairs x's block (i, j) with
    /// y's block (j, i). A letter missing from the output is contracted: the blocks along it are
    /// concatenated before the call (Dask's <c>concatenate=True</c>), so <c>"ik", x, "ij", y, "jk"</c>
    /// with a matrix product is a matrix product. Chunks of a shared letter are unified by rechunking.
    /// </summary>
    public static DaskArray<TOut> Blockwise<T1, T2, TOut>(Func<NDArray<T1>, NDArray<T2>, NDArray<TOut>> function, string outIndex, DaskArray<T1> x, string xIndex, DaskArray<T2> y, string yIndex)
        where T1 : unmanaged
        where T2 : unmanaged
        where TOut : unmanaged => IndexedBlockwise.Two(function, outIndex, x, xIndex, y, yIndex);

    /// <summary>One array's blocks through an index string (e.g. <c>"ji"</c> for a transposed read; a missing letter concatenates along it).</summary>
    public static DaskArray<TOut> Blockwise<T1, TOut>(Func<NDArray<T1>, NDArray<TOut>> function, string outIndex, DaskArray<T1> x, string xIndex)
        where T1 : unmanaged
        where TOut : unmanaged => IndexedBlockwise.One(function, outIndex, x, xIndex);

    /// <summary>A one-block array whose block is a delayed value (Dask's <c>from_delayed</c>); the shape must be given.</summary>
    public static DaskArray<T> FromDelayed<T>(Delayed<NDArray<T>> value, Shape shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(value);
        long[] dims = shape.Dimensions;
        string name = $"from-value-{Tokenizer.Tokenize(value.Key, dims)}";
        var check = TaskFunction.From((NDArray<T> block, long[] expected) =>
        {
            if (!block.ShapeArray.Select(d => (long)d).SequenceEqual(expected))
            {
                throw new InvalidOperationException($"The delayed value has shape {NDArray<T>.ShapeText(block.Shape)}, not the declared ({string.Join(", ", expected)}).");
            }

            return block;
        });
        var tasks = new TaskGraph();
        tasks.Add(new Key(name, new int[dims.Length]), new TaskSpec(check, TaskArg.Ref(value.Key), TaskArg.Literal(dims)));
        var builder = new GraphBuilder();
        value.AddGraph(builder);
        return ArrayBuilder.FromTasks<T>(name, tasks, new Chunks([.. dims.Select(d => new[] { d })]), builder.Build());
    }

    /// <summary>A lazy array over a directory written by <c>ToNpyStack</c> (Dask's <c>from_npy_stack</c>).</summary>
    public static DaskArray<T> FromNpyStack<T>(string directory)
        where T : unmanaged => Npy.FromNpyStack<T>(directory);

    /// <summary>The elementwise larger of two arrays (NaN if either is NaN), with broadcasting.</summary>
    public static DaskArray<T> Maximum<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged => ElementwiseOps.Binary(a, b, BinaryOp.Maximum);

    /// <summary>The elementwise smaller of two arrays (NaN if either is NaN), with broadcasting.</summary>
    public static DaskArray<T> Minimum<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged => ElementwiseOps.Binary(a, b, BinaryOp.Minimum);

    /// <summary>Elementwise <paramref name="a"/> to the power <paramref name="b"/>, with broadcasting.</summary>
    public static DaskArray<T> Power<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged => ElementwiseOps.Binary(a, b, BinaryOp.Power);

    /// <summary>Blockwise with an einsum-like spec, <c>"ij,ji->ij"</c>: the inputs' letters, then the output's.</summary>
    public static DaskArray<TOut> Blockwise<T1, T2, TOut>(Func<NDArray<T1>, NDArray<T2>, NDArray<TOut>> function, string spec, DaskArray<T1> x, DaskArray<T2> y)
        where T1 : unmanaged
        where T2 : unmanaged
        where TOut : unmanaged
    {
        var (inputs, output) = ParseSpec(spec, 2);
        return IndexedBlockwise.Two(function, output, x, inputs[0], y, inputs[1]);
    }

    /// <summary>Blockwise with an einsum-like spec for one input, <c>"ij->ji"</c>.</summary>
    public static DaskArray<TOut> Blockwise<T1, TOut>(Func<NDArray<T1>, NDArray<TOut>> function, string spec, DaskArray<T1> x)
        where T1 : unmanaged
        where TOut : unmanaged
    {
        var (inputs, output) = ParseSpec(spec, 1);
        return IndexedBlockwise.One(function, output, x, inputs[0]);
    }

    private static (string[] Inputs, string Output) ParseSpec(string spec, int inputs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string[] sides = spec.Replace(" ", "", StringComparison.Ordinal).Split("->");
        string[] ins = sides[0].Split(',');
        if (sides.Length != 2 || ins.Length != inputs)
        {
            throw new ArgumentException($"Blockwise spec '{spec}' must read like \"ij,ji->ij\" with {inputs} input index string(s).", nameof(spec));
        }

        return (ins, sides[1]);
    }

    /// <summary>Joins arrays along an existing axis (NumPy's <c>concatenate</c>).</summary>
    public static DaskArray<T> Concatenate<T>(IReadOnlyList<DaskArray<T>> arrays, int axis = 0)
        where T : unmanaged => Reshaping.Concatenate(arrays, axis);

    /// <summary>Joins arrays of one shape along a new axis (NumPy's <c>stack</c>).</summary>
    public static DaskArray<T> Stack<T>(IReadOnlyList<DaskArray<T>> arrays, int axis = 0)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Count == 0)
        {
            throw new ArgumentException("need at least one array to stack", nameof(arrays));
        }

        foreach (DaskArray<T> a in arrays)
        {
            if (!a.Shape.AsSpan().SequenceEqual(arrays[0].Shape))
            {
                throw new ArgumentException($"all input arrays must have the same shape, but got {arrays[0].Chunks.ShapeText()} and {a.Chunks.ShapeText()}", nameof(arrays));
            }
        }

        return Reshaping.Concatenate([.. arrays.Select(a => a.ExpandDims(axis))], axis);
    }

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> holds, else of <paramref name="b"/> (broadcasting).</summary>
    public static DaskArray<T> Where<T>(DaskArray<bool> condition, DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged => ElementwiseOps.Where(condition, a, b);

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> holds, else <paramref name="b"/> (NumPy's <c>where(c, x, 0)</c>).</summary>
    public static DaskArray<T> Where<T>(DaskArray<bool> condition, DaskArray<T> a, T b)
        where T : unmanaged => ElementwiseOps.Where(condition, a, ScalarArray(b));

    /// <summary><paramref name="a"/> where <paramref name="condition"/> holds, else elements of <paramref name="b"/>.</summary>
    public static DaskArray<T> Where<T>(DaskArray<bool> condition, T a, DaskArray<T> b)
        where T : unmanaged => ElementwiseOps.Where(condition, ScalarArray(a), b);

    /// <summary><paramref name="a"/> where <paramref name="condition"/> holds, else <paramref name="b"/>: an array of the condition's shape.</summary>
    public static DaskArray<T> Where<T>(DaskArray<bool> condition, T a, T b)
        where T : unmanaged => ElementwiseOps.Where(condition, ScalarArray(a), ScalarArray(b));

    /// <summary>Joins lazy scalars into a 1-d array (<c>Da.Stack([x.Min(), x.Max()])</c>).</summary>
    public static DaskArray<T> Stack<T>(IReadOnlyList<DaskScalar<T>> scalars, int axis = 0)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(scalars);
        return Stack([.. scalars.Select(s => s.Array)], axis);
    }

    /// <summary>A 0-d array of one value (broadcasts against anything).</summary>
    private static DaskArray<T> ScalarArray<T>(T value)
        where T : unmanaged => Full<T>(Shape.Scalar, value, null, "scalar");

    private static DaskArray<T> Full<T>(Shape shape, T value, ChunkSpec? chunks, string prefix)
        where T : unmanaged
    {
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", shape.Dimensions, DaskArray<T>.ItemSize);
        return ArrayBuilder.Blockwise<T>(
            prefix, CreationFunctions<T>.Full, normalized,
            [BlockInput.Index(), BlockInput.Constant(normalized), BlockInput.Constant(value)],
            inlinable: true);
    }
}

/// <summary>The per-block functions of the creation routines.</summary>
internal static class CreationFunctions
{
    public static readonly TaskFunction IntegerArange = TaskFunction.From((int[] index, Chunks chunks, long start, long step) =>
    {
        var block = new NDArray<long>(chunks.BlockShape(index));
        Span<long> values = block.AsSpan();
        long offset = chunks.Start(0, index[0]);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = start + ((offset + i) * step);
        }

        return block;
    }).AsKernel();

    public static readonly TaskFunction Arange = TaskFunction.From((int[] index, Chunks chunks, double start, double step) =>
    {
        var block = new NDArray<double>(chunks.BlockShape(index));
        Span<double> values = block.AsSpan();
        long offset = chunks.Start(0, index[0]);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = start + ((offset + i) * step);
        }

        return block;
    }).AsKernel();
}

/// <summary>The per-block functions of the creation routines, per element type.</summary>
internal static class CreationFunctions<T>
    where T : unmanaged
{
    public static readonly TaskFunction Full = new Arrays.Fusion.TileKernel<T>(
        "full", [typeof(int[]), typeof(Chunks), typeof(T)], new Arrays.Fusion.FullNode<T>(0, 1, 2));

    /// <summary>One where column − row is k (a diagonal) or at most k (a lower triangle), else zero.</summary>
    public static readonly TaskFunction Triangle = TaskFunction.From((int[] index, Chunks chunks, int k, bool diagonalOnly) =>
    {
        int[] shape = chunks.BlockShape(index);
        var block = new NDArray<T>(shape);
        Span<T> values = block.AsSpan();
        T one = ArrayKernels<T>.Instance.FromDouble(1);
        long row0 = chunks.Start(0, index[0]);
        long col0 = chunks.Start(1, index[1]);
        for (int r = 0; r < shape[0]; r++)
        {
            for (int c = 0; c < shape[1]; c++)
            {
                long offset = col0 + c - (row0 + r);
                if (diagonalOnly ? offset == k : offset <= k)
                {
                    values[(r * shape[1]) + c] = one;
                }
            }
        }

        return block;
    }).AsKernel();
}
