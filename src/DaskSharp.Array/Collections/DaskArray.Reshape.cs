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
}
