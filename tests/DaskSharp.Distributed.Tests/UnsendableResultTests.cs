using DaskSharp.Distributed.Cluster;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// A result no codec handles (here a <see cref="Uri"/>) lives on the worker that made it; whoever
/// needs it elsewhere gets an error naming the key and the type, within a bound, instead of waiting
/// for an input nobody can send.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnsendableResultTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);
    private readonly LocalCluster _cluster = new(nWorkers: 2, threadsPerWorker: 1, processes: true, dashboardAddress: null);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void ATaskWhoseInputCannotTravel_ErrsNamingTheInputAndItsType()
    {
        using var client = new Client(_cluster);
        Future<Uri>[] parts = client.Map((int i) => new Uri($"http://h/{i}"), Enumerable.Range(0, 20));
        Assert.All(parts, p => Assert.Null(p.Exception(s_bound)));

        // Where the parts live: on both workers (20 root tasks on two single-threaded workers).
        Assert.Equal(2, client.WhoHas(parts).Values.SelectMany(w => w).Distinct().Count());

        // One task that needs them all must fetch some from the other worker.
        Future<int> total = client.SubmitCall<int>((Uri[] us) => us.Length, [parts]);
        Exception e = Assert.ThrowsAny<Exception>(() => total.Result(s_bound));
        Assert.Contains("cannot leave worker tcp://127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("(System.Uri)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Values of type System.Uri cannot be sent between processes", e.Message, StringComparison.Ordinal);
        Assert.Equal(FutureStatus.Error, total.Status);
    }

    [Fact]
    public void GatheringAResultThatCannotTravel_FailsNamingTheKeyAndItsType()
    {
        using var client = new Client(_cluster);
        Future<Uri> part = client.Submit((int i) => new Uri($"http://h/{i}"), 1);
        var e = Assert.Throws<NotSupportedException>(() => part.Result(s_bound));
        Assert.StartsWith($"The result of {part.Key} (System.Uri) cannot leave worker tcp://127.0.0.1:", e.Message, StringComparison.Ordinal);

        // The worker is still serving: other results come back.
        Assert.Equal(3, client.Submit((int i) => i + 1, 2).Result(s_bound));
    }

    [Fact]
    public void AFunctionCapturingAValueThatCannotTravel_IsRefusedAtSubmitNamingTheField()
    {
        using var client = new Client(_cluster);
        var handle = new NativeHandle(42);
        var e = Assert.Throws<NotSupportedException>(() => client.Submit((int i) => (int)handle.Pointer + i, 1));
        Assert.Matches($"^Task lambda-[0-9a-f]{{32}} cannot be sent to worker processes: The function captures 'handle', a {System.Text.RegularExpressions.Regex.Escape(typeof(NativeHandle).FullName!)}, which cannot be sent between processes: ", e.Message);
        Assert.Equal(12, client.Submit((int i) => "example.org".Length + i, 1).Result(s_bound));
    }

    [Fact]
    public void AFunctionShipsOnlyTheCapturedLocalsItUses()
    {
        using var client = new Client(_cluster);
        int offset = 5;
        var handle = new NativeHandle(42);

        // One closure object holds client, handle and offset for all three lambdas of this scope;
        // the shipped one uses only offset.
        Func<int> usesClient = () => client.GetHashCode();
        Func<nint> usesHandle = () => handle.Pointer;
        Future<int> f = client.Submit((int i) => i + offset, 1);
        Assert.Equal(6, f.Result(s_bound));
        Assert.NotEqual(0, usesClient() | (int)usesHandle());
    }

    /// <summary>A value only meaningful in its own process.</summary>
    private sealed class NativeHandle(nint pointer)
    {
        public nint Pointer { get; } = pointer;
    }
}
