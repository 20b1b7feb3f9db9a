namespace DaskSharp.Array.Tests;

/// <summary>Straightforward scalar implementations of NumPy semantics, the oracle for the kernels.</summary>
internal static class Reference
{
    /// <summary>Every index of a shape, row-major.</summary>
    public static IEnumerable<int[]> Indices(int[] shape)
    {
        long total = shape.Aggregate(1L, (n, s) => n * s);
        var index = new int[shape.Length];
        for (long n = 0; n < total; n++)
        {
            yield return (int[])index.Clone();
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }

    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int x = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int y = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            result[i] = x == 1 ? y : x;
        }

        return result;
    }

    /// <summary>The element of <paramref name="a"/> that broadcasting puts at <paramref name="outIndex"/>.</summary>
    public static T At<T>(NDArray<T> a, int[] outIndex)
        where T : unmanaged
    {
        int lead = outIndex.Length - a.Rank;
        var index = new int[a.Rank];
        for (int d = 0; d < a.Rank; d++)
        {
            index[d] = a.Shape[d] == 1 ? 0 : outIndex[lead + d];
        }

        return a[index];
    }

    public static NDArray<double> Binary(NDArray<double> a, NDArray<double> b, Func<double, double, double> f)
    {
        int[] shape = BroadcastShape(a.Shape.ToArray(), b.Shape.ToArray());
        var result = new NDArray<double>(shape);
        foreach (int[] index in Indices(shape))
        {
            result[index] = f(At(a, index), At(b, index));
        }

        return result;
    }

    public static NDArray<double> Reduce(NDArray<double> a, int[] axes, bool keepDims, Func<double, double, double> f, double identity)
    {
        int[] kept = [.. a.Shape.ToArray().Select((s, d) => axes.Contains(d) ? 1 : s)];
        var result = NDArray<double>.Full(identity, kept);
        foreach (int[] index in Indices(a.Shape.ToArray()))
        {
            int[] target = [.. index.Select((v, d) => axes.Contains(d) ? 0 : v)];
            result[target] = f(result[target], a[index]);
        }

        return keepDims ? result : result.Reshape([.. kept.Where((_, d) => !axes.Contains(d))]);
    }

    /// <summary>A deterministic test array with distinct, non-trivial values.</summary>
    public static NDArray<double> Sample(int seed, params int[] shape)
    {
        var random = new System.Random(seed);
        var a = new NDArray<double>(shape);
        foreach (int[] index in Indices(shape))
        {
            a[index] = Math.Round((random.NextDouble() * 20) - 10, 3);
        }

        return a;
    }

    public static void Equal(NDArray<double> expected, NDArray<double> actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        foreach (int[] index in Indices(expected.Shape.ToArray()))
        {
            double e = expected[index];
            double a = actual[index];
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"at ({string.Join(", ", index)}): expected {e}, got {a}");
        }
    }

    /// <summary>The textbook triple loop.</summary>
    public static NDArray<double> MatMul(NDArray<double> a, NDArray<double> b)
    {
        var c = new NDArray<double>(a.Shape[0], b.Shape[1]);
        for (int i = 0; i < a.Shape[0]; i++)
        {
            for (int j = 0; j < b.Shape[1]; j++)
            {
                double s = 0;
                for (int k = 0; k < a.Shape[1]; k++)
                {
                    s += a[i, k] * b[k, j];
                }

                c[i, j] = s;
            }
        }

        return c;
    }
}
