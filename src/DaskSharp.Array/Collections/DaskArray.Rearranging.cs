using DaskSharp.Arrays;

namespace DaskSharp;

// NumPy's rearranging routines as methods: flips, rolls, rotations, axis moves, repeats, diagonals
// and differences, all built from slicing, concatenation, transposes and takes (no new kernels).
public sealed partial class DaskArray<TValue>
{
    /// <summary>The same lazy array: arrays are immutable, so a copy is the array itself (Dask's <c>copy</c> makes a new name for the same blocks).</summary>
    public DaskArray<TValue> Copy() => this;

    /// <summary>The array as 1-d (NumPy's <c>flatten</c>; the same as <see cref="Ravel"/>).</summary>
    public DaskArray<TValue> Flatten() => Ravel();

    /// <summary>The number of blocks (Dask's <c>npartitions</c>).</summary>
    public int NPartitions => NumBlocks.Aggregate(1, (n, b) => n * b);

    /// <summary>The elements in reverse order along every axis, or along <paramref name="axis"/>.</summary>
    public DaskArray<TValue> Flip(int? axis = null)
    {
        int[] axes = axis is { } a ? [Axes.Normalize(a, Rank)] : [.. Enumerable.Range(0, Rank)];
        return this[[.. Enumerable.Range(0, Rank).Select(d => axes.Contains(d) ? SliceIndex.Slice(null, null, -1) : SliceIndex.All)]];
    }

    /// <summary>Columns in reverse order (axis 1).</summary>
    public DaskArray<TValue> FlipLR() => Rank >= 2 ? Flip(1) : throw new ArgumentException("FlipLR needs an array of at least 2 dimensions.");

    /// <summary>Rows in reverse order (axis 0).</summary>
    public DaskArray<TValue> FlipUD() => Rank >= 1 ? Flip(0) : throw new ArgumentException("FlipUD needs an array of at least 1 dimension.");

    /// <summary>Elements shifted by <paramref name="shift"/> along <paramref name="axis"/>, those past the end coming back at the start (the flattened array when no axis).</summary>
    public DaskArray<TValue> Roll(long shift, int? axis = null)
    {
        if (axis is null)
        {
            return Ravel().Roll(shift, 0).Reshape(Shape);
        }

        int ax = Axes.Normalize(axis.Value, Rank);
        long n = Shape[ax];
        long s = n == 0 ? 0 : ((shift % n) + n) % n;
        if (s == 0)
        {
            return this;
        }

        SliceIndex[] tail = [.. Enumerable.Range(0, Rank).Select(d => d == ax ? SliceIndex.Slice(n - s, null) : SliceIndex.All)];
        SliceIndex[] head = [.. Enumerable.Range(0, Rank).Select(d => d == ax ? SliceIndex.Slice(0, n - s) : SliceIndex.All)];
        return Reshaping.Concatenate([this[tail], this[head]], ax);
    }

    /// <summary>The array rotated by 90° <paramref name="k"/> times in the plane of the first two axes, from the first toward the second (NumPy's <c>rot90</c>).</summary>
    public DaskArray<TValue> Rot90(int k = 1)
    {
        if (Rank < 2)
        {
            throw new ArgumentException("Rot90 needs an array of at least 2 dimensions.");
        }

        return (((k % 4) + 4) % 4) switch
        {
            0 => this,
            1 => Flip(1).SwapAxes(0, 1),
            2 => Flip(0).Flip(1),
            _ => SwapAxes(0, 1).Flip(1),
        };
    }

    /// <summary>Axes <paramref name="axis1"/> and <paramref name="axis2"/> interchanged.</summary>
    public DaskArray<TValue> SwapAxes(int axis1, int axis2)
    {
        int[] perm = [.. Enumerable.Range(0, Rank)];
        (perm[Axes.Normalize(axis1, Rank)], perm[Axes.Normalize(axis2, Rank)]) = (perm[Axes.Normalize(axis2, Rank)], perm[Axes.Normalize(axis1, Rank)]);
        return Transpose(perm);
    }

    /// <summary>Axis <paramref name="source"/> moved to position <paramref name="destination"/>, the others keeping their order.</summary>
    public DaskArray<TValue> MoveAxis(int source, int destination)
    {
        int from = Axes.Normalize(source, Rank);
        int to = Axes.Normalize(destination, Rank);
        var order = Enumerable.Range(0, Rank).Where(d => d != from).ToList();
        order.Insert(to, from);
        return Transpose([.. order]);
    }

    /// <summary>Axis <paramref name="axis"/> rolled back until it lies before <paramref name="start"/> (NumPy's <c>rollaxis</c>).</summary>
    public DaskArray<TValue> RollAxis(int axis, int start = 0)
    {
        int from = Axes.Normalize(axis, Rank);
        int before = start < 0 ? start + Rank : start;
        if (before < 0 || before > Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"start {start} is out of range for an array of {Rank} dimensions.");
        }

        return from < before ? MoveAxis(from, before - 1) : MoveAxis(from, before);
    }

    /// <summary>Each element repeated <paramref name="repeats"/> times along <paramref name="axis"/> (the flattened array when no axis).</summary>
    public DaskArray<TValue> Repeat(int repeats, int? axis = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(repeats);
        if (axis is null)
        {
            return Ravel().Repeat(repeats, 0);
        }

        int ax = Axes.Normalize(axis.Value, Rank);
        long[] indices = [.. Enumerable.Range(0, (int)Shape[ax]).SelectMany(i => Enumerable.Repeat((long)i, repeats))];
        return Masking.Take(this, indices, ax);
    }

    /// <summary>The array repeated <paramref name="reps"/> times along each axis (NumPy's <c>tile</c>; fewer reps than axes repeat the last axes).</summary>
    public DaskArray<TValue> Tile(params int[] reps)
    {
        ArgumentNullException.ThrowIfNull(reps);
        DaskArray<TValue> result = this;
        while (result.Rank < reps.Length)
        {
            result = result.ExpandDims(0);
        }

        int lead = result.Rank - reps.Length;
        for (int i = 0; i < reps.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(reps[i]);
            if (reps[i] != 1)
            {
                DaskArray<TValue> piece = result;
                result = reps[i] == 0
                    ? result[[.. Enumerable.Range(0, result.Rank).Select(d => d == lead + i ? SliceIndex.Slice(0, 0) : SliceIndex.All)]]
                    : Reshaping.Concatenate([.. Enumerable.Repeat(piece, reps[i])], lead + i);
            }
        }

        return result;
    }

    /// <summary>The <paramref name="offset"/>-th diagonal of a 2-d array (above the main one for offset &gt; 0).</summary>
    public DaskArray<TValue> Diagonal(int offset = 0)
    {
        if (Rank != 2)
        {
            throw new ArgumentException($"Diagonal takes a 2-d array here, not {Rank}-d.");
        }

        long rows = Shape[0];
        long cols = Shape[1];
        long start = offset >= 0 ? offset : -offset * cols;
        long length = Math.Max(0, offset >= 0 ? Math.Min(rows, cols - offset) : Math.Min(rows + offset, cols));
        long[] flat = [.. Enumerable.Range(0, (int)length).Select(i => start + (i * (cols + 1)))];
        return Masking.Take(Ravel(), flat, 0);
    }

    /// <summary>The <paramref name="n"/>-th discrete difference along <paramref name="axis"/>: <c>x[1:] - x[:-1]</c>, n times.</summary>
    public DaskArray<TValue> Diff(int n = 1, int axis = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int ax = Axes.Normalize(axis, Rank);
        DaskArray<TValue> result = this;
        for (int i = 0; i < n; i++)
        {
            SliceIndex[] later = [.. Enumerable.Range(0, Rank).Select(d => d == ax ? SliceIndex.Slice(1, null) : SliceIndex.All)];
            SliceIndex[] earlier = [.. Enumerable.Range(0, Rank).Select(d => d == ax ? SliceIndex.Slice(null, -1) : SliceIndex.All)];
            result = ElementwiseOps.Binary(result[later], result[earlier], BinaryOp.Subtract);
        }

        return result;
    }

    /// <summary>The array broadcast to <paramref name="shape"/> (NumPy's <c>broadcast_to</c>): new leading axes and length-1 axes become one chunk each.</summary>
    public DaskArray<TValue> BroadcastTo(Shape shape) => Broadcasting.To(this, shape.Dimensions);
}
