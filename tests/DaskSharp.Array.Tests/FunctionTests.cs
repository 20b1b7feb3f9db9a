namespace DaskSharp.Array.Tests;

public class FunctionTests
{
    private static readonly NDArray<double> s_a = Reference.Sample(12, 9, 11);

    private static DaskArray<double> X => Da.FromArray(s_a, chunks: (4, 3));

    [Fact]
    public void ArgMaxArgMin_MatchScalarScans()
    {
        double[] flat = s_a.ToArray();
        Assert.Equal(System.Array.IndexOf(flat, flat.Max()), X.ArgMax().Compute());
        Assert.Equal(System.Array.IndexOf(flat, flat.Min()), X.ArgMin().Compute());
        long[] perColumn = X.ArgMax(axis: 0).Compute().ToArray();
        for (int j = 0; j < 11; j++)
        {
            double[] column = [.. Enumerable.Range(0, 9).Select(i => s_a[i, j])];
            Assert.Equal(System.Array.IndexOf(column, column.Max()), perColumn[j]);
        }

        long[] perRow = X.ArgMin(axis: 1).Compute().ToArray();
        for (int i = 0; i < 9; i++)
        {
            double[] row = [.. Enumerable.Range(0, 11).Select(j => s_a[i, j])];
            Assert.Equal(System.Array.IndexOf(row, row.Min()), perRow[i]);
        }
    }

    [Fact]
    public void ArgMax_TiesGoToTheFirst_NaNWins()
    {
        var x = Da.FromArray(new[] { 1.0, 5, 2, 5, 5 }, chunks: 2);
        Assert.Equal(1, x.ArgMax().Compute());
        var n = Da.FromArray(new[] { 1.0, 5, double.NaN, 7, double.NaN }, chunks: 2);
        Assert.Equal(2, n.ArgMax().Compute());
        Assert.Equal(2, n.ArgMin().Compute());
    }

    [Fact]
    public void CumSum_AlongEitherAxis()
    {
        NDArray<double> rows = X.CumSum(axis: 1).Compute();
        NDArray<double> cols = X.CumSum(axis: 0).Compute();
        for (int i = 0; i < 9; i++)
        {
            for (int j = 0; j < 11; j++)
            {
                Assert.Equal(Enumerable.Range(0, j + 1).Sum(k => s_a[i, k]), rows[i, j], 9);
                Assert.Equal(Enumerable.Range(0, i + 1).Sum(k => s_a[k, j]), cols[i, j], 9);
            }
        }
    }

    [Fact]
    public void AnyAll_OnBooleanArrays()
    {
        Assert.True((X > 0.0).Any().Compute());
        Assert.False((X > 0.0).All().Compute());
        Assert.True((X > -100.0).All().Compute());
        bool[] anyPerRow = (X > 9.0).Any(axis: 1).Compute().ToArray();
        Assert.Equal(Enumerable.Range(0, 9).Select(i => Enumerable.Range(0, 11).Any(j => s_a[i, j] > 9)), anyPerRow);
    }

    [Fact]
    public void NanAware_SumAndMean()
    {
        var x = Da.FromArray(new[] { 1.0, double.NaN, 3, double.NaN, 5 }, chunks: 2);
        Assert.True(double.IsNaN(x.Sum().Compute()));
        Assert.Equal(9.0, x.NanSum().Compute());
        Assert.Equal(3.0, x.NanMean().Compute());
        Assert.Equal([false, true, false, true, false], x.IsNaN().Compute().ToArray());
        Assert.Equal([true, false, true, false, true], x.IsFinite().Compute().ToArray());
    }

    [Fact]
    public void ElementwiseFunctions_MatchMath()
    {
        double[] flat = s_a.ToArray();
        Assert.Equal(flat.Select(Math.Abs), X.Abs().Compute().ToArray());
        Assert.Equal(flat.Select(v => Math.Exp(v / 10)), (X / 10.0).Exp().Compute().ToArray().Select(v => v), new ToleranceComparer(1e-12));
        Assert.Equal(flat.Select(v => Math.Sqrt(Math.Abs(v))), X.Abs().Sqrt().Compute().ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(flat.Select(v => Math.Clamp(v, -2, 3)), X.Clip(-2, 3).Compute().ToArray());
        Assert.Equal(flat.Select(v => v * v), X.Power(2).Compute().ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(flat.Select(Math.Tanh), X.Tanh().Compute().ToArray(), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
