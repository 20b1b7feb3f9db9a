namespace DaskSharp.Array.Tests;

public class OverlapTests
{
    /// <summary>A 3-point moving sum on the extended block (valid interior, margins trimmed later).</summary>
    private static NDArray<double> MovingSum(NDArray<double> b)
    {
        var result = new NDArray<double>(b.Shape.ToArray());
        int n = b.Shape[0];
        for (int i = 0; i < n; i++)
        {
            result[i] = b[i] + (i > 0 ? b[i - 1] : 0) + (i < n - 1 ? b[i + 1] : 0);
        }

        return result;
    }

    private static double At(double[] v, int i, Boundary boundary) => i switch
    {
        < 0 => boundary switch { Boundary.Periodic => v[^1], Boundary.Reflect => v[0], Boundary.Nearest => v[0], Boundary.Constant => 100, _ => 0 },
        _ when i >= v.Length => boundary switch { Boundary.Periodic => v[0], Boundary.Reflect => v[^1], Boundary.Nearest => v[^1], Boundary.Constant => 100, _ => 0 },
        _ => v[i],
    };

    [Theory]
    [InlineData(Boundary.Periodic)]
    [InlineData(Boundary.Reflect)]
    [InlineData(Boundary.Nearest)]
    [InlineData(Boundary.Constant)]
    [InlineData(Boundary.None)]
    public void MovingSum_AcrossBlockEdges_MatchesReference(Boundary boundary)
    {
        double[] v = [.. Enumerable.Range(1, 11).Select(i => (double)(i * i))];
        DaskArray<double> x = Da.FromArray(v, chunks: ChunkSpec.Explicit([3, 4, 2, 2]));
        double[] r = x.MapOverlap(MovingSum, [1], boundary, constant: 100).Compute().ToArray();
        double[] expected = [.. Enumerable.Range(0, v.Length).Select(i => At(v, i - 1, boundary) + v[i] + At(v, i + 1, boundary))];
        Assert.Equal(expected, r);
    }

    [Fact]
    public void Stencil2d_Periodic_MatchesRoll()
    {
        NDArray<double> a = Reference.Sample(3, 8, 9);
        DaskArray<double> x = Da.FromArray(a, chunks: (3, 4));
        // Sum of the four neighbours (north, south, west, east) with wrap-around.
        NDArray<double> r = x.MapOverlap(
            b =>
            {
                var o = new NDArray<double>(b.Shape.ToArray());
                for (int i = 1; i < b.Shape[0] - 1; i++)
                {
                    for (int j = 1; j < b.Shape[1] - 1; j++)
                    {
                        o[i, j] = b[i - 1, j] + b[i + 1, j] + b[i, j - 1] + b[i, j + 1];
                    }
                }

                return o;
            },
            [1, 1],
            Boundary.Periodic).Compute();
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 9; j++)
            {
                double expected = a[(i + 7) % 8, j] + a[(i + 1) % 8, j] + a[i, (j + 8) % 9] + a[i, (j + 1) % 9];
                Assert.Equal(expected, r[i, j], 9);
            }
        }
    }

    [Fact]
    public void DepthLargerThanAChunk_SaysToRechunk()
    {
        DaskArray<double> x = Da.Ones<double>(10, chunks: 2);
        var e = Assert.Throws<ArgumentException>(() => x.MapOverlap(b => b, [3]));
        Assert.StartsWith("The overlap depth 3 along axis 0 is larger than the smallest chunk (2); rechunk first.", e.Message);
    }
}
