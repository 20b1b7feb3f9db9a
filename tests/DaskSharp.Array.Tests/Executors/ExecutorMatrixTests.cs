using System.Globalization;
using System.Runtime.CompilerServices;
using DaskSharp.Arrays;
using DaskSharp.Graphs;
using DaskSharp.Tests;

namespace DaskSharp.Array.Tests.Executors;

/// <summary>
/// Every array operation gives the sync scheduler's answer, exactly, on the threads scheduler and on
/// a cluster of worker processes — where users run it.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ExecutorMatrixTests(ProcessClusterFixture cluster)
{
    public static TheoryData<string> Cases => [.. ArrayCases.Lazy.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Threads_GiveTheSyncAnswer(string name) => AssertSameAsSync(name, "threads");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Processes_GiveTheSyncAnswer(string name)
    {
        Assert.NotNull(cluster.Client);
        AssertSameAsSync(name, ProcessClusterFixture.SchedulerName);
    }

    [Fact]
    public void Persist_OnProcesses_KeepsChunksOnWorkersAndGivesTheSyncAnswer()
    {
        DaskArray<double> y = (Da.Random.DefaultRng(4).Random((12, 10), chunks: (5, 4)) * 2.0).Rechunk((6, 5));
        DaskArray<double> persisted = y.Persist(ProcessClusterFixture.SchedulerName);
        Assert.Equal(Canonical(y.Compute("sync")), Canonical(persisted.Compute(ProcessClusterFixture.SchedulerName)));
        Assert.Equal(Canonical(y.Sum(axis: 0).Compute("sync")), Canonical(persisted.Sum(axis: 0).Compute(ProcessClusterFixture.SchedulerName)));
    }

    [Theory]
    [InlineData("threads")]
    [InlineData(ProcessClusterFixture.SchedulerName)]
    public void Store_WritesTheSyncAnswerIntoTheTarget(string scheduler)
    {
        DaskArray<double> y = Da.Random.DefaultRng(6).Random((12, 10), chunks: (5, 4)).Rechunk((4, 5)) * 3.0;
        var expected = new NDArray<double>(12, 10);
        var actual = new NDArray<double>(12, 10);
        y.Store(expected, "sync");
        y.Store(actual, scheduler);
        Assert.Equal(Canonical(expected), Canonical(actual));
    }

    [Theory]
    [InlineData("threads")]
    [InlineData(ProcessClusterFixture.SchedulerName)]
    public void NpyStack_WrittenByTheExecutor_ReadsBackAsTheSyncAnswer(string scheduler)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"npystack-{Guid.NewGuid():N}");
        try
        {
            DaskArray<long> y = Da.Random.DefaultRng(8).Integers(0, 100, (9, 4), chunks: (4, 4));
            y.ToNpyStack(dir, axis: 0, scheduler: scheduler);
            Assert.Equal(Canonical(y.Compute("sync")), Canonical(Da.FromNpyStack<long>(dir).Compute(scheduler)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("threads")]
    [InlineData(ProcessClusterFixture.SchedulerName)]
    public void ComputeChunkSizes_AfterAMask_GivesTheSyncChunks(string scheduler)
    {
        DaskArray<double> x = Da.Random.DefaultRng(42).Random(40, chunks: 7);
        DaskArray<double> masked = x[x > 0.5];
        Assert.Equal(masked.ComputeChunkSizes("sync").Chunks.ToString(), masked.ComputeChunkSizes(scheduler).Chunks.ToString());
        Assert.Equal(Canonical(masked.ComputeChunkSizes("sync").Sum().Compute("sync")), Canonical(masked.ComputeChunkSizes(scheduler).Sum().Compute(scheduler)));
    }

    private static void AssertSameAsSync(string name, string scheduler)
    {
        Func<IDaskCollection[]> make = ArrayCases.Lazy[name];
        object?[] expected = Dask.ComputeCollections(make(), "sync");
        object?[] actual = Dask.ComputeCollections(make(), scheduler);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(Canonical(expected[i]), Canonical(actual[i]));
        }
    }

    /// <summary>A value as exact text: dtype, shape and every element in round-trip form.</summary>
    internal static string Canonical(object? value) => value switch
    {
        null => "null",
        NDArray<double> a => Chunk(a),
        NDArray<float> a => Chunk(a),
        NDArray<long> a => Chunk(a),
        NDArray<int> a => Chunk(a),
        NDArray<bool> a => Chunk(a),
        ITuple tuple => $"({string.Join("; ", Enumerable.Range(0, tuple.Length).Select(i => Canonical(tuple[i])))})",
        double d => $"double {d.ToString("R", CultureInfo.InvariantCulture)}",
        float f => $"float {f.ToString("R", CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name} {Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };

    private static string Chunk<T>(NDArray<T> a)
        where T : unmanaged =>
        $"{Dtype.NameOf(typeof(T))}({string.Join(", ", a.ShapeArray)})[{string.Join(", ", a.ToArray().Select(v => Canonical(v)[(Canonical(v).IndexOf(' ') + 1)..]))}]";
}
