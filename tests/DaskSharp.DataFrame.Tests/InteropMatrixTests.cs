using DaskSharp.Tests;

namespace DaskSharp.DataFrame.Tests;

/// <summary>Every interop operation gives the sync scheduler's answer, exactly, on threads and on worker processes.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class InteropMatrixTests(ProcessClusterFixture cluster)
{
    public static TheoryData<string> Cases => [.. InteropCases.Lazy.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) =>
        Assert.Equal(InteropCases.Lazy[name]("sync"), InteropCases.Lazy[name]("threads"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        Assert.Equal(InteropCases.Lazy[name]("sync"), InteropCases.Lazy[name](ProcessClusterFixture.SchedulerName));
    }

    [Fact]
    public void SyncAnswers_AreTheReferenceValues()
    {
        // The matrix compares executors; these pin the sync answers themselves to a plain reference.
        double[,] m = ArrayInteropTests.Matrix(9, 2);
        string doubled = string.Concat(Enumerable.Range(0, 18).Select(i => (m[i / 2, i % 2] * 2).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ","));
        Assert.Equal("((2, 2, 2, 2, 1), (2,))\n" + doubled, InteropCases.Lazy["array-roundtrip"]("sync"));
        Assert.Equal("((4, 4, 2),)\n1.5,NaN,2,-4,0.25,8,NaN,1,-1,3.5,", InteropCases.Lazy["to-array-series-nulls"]("sync"));
        double[,] f = ArrayInteropTests.Matrix(11, 3);
        string rows = string.Concat(Enumerable.Range(0, 11).Where(r => f[r, 1] > 30.0).Select(r => string.Join(",", new[] { f[r, 0], f[r, 1], f[r, 2], f[r, 0] + f[r, 2] }.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n"));
        Assert.Equal("a,b,c,d\n" + rows, InteropCases.Lazy["from-array"]("sync"));
        Assert.Equal(
            Enumerable.Range(0, 13).Select(i => new InteropCases.Values(i % 5 == 3 ? double.NaN : i * 0.75 - 2, i * i)),
            InteropCases.Chain("sync")); // the null X is NaN once it has been through a float array
    }
}
