using DaskSharp.Arrays;
using DaskSharp.Graphs;

namespace DaskSharp;

// NumPy's array-building routines as Da.*: stacking, broadcasting, *_like, eye/tri and the triangle
// and diagonal routines, outer products, grids.
public static partial class Da
{
    /// <summary>A chunked array over an in-memory one (NumPy's and Dask's <c>array</c>; the same as <see cref="FromArray{T}(NDArray{T}, ChunkSpec?, string?)"/>).</summary>
    public static DaskArray<T> Array<T>(NDArray<T> array, ChunkSpec? chunks = null)
        where T : unmanaged => FromArray(array, chunks);

    /// <summary>A chunked array over an in-memory one (Dask's <c>asarray</c>).</summary>
    public static DaskArray<T> AsArray<T>(NDArray<T> array, ChunkSpec? chunks = null)
        where T : unmanaged => FromArray(array, chunks);

    /// <summary>The array itself (Dask's <c>asarray</c> of a dask array).</summary>
    public static DaskArray<T> AsArray<T>(DaskArray<T> array)
        where T : unmanaged => array ?? throw new ArgumentNullException(nameof(array));

    /// <summary>A chunked array over an in-memory one (Dask's <c>asanyarray</c>).</summary>
    public static DaskArray<T> AsAnyArray<T>(NDArray<T> array, ChunkSpec? chunks = null)
        where T : unmanaged => FromArray(array, chunks);

    /// <summary>The array with at least one dimension (a 0-d array becomes shape (1,)).</summary>
    public static DaskArray<T> AtLeast1d<T>(DaskArray<T> x)
        where T : unmanaged => Checked(x).Rank >= 1 ? x : x.Reshape(1);

    /// <summary>The array with at least two dimensions ((n,) becomes (1, n)).</summary>
    public static DaskArray<T> AtLeast2d<T>(DaskArray<T> x)
        where T : unmanaged => Checked(x).Rank >= 2 ? x : x.Rank == 1 ? x.Reshape(1, x.Shape[0]) : x.Reshape(1, 1);

    /// <summary>The array with at least three dimensions ((n,) becomes (1, n, 1), (m, n) becomes (m, n, 1)).</summary>
    public static DaskArray<T> AtLeast3d<T>(DaskArray<T> x)
        where T : unmanaged => Checked(x).Rank switch
        {
            0 => x.Reshape(1, 1, 1),
            1 => x.Reshape(1, x.Shape[0], 1),
            2 => x.Reshape(x.Shape[0], x.Shape[1], 1),
            _ => x,
        };

    /// <summary>Arrays joined along their second axis (the first for 1-d arrays), as NumPy's <c>hstack</c>.</summary>
    public static DaskArray<T> HStack<T>(IReadOnlyList<DaskArray<T>> arrays)
        where T : unmanaged
    {
        DaskArray<T>[] all = [.. NonEmpty(arrays).Select(AtLeast1d)];
        return Concatenate(all, all[0].Rank == 1 ? 0 : 1);
    }

    /// <summary>Arrays joined along their first axis, 1-d arrays as rows (NumPy's <c>vstack</c>).</summary>
    public static DaskArray<T> VStack<T>(IReadOnlyList<DaskArray<T>> arrays)
        where T : unmanaged => Concatenate([.. NonEmpty(arrays).Select(AtLeast2d)], 0);

    /// <summary>Arrays joined along their third axis (NumPy's <c>dstack</c>).</summary>
    public static DaskArray<T> DStack<T>(IReadOnlyList<DaskArray<T>> arrays)
        where T : unmanaged => Concatenate([.. NonEmpty(arrays).Select(AtLeast3d)], 2);

    /// <summary><paramref name="values"/> appended to <paramref name="x"/> along <paramref name="axis"/> (both flattened when no axis).</summary>
    public static DaskArray<T> Append<T>(DaskArray<T> x, DaskArray<T> values, int? axis = null)
        where T : unmanaged =>
        axis is { } a ? Concatenate([Checked(x), Checked(values)], a) : Concatenate([Checked(x).Ravel(), Checked(values).Ravel()], 0);

    /// <summary>The array broadcast to <paramref name="shape"/>.</summary>
    public static DaskArray<T> BroadcastTo<T>(DaskArray<T> x, Shape shape)
        where T : unmanaged => Checked(x).BroadcastTo(shape);

    /// <summary>Both arrays broadcast to their common shape.</summary>
    public static (DaskArray<T> A, DaskArray<T> B) BroadcastArrays<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged
    {
        long[] shape = Axes.Broadcast(Checked(a).Shape, Checked(b).Shape);
        return (a.BroadcastTo(shape), b.BroadcastTo(shape));
    }

    /// <summary>Both arrays rechunked to common chunks along the axes they share (Dask's <c>unify_chunks</c>, for arrays of one shape).</summary>
    public static (DaskArray<T> A, DaskArray<T> B) UnifyChunks<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged
    {
        var (x, y, _) = ElementwiseOps.Unify(a, b);
        return (x, y);
    }

    /// <summary>Zeros of the array's shape and chunks.</summary>
    public static DaskArray<T> ZerosLike<T>(DaskArray<T> x)
        where T : unmanaged => Zeros<T>(Checked(x).Shape, ChunkSpec.Explicit(Statistics.ChunkSizes(x)));

    /// <summary>Ones of the array's shape and chunks.</summary>
    public static DaskArray<T> OnesLike<T>(DaskArray<T> x)
        where T : unmanaged => Ones<T>(Checked(x).Shape, ChunkSpec.Explicit(Statistics.ChunkSizes(x)));

    /// <summary>An array of the array's shape and chunks whose contents do not matter (here, zeros).</summary>
    public static DaskArray<T> EmptyLike<T>(DaskArray<T> x)
        where T : unmanaged => Empty<T>(Checked(x).Shape, ChunkSpec.Explicit(Statistics.ChunkSizes(x)));

    /// <summary><paramref name="value"/> in the array's shape and chunks.</summary>
    public static DaskArray<T> FullLike<T>(DaskArray<T> x, T value)
        where T : unmanaged => Full(Checked(x).Shape, value, ChunkSpec.Explicit(Statistics.ChunkSizes(x)));

    /// <summary>An <paramref name="n"/> × <paramref name="m"/> array with ones on the <paramref name="k"/>-th diagonal (NumPy's <c>eye</c>, float64).</summary>
    public static DaskArray<double> Eye(long n, long? m = null, int k = 0, ChunkSpec? chunks = null) => Eye<double>(n, m, k, chunks);

    /// <summary>An <paramref name="n"/> × <paramref name="m"/> array of <typeparamref name="T"/> with ones on the <paramref name="k"/>-th diagonal.</summary>
    public static DaskArray<T> Eye<T>(long n, long? m = null, int k = 0, ChunkSpec? chunks = null)
        where T : unmanaged => Triangle<T>(n, m ?? n, k, chunks, diagonalOnly: true, "eye");

    /// <summary>Ones at and below the <paramref name="k"/>-th diagonal, zeros above (NumPy's <c>tri</c>, float64).</summary>
    public static DaskArray<double> Tri(long n, long? m = null, int k = 0, ChunkSpec? chunks = null) => Triangle<double>(n, m ?? n, k, chunks, diagonalOnly: false, "tri");

    /// <summary>The lower triangle of a 2-d array: elements above the <paramref name="k"/>-th diagonal set to zero.</summary>
    public static DaskArray<T> Tril<T>(DaskArray<T> x, int k = 0)
        where T : unmanaged => TriangleOf(x, k, lower: true);

    /// <summary>The upper triangle of a 2-d array: elements below the <paramref name="k"/>-th diagonal set to zero.</summary>
    public static DaskArray<T> Triu<T>(DaskArray<T> x, int k = 0)
        where T : unmanaged => TriangleOf(x, k - 1, lower: false);

    /// <summary>NumPy's <c>diag</c>: a 1-d array as the <paramref name="k"/>-th diagonal of a square array, or the <paramref name="k"/>-th diagonal of a 2-d array.</summary>
    public static DaskArray<T> Diag<T>(DaskArray<T> x, int k = 0)
        where T : unmanaged
    {
        if (Checked(x).Rank == 2)
        {
            return x.Diagonal(k);
        }

        if (x.Rank != 1)
        {
            throw new ArgumentException($"Diag takes a 1-d or 2-d array, not {x.Rank}-d.", nameof(x));
        }

        // Element (i, j) is the padded vector's j where j - i = k.
        long n = x.Shape[0] + Math.Abs(k);
        DaskArray<T> padding = Zeros<T>(Math.Abs(k), chunks: Math.Max(1, Math.Abs(k)));
        DaskArray<T> padded = k == 0 ? x : k > 0 ? Concatenate([padding, x]) : Concatenate([x, padding]);
        DaskArray<T> rows = padded.Rechunk(ChunkSpec.Explicit(padded.Chunks.Sizes(0))).ExpandDims(0);
        DaskArray<bool> mask = Triangle<bool>(n, n, k, ChunkSpec.Explicit(padded.Chunks.Sizes(0), padded.Chunks.Sizes(0)), diagonalOnly: true, "diag-mask");
        return Where(mask, rows, default(T));
    }

    /// <summary>The outer product: element (i, j) is a[i]·b[j] of the flattened arrays.</summary>
    public static DaskArray<T> Outer<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged => ElementwiseOps.Binary(Checked(a).Ravel().ExpandDims(1), Checked(b).Ravel().ExpandDims(0), BinaryOp.Multiply);

    /// <summary>The dot product of the flattened arrays: a lazy scalar.</summary>
    public static DaskScalar<T> VDot<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged
    {
        TypePromotion.RequireSame<T>(TypePromotion.Sum, "VDot");
        return new(ElementwiseOps.Binary(Checked(a).Ravel(), Checked(b).Ravel(), BinaryOp.Multiply).Reduce(ReduceOp.Sum, null));
    }

    /// <summary>The differences between consecutive elements of the flattened array.</summary>
    public static DaskArray<T> EDiff1d<T>(DaskArray<T> x)
        where T : unmanaged => Checked(x).Ravel().Diff();

    /// <summary>Coordinate matrices from two coordinate vectors (NumPy's <c>meshgrid</c> with <c>indexing="xy"</c>): X repeats x along rows, Y repeats y along columns.</summary>
    public static (DaskArray<T> X, DaskArray<T> Y) MeshGrid<T>(DaskArray<T> x, DaskArray<T> y)
        where T : unmanaged
    {
        long[] shape = [Checked(y).Ravel().Shape[0], Checked(x).Ravel().Shape[0]];
        return (x.Ravel().ExpandDims(0).BroadcastTo(shape), y.Ravel().ExpandDims(1).BroadcastTo(shape));
    }

    /// <summary>The index grid of <paramref name="shape"/> (NumPy's <c>indices</c>): a leading axis with, for each axis, every element's index along it.</summary>
    public static DaskArray<long> Indices(Shape shape, ChunkSpec? chunks = null)
    {
        long[] dims = shape.Dimensions;
        var grids = new List<DaskArray<long>>();
        for (int d = 0; d < dims.Length; d++)
        {
            long[] along = [.. Enumerable.Range(0, dims.Length).Select(a => a == d ? dims[d] : 1L)];
            grids.Add(Arange(dims[d], chunks).Reshape(along).BroadcastTo(dims));
        }

        return Stack(grids);
    }

    /// <summary>An array whose element at each index is <paramref name="function"/>(index) (NumPy's <c>fromfunction</c>, element by element).</summary>
    public static DaskArray<T> FromFunction<T>(Func<long[], T> function, Shape shape, ChunkSpec? chunks = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(function);
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", shape.Dimensions, DaskArray<T>.ItemSize);
        var make = TaskFunction.From((int[] index, Chunks c) =>
        {
            int[] blockShape = c.BlockShape(index);
            var block = new NDArray<T>(blockShape);
            long[] at = new long[blockShape.Length];
            foreach (int[] local in BlockGrid.Indices(blockShape))
            {
                for (int d = 0; d < at.Length; d++)
                {
                    at[d] = c.Start(d, index[d]) + local[d];
                }

                block[local] = function(at);
            }

            return block;
        });
        return ArrayBuilder.Blockwise<T>("fromfunction", make, normalized, [BlockInput.Index(), BlockInput.Constant(normalized)], token: Tokens.Tokenizer.Tokenize(function.Method.Name, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(function)));
    }

    private static DaskArray<T> TriangleOf<T>(DaskArray<T> x, int k, bool lower)
        where T : unmanaged
    {
        if (Checked(x).Rank < 2)
        {
            throw new ArgumentException($"Tril and Triu take an array of at least 2 dimensions, not {x.Rank}-d.", nameof(x));
        }

        // The mask has the chunks of the last two axes, so it lines up with every block.
        DaskArray<bool> below = Triangle<bool>(x.Shape[^2], x.Shape[^1], k, ChunkSpec.Explicit(x.Chunks.Sizes(x.Rank - 2), x.Chunks.Sizes(x.Rank - 1)), diagonalOnly: false, "tri-mask");
        return lower ? Where(below, x, default(T)) : Where(below, default(T), x);
    }

    private static DaskArray<T> Triangle<T>(long n, long m, int k, ChunkSpec? chunks, bool diagonalOnly, string prefix)
        where T : unmanaged
    {
        Chunks normalized = Chunks.Normalize(chunks ?? "auto", [n, m], DaskArray<T>.ItemSize);
        return ArrayBuilder.Blockwise<T>(
            prefix, CreationFunctions<T>.Triangle, normalized,
            [BlockInput.Index(), BlockInput.Constant(normalized), BlockInput.Constant(k), BlockInput.Constant(diagonalOnly)],
            inlinable: true);
    }

    private static IReadOnlyList<DaskArray<T>> NonEmpty<T>(IReadOnlyList<DaskArray<T>> arrays)
        where T : unmanaged =>
        arrays is { Count: > 0 } ? arrays : throw new ArgumentException("need at least one array", nameof(arrays));

    private static DaskArray<T> Checked<T>(DaskArray<T> x)
        where T : unmanaged => x ?? throw new ArgumentNullException(nameof(x));
}
