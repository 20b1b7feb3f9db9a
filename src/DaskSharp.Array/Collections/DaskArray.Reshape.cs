using DaskSharp.Arrays;

namespace DaskSharp;

// Reshaping: the same elements, in row-major order, with a different shape.
public sealed partial class DaskArray<TValue>
{
    /// <summary>The same elements in a new shape (one axis may be -1), as NumPy's <c>reshape</c>.</summary>
    /// <exception cref="ArgumentException">when the sizes cannot match, naming both shapes.</exception>
    public DaskArray<TValue> Reshape(params long[] shape) => Reshaping.Reshape(this, shape);

    /// <summary>The array as 1-d (NumPy's <c>ravel</c>).</summary>
    public DaskArray<TValue> Ravel() => Reshaping.Reshape(this, [-1]);

    /// <summary>Removes length-1 axes (all of them, or the one given).</summary>
    /// <exception cref="ArgumentException">when the given axis does not have length 1.</exception>
    public DaskArray<TValue> Squeeze(int? axis = null)
    {
        if (axis is { } a)
        {
            int ax = Axes.Normalize(a, Rank);
            if (Shape[ax] != 1)
            {
                throw new ArgumentException($"cannot select an axis to squeeze out which has size not equal to one (axis {a} has size {Shape[ax]})", nameof(axis));
            }

            return Reshape([.. Shape.Where((_, d) => d != ax)]);
        }

        return Reshape([.. Shape.Where(s => s != 1)]);
    }

    /// <summary>Inserts a length-1 axis at <paramref name="axis"/> (NumPy's <c>expand_dims</c>).</summary>
    public DaskArray<TValue> ExpandDims(int axis)
    {
        int ax = Axes.Normalize(axis, Rank + 1);
        var shape = Shape.ToList();
        shape.Insert(ax, 1);
        return Reshape([.. shape]);
    }

    /// <summary>The matrix product with <paramref name="other"/> (NumPy's <c>x @ y</c> for 2-d arrays).</summary>
    /// <exception cref="ArgumentException">when the inner dimensions differ.</exception>
    public DaskArray<TValue> MatMul(DaskArray<TValue> other, int? splitEvery = null) =>
        MatMul<TValue>.Multiply(this, other, splitEvery ?? TreeReduction.DefaultSplitEvery);

    /// <summary>The dot product (for 2-d arrays, <see cref="MatMul"/>).</summary>
    public DaskArray<TValue> Dot(DaskArray<TValue> other) => MatMul(other);

    /// <summary>
    /// Sums products over <paramref name="axes"/> of this array and <paramref name="otherAxes"/> of
    /// <paramref name="other"/> (NumPy's <c>tensordot</c>): both are transposed and reshaped to
    /// matrices, multiplied, and reshaped back.
    /// </summary>
    public DaskArray<TValue> TensorDot(DaskArray<TValue> other, int[] axes, int[] otherAxes)
    {
        ArgumentNullException.ThrowIfNull(other);
        int[] a = [.. axes.Select(ax => Axes.Normalize(ax, Rank))];
        int[] b = [.. otherAxes.Select(ax => Axes.Normalize(ax, other.Rank))];
        if (a.Length != b.Length || a.Zip(b).Any(p => Shape[p.First] != other.Shape[p.Second]))
        {
            throw new ArgumentException("shape-mismatch for sum: the contracted axes must have equal lengths.", nameof(otherAxes));
        }

        int[] freeA = [.. Enumerable.Range(0, Rank).Where(d => !a.Contains(d))];
        int[] freeB = [.. Enumerable.Range(0, other.Rank).Where(d => !b.Contains(d))];
        long inner = a.Aggregate(1L, (n, d) => n * Shape[d]);
        long rows = freeA.Aggregate(1L, (n, d) => n * Shape[d]);
        long cols = freeB.Aggregate(1L, (n, d) => n * other.Shape[d]);
        DaskArray<TValue> left = Transpose([.. freeA, .. a]).Reshape(rows, inner);
        DaskArray<TValue> right = other.Transpose([.. b, .. freeB]).Reshape(inner, cols);
        long[] shape = [.. freeA.Select(d => Shape[d]), .. freeB.Select(d => other.Shape[d])];
        return left.MatMul(right).Reshape(shape.Length == 0 ? [1] : shape);
    }
}
