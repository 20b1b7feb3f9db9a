namespace DaskSharp.Array.Tests;

public class LinearAlgebraTests
{

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 3, 7)]
    [InlineData(33, 300, 17)]
    [InlineData(64, 64, 64)]
    public void ManagedGemm_MatchesNaive(int m, int k, int n)
    {
        NDArray<double> a = Reference.Sample(m * 7, m, k);
        NDArray<double> b = Reference.Sample(n * 11, k, n);
        Reference.Equal(Reference.MatMul(a, b), Arrays.Gemm.Managed(a, b), 1e-12);
        Reference.Equal(Reference.MatMul(a, b.T.Copy().T), Arrays.Gemm.Managed(a, b.T.Copy().T), 1e-12); // strided b
        Reference.Equal(Reference.MatMul(a, b), Arrays.Gemm.Multiply(a, b), 1e-12); // OpenBLAS when installed

        // Both vector widths, whatever this machine accelerates (512-bit runs in software if need be).
        Reference.Equal(Reference.MatMul(a, b), Arrays.Gemm.Managed(a, b, wide: true), 1e-12);
        Reference.Equal(Reference.MatMul(a, b), Arrays.Gemm.Managed(a, b, wide: false), 1e-12);
        NDArray<float> af = a.AsType<float>();
        NDArray<float> bf = b.AsType<float>();
        Reference.Equal(Reference.MatMul(af.AsType<double>(), bf.AsType<double>()), Arrays.Gemm.Managed(af, bf, wide: true).AsType<double>(), 1e-4);
    }

    [Theory]
    [InlineData(3, 5, 7)]
    [InlineData(37, 260, 19)]
    public void ManagedGemm_Float_MatchesNaive(int m, int k, int n)
    {
        NDArray<float> a = Reference.Sample(m, m, k).AsType<float>();
        NDArray<float> b = Reference.Sample(n, k, n).AsType<float>();
        NDArray<double> expected = Reference.MatMul(a.AsType<double>(), b.AsType<double>());
        NDArray<float> actual = Arrays.Gemm.Multiply(a, b);
        Reference.Equal(expected, actual.AsType<double>(), 1e-4);
    }

    [Fact]
    public void MatMul_FloatArrays()
    {
        NDArray<float> a = Reference.Sample(5, 12, 9).AsType<float>();
        DaskArray<float> x = Da.FromArray(a, chunks: 4);
        Reference.Equal(Reference.MatMul(a.AsType<double>(), a.AsType<double>().T.Copy()), x.MatMul(x.T).Compute().AsType<double>(), 1e-4);
    }

    [Fact]
    public void Gemm_TransposedOperands_AndIntegers()
    {
        NDArray<double> a = Reference.Sample(1, 9, 6);
        Reference.Equal(Reference.MatMul(a, a.T.Copy()), Arrays.Gemm.Multiply(a, a.T), 1e-12);
        Reference.Equal(Reference.MatMul(a.T.Copy(), a), Arrays.Gemm.Multiply(a.T, a), 1e-12);
        var i = NDArray<long>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([14L, 32, 32, 77], Arrays.Gemm.Multiply(i, i.T).ToArray());
    }

    [Fact]
    public void MatMul_ChunkedMatchesInMemory_WithMismatchedInnerChunks()
    {
        NDArray<double> a = Reference.Sample(2, 23, 31);
        NDArray<double> b = Reference.Sample(3, 31, 13);
        DaskArray<double> x = Da.FromArray(a, chunks: (7, 5));
        DaskArray<double> y = Da.FromArray(b, chunks: (6, 4));
        DaskArray<double> z = x.MatMul(y, splitEvery: 2);
        Assert.Equal("((7, 7, 7, 2), (4, 4, 4, 1))", z.Chunks.ToString());
        Reference.Equal(Reference.MatMul(a, b), z.Compute(), 1e-12);
        Reference.Equal(Reference.MatMul(a, a.T.Copy()), x.MatMul(x.T).Compute(), 1e-12);
        Assert.Equal(Reference.MatMul(a, a.T.Copy()).Sum().Item(), x.MatMul(x.T).Sum().Compute(), 8);
    }

    [Fact]
    public void MatMul_BadShapes_NameThem()
    {
        DaskArray<double> x = Da.Ones<double>((4, 5), chunks: 2);
        var e = Assert.Throws<ArgumentException>(() => x.MatMul(x));
        Assert.StartsWith("matmul: Input operand 1 has a mismatch in its core dimension 0 (size 4 is different from 5)", e.Message);
    }

    [Fact]
    public void TensorDot_ContractsTheGivenAxes()
    {
        NDArray<double> a = Reference.Sample(4, 3, 4, 5);
        NDArray<double> b = Reference.Sample(5, 4, 3, 2);
        DaskArray<double> x = Da.FromArray(a, chunks: 2);
        DaskArray<double> y = Da.FromArray(b, chunks: 2);
        // result[i, l, m] = sum over j, k of a[i, j, k]... contracting a's axes (1, 0) with b's (0, 1)
        NDArray<double> r = x.TensorDot(y, [1, 0], [0, 1]).Compute();
        Assert.Equal([5, 2], r.Shape.ToArray());
        for (int k = 0; k < 5; k++)
        {
            for (int m = 0; m < 2; m++)
            {
                double s = 0;
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        s += a[i, j, k] * b[j, i, m];
                    }
                }

                Assert.Equal(s, r[k, m], 9);
            }
        }
    }
}

public class TsqrTests
{
    private static NDArray<double> Product(NDArray<double> a, NDArray<double> b) => Arrays.Gemm.Managed(a, b);

    [Fact]
    public void Qr_ReconstructsWithOrthonormalQAndTriangularR()
    {
        NDArray<double> a = Reference.Sample(21, 41, 5);
        DaskArray<double> x = Da.FromArray(a, chunks: (9, 5));
        var (q, r) = Linalg.Qr(x);
        Assert.Equal("((9, 9, 9, 9, 5), (5,))", q.Chunks.ToString());
        object?[] both = Dask.ComputeCollections([q, r]); // one graph: the factorisations run once
        var qv = (NDArray<double>)both[0]!;
        var rv = (NDArray<double>)both[1]!;
        Reference.Equal(a, Product(qv, rv), 1e-10);
        NDArray<double> identity = Product(qv.T.Copy(), qv);
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(i == j ? 1.0 : 0.0, identity[i, j], 10);
                if (i > j)
                {
                    Assert.Equal(0.0, rv[i, j]);
                }
            }
        }
    }

    [Fact]
    public void Svd_ReconstructsWithDescendingSingularValues()
    {
        NDArray<double> a = Reference.Sample(22, 30, 4);
        DaskArray<double> x = Da.FromArray(a, chunks: (10, 4));
        var (u, s, vt) = Linalg.Svd(x);
        NDArray<double> uv = u.Compute();
        double[] sv = s.Compute().ToArray();
        NDArray<double> vtv = vt.Compute();
        Assert.Equal(sv.OrderByDescending(v => v), sv);
        var scaled = new NDArray<double>(30, 4);
        for (int i = 0; i < 30; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                scaled[i, j] = uv[i, j] * sv[j];
            }
        }

        Reference.Equal(a, Product(scaled, vtv), 1e-9);

        // The singular values' squares are the eigenvalues of AᵀA: their sum is the squared Frobenius norm.
        Assert.Equal(a.ToArray().Sum(v => v * v), sv.Sum(v => v * v), 6);
    }

    [Fact]
    public void Qr_ShortBlocks_AreRejected()
    {
        DaskArray<double> x = Da.Ones<double>((10, 5), chunks: (3, 5));
        var e = Assert.Throws<ArgumentException>(() => Linalg.Qr(x));
        Assert.StartsWith("Tall-and-skinny QR needs every row block to have at least as many rows as the array has columns (5)", e.Message);
    }
}
