namespace DaskSharp.Arrays;

/// <summary>Axis arithmetic shared by arrays and chunked arrays: normalising, permuting, reshaping.</summary>
internal static class Axes
{
    /// <summary>An axis in [0, rank), accepting NumPy's negative axes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">naming the axis and the rank.</exception>
    public static int Normalize(int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if ((uint)a >= (uint)rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of bounds for an array of dimension {rank}.");
        }

        return a;
    }

    /// <summary>Sorted distinct axes; null means all of them.</summary>
    public static int[] NormalizeMany(int[]? axes, int rank)
    {
        if (axes is null)
        {
            return [.. Enumerable.Range(0, rank)];
        }

        var result = new SortedSet<int>();
        foreach (int axis in axes)
        {
            if (!result.Add(Normalize(axis, rank)))
            {
                throw new ArgumentException($"Axis {axis} is repeated in ({string.Join(", ", axes)}).", nameof(axes));
            }
        }

        return [.. result];
    }

    /// <summary>A permutation of the axes (empty means reversed, as NumPy's transpose).</summary>
    public static int[] Permutation(int[]? axes, int rank)
    {
        if (axes is null || axes.Length == 0)
        {
            return [.. Enumerable.Range(0, rank).Reverse()];
        }

        if (axes.Length != rank)
        {
            throw new ArgumentException($"Axes ({string.Join(", ", axes)}) do not match an array of dimension {rank}.", nameof(axes));
        }

        var perm = new int[rank];
        var seen = new bool[rank];
        for (int i = 0; i < rank; i++)
        {
            perm[i] = Normalize(axes[i], rank);
            if (seen[perm[i]])
            {
                throw new ArgumentException($"Axes ({string.Join(", ", axes)}) repeat axis {axes[i]}.", nameof(axes));
            }

            seen[perm[i]] = true;
        }

        return perm;
    }

    /// <summary>A reshape target with its one allowed -1 filled in.</summary>
    public static int[] ResolveReshape(int[] shape, long size, string from)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (unknown >= 0)
                {
                    throw new ArgumentException("Can only specify one unknown dimension (-1) in a reshape.", nameof(shape));
                }

                unknown = i;
            }
            else if (shape[i] < 0)
            {
                throw new ArgumentException($"Negative dimension {shape[i]} in reshape.", nameof(shape));
            }
            else
            {
                known *= shape[i];
            }
        }

        var result = (int[])shape.Clone();
        if (unknown >= 0)
        {
            if (known == 0 || size % known != 0)
            {
                throw new ArgumentException($"Cannot reshape an array of size {size} into shape ({string.Join(", ", shape)}).", nameof(shape));
            }

            result[unknown] = (int)(size / known);
        }
        else if (known != size)
        {
            throw new ArgumentException($"Cannot reshape an array of shape {from} (size {size}) into shape ({string.Join(", ", shape)}).", nameof(shape));
        }

        return result;
    }

    /// <summary>NumPy broadcasting of two shapes.</summary>
    /// <exception cref="ArgumentException">when they cannot broadcast, naming both.</exception>
    public static long[] Broadcast(ReadOnlySpan<long> a, ReadOnlySpan<long> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long x = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            long y = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (x != y && x != 1 && y != 1)
            {
                throw new ArgumentException(
                    $"operands could not be broadcast together with shapes {Text(a)} {Text(b)}");
            }

            result[i] = x == 1 ? y : x;
        }

        return result;
    }

    public static string Text(ReadOnlySpan<long> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";
}
