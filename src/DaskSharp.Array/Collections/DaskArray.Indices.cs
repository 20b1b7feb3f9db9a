using DaskSharp.Arrays;

namespace DaskSharp;

// Index arithmetic: where the non-zero elements are, pointwise selection, and flat ↔ multi-indices.
public sealed partial class DaskArray<TValue>
{
    /// <summary>The indices of the non-zero elements, one array per axis (NumPy's <c>nonzero</c>; their length is known after computing).</summary>
    public DaskArray<long>[] Nonzero()
    {
        DaskArray<long> flat = Da.FlatNonzero(this);
        return Da.UnravelIndex(flat, Shape);
    }

    /// <summary>Elements picked point by point: element k is x[indices[0][k], indices[1][k], …] (Dask's <c>vindex</c>; negative indices count from the end).</summary>
    public DaskArray<TValue> Vindex(params long[][] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length != Rank || indices.Any(ix => ix.Length != indices[0].Length))
        {
            throw new ArgumentException($"Vindex needs one index array per axis ({Rank}), all of one length.", nameof(indices));
        }

        var flat = new long[indices[0].Length];
        for (int k = 0; k < flat.Length; k++)
        {
            long f = 0;
            for (int d = 0; d < Rank; d++)
            {
                long i = indices[d][k] < 0 ? indices[d][k] + Shape[d] : indices[d][k];
                if (i < 0 || i >= Shape[d])
                {
                    throw new IndexOutOfRangeException($"index {indices[d][k]} is out of bounds for axis {d} with size {Shape[d]}");
                }

                f = (f * Shape[d]) + i;
            }

            flat[k] = f;
        }

        return Masking.Take(Ravel(), flat, 0);
    }
}

// The Da.* forms of index arithmetic and the set-like routines.
public static partial class Da
{
    /// <summary>The indices of the non-zero elements as rows of a (count, ndim) array (NumPy's <c>argwhere</c>; the count is known after computing).</summary>
    public static DaskArray<long> ArgWhere<T>(DaskArray<T> x)
        where T : unmanaged
    {
        DaskArray<long> flat = FlatNonzero(Checked(x));
        return ArrayBuilder.Blockwise<long>(
            "argwhere", SetFunctions<long>.Unravel, Chunks.UnknownAlongFirst(flat.NumBlocks[0], [x.Rank]),
            [BlockInput.Mapped(flat, [0]), BlockInput.Constant(x.Shape)]);
    }

    /// <summary>Flat indices as one index array per axis of <paramref name="shape"/> (NumPy's <c>unravel_index</c>, row-major).</summary>
    public static DaskArray<long>[] UnravelIndex(DaskArray<long> indices, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(indices);
        long[] dims = shape.Dimensions;
        var result = new DaskArray<long>[dims.Length];
        long stride = 1;
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            result[d] = indices.FloorDivide(stride) % dims[d];
            stride *= dims[d];
        }

        return result;
    }

    /// <summary>Index arrays, one per axis of <paramref name="shape"/>, as flat indices (NumPy's <c>ravel_multi_index</c>, row-major).</summary>
    public static DaskArray<long> RavelMultiIndex(IReadOnlyList<DaskArray<long>> indices, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(indices);
        long[] dims = shape.Dimensions;
        if (indices.Count != dims.Length || dims.Length == 0)
        {
            throw new ArgumentException($"RavelMultiIndex needs one index array per axis of the shape ({dims.Length}), not {indices.Count}.", nameof(indices));
        }

        DaskArray<long> flat = indices[0];
        for (int d = 1; d < dims.Length; d++)
        {
            flat = (flat * dims[d]) + indices[d];
        }

        DaskArray<bool> outside = Zeros<bool>(Shape.Scalar);
        for (int d = 0; d < dims.Length; d++)
        {
            outside = ElementwiseOps.Binary(outside, ElementwiseOps.Binary(indices[d] < 0L, indices[d] >= dims[d], BinaryOp.BitwiseOr), BinaryOp.BitwiseOr);
        }

        return Selection.FailWhereAny(flat, outside, "invalid entry in coordinates array");
    }

    /// <summary>The row and column indices of the lower triangle of an n × m array, at and below the <paramref name="k"/>-th diagonal (NumPy's <c>tril_indices</c>).</summary>
    public static (DaskArray<long> Rows, DaskArray<long> Cols) TrilIndices(long n, int k = 0, long? m = null) => TriangleIndices(n, m ?? n, k, lower: true);

    /// <summary>The row and column indices of the upper triangle, at and above the <paramref name="k"/>-th diagonal (NumPy's <c>triu_indices</c>).</summary>
    public static (DaskArray<long> Rows, DaskArray<long> Cols) TriuIndices(long n, int k = 0, long? m = null) => TriangleIndices(n, m ?? n, k, lower: false);

    /// <summary><see cref="TrilIndices"/> for the shape of a 2-d array.</summary>
    public static (DaskArray<long> Rows, DaskArray<long> Cols) TrilIndicesFrom<T>(DaskArray<T> x, int k = 0)
        where T : unmanaged => TriangleIndices(Matrix(x).Shape[0], x.Shape[1], k, lower: true);

    /// <summary><see cref="TriuIndices"/> for the shape of a 2-d array.</summary>
    public static (DaskArray<long> Rows, DaskArray<long> Cols) TriuIndicesFrom<T>(DaskArray<T> x, int k = 0)
        where T : unmanaged => TriangleIndices(Matrix(x).Shape[0], x.Shape[1], k, lower: false);

    /// <summary>The array without the given positions along <paramref name="axis"/> (the flattened array when no axis), as NumPy's <c>delete</c>.</summary>
    public static DaskArray<T> Delete<T>(DaskArray<T> x, long[] indices, int? axis = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(indices);
        DaskArray<T> source = axis is null ? Checked(x).Ravel() : Checked(x);
        int ax = axis is { } a ? Axes.Normalize(a, source.Rank) : 0;
        long n = source.Shape[ax];
        var drop = new HashSet<long>(indices.Select(i => i < 0 ? i + n : i));
        return Masking.Take(source, [.. Enumerable.Range(0, (int)n).Select(i => (long)i).Where(i => !drop.Contains(i))], ax);
    }

    /// <summary><paramref name="value"/> inserted before position <paramref name="index"/> along <paramref name="axis"/> (the flattened array when no axis), as NumPy's <c>insert</c> of a scalar.</summary>
    public static DaskArray<T> Insert<T>(DaskArray<T> x, long index, T value, int? axis = null)
        where T : unmanaged
    {
        DaskArray<T> source = axis is null ? Checked(x).Ravel() : Checked(x);
        int ax = axis is { } a ? Axes.Normalize(a, source.Rank) : 0;
        long n = source.Shape[ax];
        long at = index < 0 ? index + n : index;
        if (at < 0 || at > n)
        {
            throw new IndexOutOfRangeException($"index {index} is out of bounds for axis {ax} with size {n}");
        }

        long[] slab = [.. source.Shape.Select((s, d) => d == ax ? 1L : s)];
        DaskArray<T> inserted = Full(slab, value, ChunkSpec.Explicit([.. Enumerable.Range(0, source.Rank).Select(d => d == ax ? [1L] : source.Chunks.Sizes(d))]));
        SliceIndex[] before = [.. Enumerable.Range(0, source.Rank).Select(d => d == ax ? SliceIndex.Slice(0, at) : SliceIndex.All)];
        SliceIndex[] after = [.. Enumerable.Range(0, source.Rank).Select(d => d == ax ? SliceIndex.Slice(at, null) : SliceIndex.All)];
        return Concatenate([source[before], inserted, source[after]], ax);
    }

    /// <summary>The slices along <paramref name="axis"/> where <paramref name="condition"/> is true (NumPy's <c>compress</c>; the flattened array when no axis).</summary>
    public static DaskArray<T> Compress<T>(bool[] condition, DaskArray<T> x, int? axis = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(condition);
        DaskArray<T> source = axis is null ? Checked(x).Ravel() : Checked(x);
        int ax = axis is { } a ? Axes.Normalize(a, source.Rank) : 0;
        if (condition.Length > source.Shape[ax])
        {
            throw new ArgumentException($"The condition has {condition.Length} entries, more than the {source.Shape[ax]} of axis {ax}.", nameof(condition));
        }

        return Masking.Take(source, [.. Enumerable.Range(0, condition.Length).Where(i => condition[i]).Select(i => (long)i)], ax);
    }

    /// <summary>
    /// The sorted distinct elements (NumPy's <c>unique</c>): each block's distinct values, then the
    /// distinct values of those, in one block whose length is known after computing.
    /// </summary>
    public static DaskArray<T> Unique<T>(DaskArray<T> x)
        where T : unmanaged => SetFunctions<T>.Unique(Checked(x));

    /// <summary>The sorted distinct elements of both arrays (NumPy's <c>union1d</c>).</summary>
    public static DaskArray<T> Union1d<T>(DaskArray<T> a, DaskArray<T> b)
        where T : unmanaged => Unique(Concatenate([Checked(a).Ravel(), Checked(b).Ravel()]));

    /// <summary>
    /// How often each value 0 … <paramref name="minLength"/> − 1 occurs (NumPy's <c>bincount</c>,
    /// with the length Dask needs up front); a negative value or one of at least minLength fails the computation.
    /// </summary>
    public static DaskArray<long> BinCount(DaskArray<long> x, int minLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minLength, 1);
        DaskArray<long> flat = Checked(x).Ravel();
        var chunks = new Chunks([[.. Enumerable.Repeat(1L, flat.NumBlocks[0])], [minLength]]);
        DaskArray<long> partial = ArrayBuilder.Blockwise<long>("bincount", SetFunctions<long>.BinCount, chunks, [BlockInput.Mapped(flat, [0]), BlockInput.Constant(minLength)]);
        return partial.Reduce(ReduceOp.Sum, [0]);
    }

    private static (DaskArray<long>, DaskArray<long>) TriangleIndices(long n, long m, int k, bool lower)
    {
        var rows = new List<long>();
        var cols = new List<long>();
        for (long r = 0; r < n; r++)
        {
            for (long c = 0; c < m; c++)
            {
                if (lower ? c - r <= k : c - r >= k)
                {
                    rows.Add(r);
                    cols.Add(c);
                }
            }
        }

        return (FromArray(rows.ToArray()), FromArray(cols.ToArray()));
    }

    private static DaskArray<T> Matrix<T>(DaskArray<T> x)
        where T : unmanaged =>
        Checked(x).Rank == 2 ? x : throw new ArgumentException($"A 2-d array is needed, not {x.Rank}-d.", nameof(x));
}
