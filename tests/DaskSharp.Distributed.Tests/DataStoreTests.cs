using DaskSharp.Distributed.Protocol;
using DaskSharp.Distributed.Working;
using DaskSharp.Distributed.Working.Spill;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The worker's spill buffer on real files in a directory of its own: spills run on the background
/// writer and never hold up task threads; reads, removals and replacements racing a write end
/// consistent with no file left behind; frames compress only when it pays; a damaged file fails
/// naming its key; cheap results are dropped and rebuilt instead of spilled; a result read back keeps
/// its file, so it leaves memory again with nothing written.
/// </summary>
public sealed class DataStoreTests : IDisposable
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dasksharp-datastore-tests", Guid.NewGuid().ToString("N"));

    static DataStoreTests() => ValueSerializer.Register(new GatedSerializer());

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Set_OverTarget_SpillsTheLeastRecentlyUsedAndReadsItBackEqual()
    {
        using DataStore store = NewStore(target: 20_000);
        var a = NDArray<double>.FromArray(RandomDoubles(1000, seed: 1), 1000);
        double[] b = RandomDoubles(1000, seed: 2);
        string c = new('c', 1000);
        store.Set("a", a, 8000);
        store.Set("b", b, 8000);
        store.Set("c", c, 8000);
        await Written(store);
        Assert.Equal((16_000L, 8000L, 1), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        string file = Assert.Single(Files());
        Assert.Equal(file, store.SpillFileOf("a"));

        Assert.True(store.TryGet("a", out object? back));
        Assert.Equal(a.ToArray(), Assert.IsType<NDArray<double>>(back).ToArray());
        Assert.Equal(file, store.SpillFileOf("a"));

        // Reading a back put memory over the target again; a, kept in memory and on disk, is the one
        // just read, so b, least recently used of the others, was written.
        await Written(store);
        Assert.Equal((16_000L, 8000L, 1, 8000L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes));
        Assert.Equal(2, Files().Length);
        long written = store.DiskBytesWritten;
        Assert.True(store.TryGet("b", out back));
        Assert.Equal(b, Assert.IsType<double[]>(back));

        // Over the target again: a, kept, goes before c, which would have to be written, and goes at once.
        Assert.False(store.WritesPending);
        Assert.Equal((16_000L, 8000L, 1, 8000L, written), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes, store.DiskBytesWritten));
        Assert.Equal(file, store.SpillFileOf("a"));
        Assert.Null(store.SpillFileOf("c"));
        Assert.True(store.TryGet("c", out back));
        Assert.Equal(c, back);
        Assert.True(store.TryGet("a", out back));
        Assert.Equal(a.ToArray(), Assert.IsType<NDArray<double>>(back).ToArray());
        Assert.Equal(["a", "b", "c"], Sorted(store.Keys));
        Assert.Equal(written, store.DiskBytesWritten);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Set_OfOtherKeysWhileAWriteIsBlocked_DoesNotWaitForIt()
    {
        using DataStore store = NewStore(target: 1000);
        var slow = new GatedValue(7);
        store.Set("slow", slow, 600);
        store.Set("x", new byte[500], 500); // 1100 > 1000: slow goes to the writer, which blocks in its serializer
        await slow.Entered.Task.Within(s_bound, "the writer to start serializing the gated value");
        Assert.Equal("DaskSharp spill writer", slow.SerializedOn);

        await Task.Run(() =>
        {
            store.Set("y", new byte[10], 10);
            Assert.True(store.TryGet("x", out _));
            store.Remove("y");
        }).Within(s_bound, "Set, TryGet and Remove of other keys while a spill write is blocked");
        Assert.True(store.WritesPending);
        Assert.Equal((1100L, 0L), (store.MemoryBytes, store.SpilledBytes));

        slow.Release.Release();
        await Written(store);
        Assert.False(store.WritesPending);
        Assert.Equal((500L, 600L, 1), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.True(store.TryGet("slow", out object? back));
        Assert.Equal(7, Assert.IsType<GatedValue>(back).Id);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task TryGet_WhileItsWriteIsInFlight_ReturnsTheObjectInMemoryAndKeepsTheFile()
    {
        using DataStore store = NewStore(target: 1000);
        GatedValue slow = await BlockedWrite(store);

        Assert.True(store.TryGet("slow", out object? value));
        Assert.Same(slow, value);
        slow.Release.Release();
        await Written(store);

        Assert.Equal((1100L, 0L, 0, 600L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes));
        string file = Assert.Single(Files());
        Assert.Equal(file, store.SpillFileOf("slow"));
        Assert.Equal(new FileInfo(file).Length, store.DiskBytesWritten);
        Assert.True(store.TryGet("slow", out value));
        Assert.Same(slow, value);
        Assert.Null(store.FindInconsistency());

        // Its next exit lets go of the value and writes nothing; the read after it reads the file.
        Assert.Equal(600L, store.Evict(600));
        Assert.False(store.WritesPending);
        Assert.Equal((500L, 600L, 1, 0L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes));
        Assert.Equal(new FileInfo(file).Length, store.DiskBytesWritten);
        Assert.True(store.TryGet("slow", out value));
        Assert.NotSame(slow, value);
        Assert.Equal(1, Assert.IsType<GatedValue>(value).Id);
        Assert.Equal(new FileInfo(file).Length, store.DiskBytesRead);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Remove_WhileItsWriteIsInFlight_DeletesTheFileOnceWritten()
    {
        using DataStore store = NewStore(target: 1000);
        GatedValue slow = await BlockedWrite(store);

        store.Remove("slow");
        Assert.Equal(500L, store.MemoryBytes);
        Assert.Equal(["x"], Sorted(store.Keys));
        slow.Release.Release();
        await Written(store);

        Assert.Empty(Files());
        Assert.False(store.TryGet("slow", out _));
        Assert.Equal((500L, 0L, 0), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Set_OfTheSameKeyWhileItsWriteIsInFlight_KeepsTheNewValue()
    {
        using DataStore store = NewStore(target: 1000);
        GatedValue slow = await BlockedWrite(store);

        store.Set("slow", "new", 50);
        slow.Release.Release();
        await Written(store);

        Assert.Empty(Files());
        Assert.True(store.TryGet("slow", out object? value));
        Assert.Equal("new", value);
        Assert.Equal((550L, 0L, 0), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Evict_CountsWritesPending_AndQueuedResultsReadOrRemovedAreNeverWritten()
    {
        using DataStore store = NewStore(target: 0);
        var slow = new GatedValue(1);
        byte[] q = new byte[300];
        store.Set("slow", slow, 600);
        store.Set("q", q, 300);
        store.Set("r", new byte[200], 200);
        store.Set("x", new byte[100], 100);
        Assert.Equal(600L, store.Evict(600));
        await slow.Entered.Task.Within(s_bound, "the writer to start serializing the gated value");

        // 600 bytes are on their way out already, so 500 more make 1100: q and r.
        Assert.Equal(500L, store.Evict(1100));
        Assert.Equal(0L, store.Evict(1100));
        Assert.True(store.TryGet("q", out object? value));
        Assert.Same(q, value);
        store.Remove("r");
        slow.Release.Release();
        await Written(store);

        Assert.Equal(store.SpillFileOf("slow"), Assert.Single(Files()));
        Assert.Equal((400L, 600L, 1), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Evict_UnderTheTarget_SpillsTheLeastRecentlyUsedUntilTheBytesAskedFor()
    {
        using DataStore store = NewStore(target: 1_000_000);
        store.Set("a", RandomBytes(1000, seed: 1), 1000);
        store.Set("b", RandomBytes(1000, seed: 2), 1000);
        store.Set("c", RandomBytes(1000, seed: 3), 1000);

        Assert.Equal(2000L, store.Evict(1500));
        Assert.True(store.HasSpillable);
        await Written(store);
        Assert.Equal((1000L, 2000L, 2), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.NotNull(store.SpillFileOf("a"));
        Assert.NotNull(store.SpillFileOf("b"));
        Assert.Null(store.SpillFileOf("c"));

        Assert.Equal(1000L, store.Evict(5000));
        Assert.False(store.HasSpillable);
        await Written(store);
        Assert.Equal((0L, 3000L, 3), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.Equal(RandomBytes(1000, seed: 2), store.TryGet("b", out object? b) ? b : null);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Spill_CompressesOnesButWritesRandomDoublesRaw_AndCountsTheBytes()
    {
        using DataStore store = NewStore(target: 0);
        const int n = 1 << 17; // 1 MiB of doubles
        var ones = NDArray<double>.FromArray([.. Enumerable.Repeat(1.0, n)], n);
        var random = NDArray<double>.FromArray(RandomDoubles(n, seed: 3), n);
        store.Set("ones", ones, n * 8);
        store.Set("random", random, n * 8);
        Assert.Equal(2L * n * 8, store.Evict(long.MaxValue));
        await Written(store);

        long onesFile = new FileInfo(store.SpillFileOf("ones")!).Length;
        long randomFile = new FileInfo(store.SpillFileOf("random")!).Length;
        Assert.True(onesFile < n * 8 / 100, $"1 MiB of ones should compress over 100-fold; its file has {onesFile} bytes");
        Assert.InRange(randomFile, n * 8, (n * 8) + 1024); // raw frame plus file and block headers
        Assert.Equal(onesFile + randomFile, store.DiskBytesWritten);
        Assert.True(store.DiskWriteSeconds > 0);

        Assert.True(store.TryGet("ones", out object? back));
        Assert.Equal(ones.ToArray(), Assert.IsType<NDArray<double>>(back).ToArray());
        Assert.True(store.TryGet("random", out back));
        Assert.Equal(random.ToArray(), Assert.IsType<NDArray<double>>(back).ToArray());
        Assert.Equal(onesFile + randomFile, store.DiskBytesRead);
        Assert.True(store.DiskReadSeconds > 0);
        Assert.Equal((2L * n * 8, 2L * n * 8, onesFile + randomFile), (store.MemoryBytes, store.KeptBytes, store.SpillFileBytes));
        Assert.Equal(2, Files().Length);
    }

    [Fact]
    public async Task DiskActivity_ReportsEachWriteAndReadWithTheResultsKeyAndBytes()
    {
        using DataStore store = NewStore(target: 0);
        var activities = new System.Collections.Concurrent.ConcurrentQueue<WorkerActivity>();
        store.DiskActivity = activities.Enqueue;
        store.Set("k", RandomBytes(5000, seed: 4), 5000);
        store.Evict(1);
        await Written(store);
        Assert.True(store.TryGet("k", out _));

        Assert.Equal([(ActionKind.DiskWrite, new Key("k"), 5000L), (ActionKind.DiskRead, new Key("k"), 5000L)], [.. activities.Select(a => (a.Kind, a.Key, a.NBytes))]);
        Assert.All(activities, a => Assert.True(a.Stop >= a.Start));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    public async Task TryGet_OfADamagedSpillFile_FailsNamingTheKeyAndTheFile(string damage)
    {
        using DataStore store = NewStore(target: 0);
        var key = new Key("damaged", 3);
        store.Set(key, RandomBytes(100_000, seed: 5), 100_000);
        store.Evict(1);
        await Written(store);
        string file = store.SpillFileOf(key)!;
        byte[] bytes = await File.ReadAllBytesAsync(file);
        if (damage == "flip")
        {
            bytes[bytes.Length / 2] ^= 0x40;
        }
        else
        {
            Array.Resize(ref bytes, bytes.Length - 10);
        }

        await File.WriteAllBytesAsync(file, bytes);

        var e = Assert.Throws<InvalidDataException>(() => store.TryGet(key, out _));
        Assert.StartsWith($"The spill file {file} of ('damaged', 3) is corrupt or truncated: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(damage == "flip" ? "does not match its checksum" : "stored bytes with", e.Message, StringComparison.Ordinal);

        // Still on disk, still failing the same way; removing it deletes the file.
        Assert.Throws<InvalidDataException>(() => store.TryGet(key, out _));
        Assert.Equal(
            damage == "flip" ? null : $"the spill file {file} of ('damaged', 3) has {bytes.Length} bytes; {bytes.Length + 10} are counted",
            store.FindInconsistency());
        store.Remove(key);
        Assert.Empty(Files());
        Assert.Equal((0L, 0L, 0), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
    }

    [Fact]
    public async Task Set_WithACheapRecipe_IsDroppedInsteadOfSpilled_AndRebuiltOnRead()
    {
        using DataStore store = NewStore(target: 1000);
        store.RecordCompute("cheap", seconds: 1e-6, nbytes: 1_000_000); // 1 ps a byte: cheaper than any disk
        store.RecordCompute("dear", seconds: 1.0, nbytes: 1000); // 1 ms a byte: dearer than any disk
        var dropped = new List<(Key, long)>();
        store.Dropped = (k, n) => dropped.Add((k, n));
        int rebuilt = 0;
        var cheap = new Key("cheap", 0);
        var dear = new Key("dear", 0);
        store.Set(cheap, new double[] { 1, 2, 3 }, 600, () =>
        {
            rebuilt++;
            return new double[] { 1, 2, 3 };
        });
        store.Set(dear, new double[] { 4, 5 }, 600, () => new double[] { 4, 5 });
        Assert.Equal([(cheap, 600L)], dropped);
        Assert.Equal((1L, 600L, 600L), (store.DroppedCount, store.DroppedBytes, store.MemoryBytes));

        store.Set("x", new byte[500], 500); // over the target again: dear is least recently used, and dearer to rebuild than to spill
        await Written(store);
        Assert.Equal(store.SpillFileOf(dear), Assert.Single(Files()));
        Assert.Null(store.SpillFileOf(cheap));
        Assert.Equal((500L, 600L, 1), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.Equal([cheap, dear, "x"], Sorted(store.Keys));

        Assert.True(store.TryGet(cheap, out object? value));
        Assert.Equal(new double[] { 1, 2, 3 }, value);
        Assert.Equal((1, 1L, 1L), (rebuilt, store.RecomputedCount, store.DroppedCount));
        Assert.True(store.TryGet(cheap, out _));
        Assert.Equal(1, rebuilt);
        await Written(store);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public void TryGet_WhenTheRecipeThrows_FailsNamingTheKeyAndKeepsItDropped()
    {
        using DataStore store = NewStore(target: 0);
        var key = new Key("broken", 1);
        int calls = 0;
        var boom = new InvalidOperationException("boom");
        store.Set(key, new Uri("http://h/1"), 100, () =>
        {
            calls++;
            throw boom;
        });
        Assert.Equal(100L, store.Evict(100)); // no serializer takes a Uri, so a recipe is its only way out

        var e = Assert.Throws<RecomputeFailedException>(() => store.TryGet(key, out _));
        Assert.Equal(key, e.Key);
        Assert.Same(boom, e.InnerException);
        Assert.Equal("The result of ('broken', 1) was dropped from memory to be recomputed instead of spilled, and recomputing it failed: boom", e.Message);
        Assert.Throws<RecomputeFailedException>(() => store.TryGet(key, out _));
        Assert.Equal((2, 0L, 1L), (calls, store.RecomputedCount, store.DroppedCount));
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public void Evict_OfAValueNoSerializerTakes_KeepsItInMemory()
    {
        using DataStore store = NewStore(target: 0);
        store.Set("uri", new Uri("http://h/1"), 100);
        Assert.True(store.HasSpillable);
        Assert.Equal(0L, store.Evict(100));
        Assert.False(store.HasSpillable);
        Assert.Equal((100L, 0L, 0L), (store.MemoryBytes, store.SpilledBytes, store.DroppedCount));
        Assert.False(store.WritesPending);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Spill_OfAValueItsSerializerRefuses_KeepsItInMemoryAndNeverTriesAgain()
    {
        using DataStore store = NewStore(target: 0);
        object refused = new(); // the plain serializer takes the type object only for null
        store.Set("refused", refused, 100);
        Assert.Equal(100L, store.Evict(100));
        await Written(store);

        Assert.False(store.HasSpillable);
        Assert.Equal(0L, store.Evict(100));
        Assert.Equal((100L, 0L, 0, 0L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.DiskBytesWritten));
        Assert.True(store.TryGet("refused", out object? value));
        Assert.Same(refused, value);
        Assert.Empty(Files());
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Dispose_DeletesTheDirectory_AfterTheWriteInFlight()
    {
        DataStore store = NewStore(target: 0);
        store.Set("on-disk", RandomBytes(1000, seed: 6), 1000);
        store.Evict(1);
        await Written(store);
        Assert.Single(Files());
        var slow = new GatedValue(2);
        store.Set("slow", slow, 100);
        store.Evict(1);
        await slow.Entered.Task.Within(s_bound, "the writer to start serializing the gated value");

        Task disposing = Task.Run(store.Dispose);
        slow.Release.Release();
        await disposing.Within(s_bound, "Dispose to stop the writer and delete the directory");

        Assert.False(Directory.Exists(_directory));
        Assert.Equal((0L, 0L, 0), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
    }

    [Fact]
    public async Task TryGet_OfOneSpilledKeyFromManyThreads_ReadsTheFileOnce()
    {
        using DataStore store = NewStore(target: 0);
        byte[] value = RandomBytes(200_000, seed: 7);
        store.Set("shared", value, value.Length);
        store.Evict(1);
        await Written(store);
        long fileBytes = new FileInfo(store.SpillFileOf("shared")!).Length;

        using var start = new Barrier(4);
        Task<object?>[] readers = new Task<object?>[4];
        for (int i = 0; i < readers.Length; i++)
        {
            readers[i] = Task.Factory.StartNew(
                () =>
                {
                    Assert.True(start.SignalAndWait(s_bound), "the four readers to start together");
                    return store.TryGet("shared", out object? read) ? read : null;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        object?[] reads = await Task.WhenAll(readers).Within(s_bound, "four threads reading one spilled key");
        Assert.All(reads, r => Assert.Same(reads[0], r));
        Assert.Equal(value, reads[0]);
        Assert.Equal(fileBytes, store.DiskBytesRead);
        Assert.Equal((200_000L, 0L, 0, 200_000L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes));
        Assert.Equal(store.SpillFileOf("shared"), Assert.Single(Files()));
    }

    [Fact]
    public async Task ConcurrentSetsReadsRemovesAndEvictions_EndConsistentWithOneFilePerSpilledResult()
    {
        DataStore store = NewStore(target: 20_000);
        const int threads = 4, keysPerThread = 8, operations = 400;
        Task<byte[]?[]>[] workers = new Task<byte[]?[]>[threads];
        for (int t = 0; t < threads; t++)
        {
            int thread = t;
            workers[t] = Task.Run(() => Churn(store, thread, keysPerThread, operations));
        }

        byte[]?[][] expected = await Task.WhenAll(workers).Within(TimeSpan.FromSeconds(60), "four threads churning the store");
        await Written(store);
        Assert.Null(store.FindInconsistency());
        Assert.Equal(store.Keys.Count(k => store.SpillFileOf(k) is not null), Files().Length);
        Assert.Equal(store.SpillFileCount, Files().Length);

        // Everything out of memory (the kept ones with nothing written), then every value read back equal.
        store.Evict(long.MaxValue);
        await Written(store);
        Assert.Equal((0L, 0L), (store.MemoryBytes, store.KeptBytes));
        Assert.Equal(store.Keys.Count, store.SpilledCount);
        Assert.Equal(store.SpilledCount, Files().Length);
        for (int t = 0; t < threads; t++)
        {
            for (int k = 0; k < keysPerThread; k++)
            {
                Assert.Equal(expected[t][k] is not null, store.TryGet(new Key($"t{t}", k), out object? read));
                Assert.Equal(expected[t][k], (byte[]?)read);
            }
        }

        Assert.Null(store.FindInconsistency());
        store.Dispose();
        Assert.False(Directory.Exists(_directory));
        Assert.Equal((0L, 0L, 0, 0L, 0L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes, store.SpillFileBytes));
    }

    [Fact]
    public async Task TryGet_ThenEvict_KeepsTheFileAndWritesNothing()
    {
        using DataStore store = NewStore(target: 0);
        var activities = new System.Collections.Concurrent.ConcurrentQueue<WorkerActivity>();
        store.DiskActivity = activities.Enqueue;
        byte[] value = RandomBytes(5000, seed: 8);
        store.Set("k", value, 5000);
        Assert.Equal(5000L, store.Evict(1));
        await Written(store);
        string file = store.SpillFileOf("k")!;
        long fileBytes = new FileInfo(file).Length;
        Assert.Equal((fileBytes, fileBytes), (store.DiskBytesWritten, store.SpillFileBytes));

        Assert.True(store.TryGet("k", out object? back));
        Assert.Equal(value, back);
        Assert.Equal(file, store.SpillFileOf("k"));
        Assert.True(File.Exists(file));
        Assert.Equal((5000L, 0L, 0, 5000L, fileBytes, 1), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes, store.SpillFileBytes, store.SpillFileCount));
        Assert.True(store.HasSpillable);
        Assert.Null(store.FindInconsistency());

        // Out again at once: nothing queued, nothing written, the same file.
        Assert.Equal(5000L, store.Evict(1));
        Assert.False(store.WritesPending);
        Assert.False(store.HasSpillable);
        Assert.Equal((0L, 5000L, 1, 0L, fileBytes), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes, store.SpillFileBytes));
        Assert.Equal((fileBytes, fileBytes), (store.DiskBytesWritten, store.DiskBytesRead));
        Assert.Equal(file, store.SpillFileOf("k"));
        Assert.Equal(0L, store.Evict(1));
        Assert.Null(store.FindInconsistency());

        Assert.True(store.TryGet("k", out object? again));
        Assert.Equal(value, again);
        Assert.NotSame(back, again);
        Assert.Equal((fileBytes, 2 * fileBytes), (store.DiskBytesWritten, store.DiskBytesRead));
        Assert.Equal([ActionKind.DiskWrite, ActionKind.DiskRead, ActionKind.DiskRead], [.. activities.Select(a => a.Kind)]);
        Assert.Equal(file, Assert.Single(Files()));
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task TryGet_OfAKeptResult_NeverReadsItsFile()
    {
        using DataStore store = NewStore(target: 0);
        string file = await KeptAfterReadBack(store, "k", 3000, seed: 9);
        Assert.True(store.TryGet("k", out object? back));
        long read = store.DiskBytesRead;

        // Garbage of the same length: a read of the file would fail its checksum.
        byte[] garbage = new byte[new FileInfo(file).Length];
        await File.WriteAllBytesAsync(file, garbage);
        Assert.True(store.TryGet("k", out object? again));
        Assert.Same(back, again);
        Assert.Equal(read, store.DiskBytesRead);

        store.Evict(1);
        Assert.Throws<InvalidDataException>(() => store.TryGet("k", out _)); // on disk only now, so it reads the file
        store.Remove("k");
        Assert.Empty(Files());
    }

    [Fact]
    public async Task Evict_LetsGoOfKeptResultsBeforeOlderOnesThatMustBeWritten()
    {
        using DataStore store = NewStore(target: 0);
        store.Set("a", RandomBytes(1000, seed: 10), 1000);
        store.Set("b", RandomBytes(1000, seed: 11), 1000);
        Assert.Equal(2000L, store.Evict(2000));
        await Written(store);
        long written = store.DiskBytesWritten;
        store.Set("c", RandomBytes(1000, seed: 12), 1000);
        Assert.True(store.TryGet("a", out _));
        Assert.True(store.TryGet("b", out _));

        // c was used least recently, but a and b leave memory for nothing.
        Assert.Equal(2000L, store.Evict(1500));
        Assert.False(store.WritesPending);
        Assert.Equal((1000L, 2000L, 2, 0L, written), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes, store.DiskBytesWritten));
        Assert.Null(store.SpillFileOf("c"));

        // Then c, which has to be written.
        // (The writer may finish before a WritesPending check could see it, so look at the file.)
        Assert.Equal(1000L, store.Evict(1000));
        await Written(store);
        Assert.Equal((0L, 3000L, 3), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.NotNull(store.SpillFileOf("c"));
        Assert.True(store.DiskBytesWritten > written);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Evict_OfAKeptResultWithACheapRecipe_LetsGoOfItWithoutDroppingIt()
    {
        using DataStore store = NewStore(target: 0);
        var key = new Key("cheap-later", 0);
        int rebuilt = 0;
        store.Set(key, RandomBytes(2000, seed: 13), 2000, () =>
        {
            rebuilt++;
            return RandomBytes(2000, seed: 13);
        });
        store.Evict(1); // never measured, so written
        await Written(store);
        string file = store.SpillFileOf(key)!;
        store.RecordCompute("cheap-later", seconds: 1e-6, nbytes: 1_000_000);
        Assert.True(store.TryGet(key, out _));

        Assert.Equal(2000L, store.Evict(1));
        Assert.Equal((0L, 0L, 2000L, 1), (store.DroppedCount, store.MemoryBytes, store.SpilledBytes, store.SpilledCount));
        Assert.Equal(file, store.SpillFileOf(key));
        Assert.True(store.TryGet(key, out object? back));
        Assert.Equal(RandomBytes(2000, seed: 13), back);
        Assert.Equal((0, 0L), (rebuilt, store.RecomputedCount));
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Remove_AfterAReadBack_DeletesTheKeptFile()
    {
        using DataStore store = NewStore(target: 0);
        store.Set("other", RandomBytes(1000, seed: 15), 1000);
        store.Evict(1000);
        string file = await KeptAfterReadBack(store, "k", 4000, seed: 14);

        store.Remove("k");
        Assert.False(File.Exists(file));
        Assert.Equal(store.SpillFileOf("other"), Assert.Single(Files()));
        Assert.Equal((0L, 1000L, 1, 0L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes));
        Assert.Equal(new FileInfo(store.SpillFileOf("other")!).Length, store.SpillFileBytes);
        Assert.False(store.TryGet("k", out _));
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Set_OfTheSameKeyAfterAReadBack_DeletesTheOldFileAndWritesTheNewValue()
    {
        using DataStore store = NewStore(target: 0);
        string old = await KeptAfterReadBack(store, "k", 4000, seed: 16);
        long oldBytes = store.DiskBytesWritten;

        byte[] replacement = RandomBytes(700, seed: 17);
        store.Set("k", replacement, 700);
        Assert.Empty(Files());
        Assert.Null(store.SpillFileOf("k"));
        Assert.Equal((700L, 0L, 0, 0L, 0L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes, store.SpillFileBytes));

        // Not kept, so its exit writes it: a new file, holding the new value.
        Assert.Equal(700L, store.Evict(1));
        await Written(store);
        string file = store.SpillFileOf("k")!;
        Assert.NotEqual(old, file);
        Assert.Equal(oldBytes + new FileInfo(file).Length, store.DiskBytesWritten);
        Assert.True(store.TryGet("k", out object? back));
        Assert.Equal(replacement, back);
        Assert.Null(store.FindInconsistency());
    }

    [Fact]
    public async Task Dispose_AfterReadBacks_LeavesNoFileAndEmptyBooks()
    {
        DataStore store = NewStore(target: 0);
        store.Set("kept", RandomBytes(1000, seed: 18), 1000);
        store.Set("on-disk", RandomBytes(1000, seed: 19), 1000);
        store.Evict(2000);
        await Written(store);
        Assert.True(store.TryGet("kept", out _));
        Assert.Equal((1000L, 1000L, 1000L), (store.MemoryBytes, store.SpilledBytes, store.KeptBytes));
        Assert.Equal(2, Files().Length);

        store.Dispose();
        Assert.False(Directory.Exists(_directory));
        Assert.Equal((0L, 0L, 0, 0L, 0L), (store.MemoryBytes, store.SpilledBytes, store.SpilledCount, store.KeptBytes, store.SpillFileBytes));
        Assert.False(store.TryGet("kept", out _));
        Assert.Empty(store.Keys);
    }

    /// <summary>Sets, reads, removes and evicts keys of its own, checking each read against what it last set; returns what it last set.</summary>
    private static byte[]?[] Churn(DataStore store, int thread, int keys, int operations)
    {
        var random = new Random(thread);
        var expected = new byte[]?[keys];
        for (int i = 0; i < operations; i++)
        {
            int k = random.Next(keys);
            var key = new Key($"t{thread}", k);
            switch (random.Next(4))
            {
                case 0:
                    byte[] value = random.Next(2) == 0 ? new byte[random.Next(1000, 4000)] : RandomBytes(random.Next(1000, 4000), seed: i);
                    value[0] = (byte)i;
                    store.Set(key, value, value.Length);
                    expected[k] = value;
                    break;
                case 1:
                    bool found = store.TryGet(key, out object? read);
                    Assert.Equal(expected[k] is not null, found);
                    Assert.Equal(expected[k], (byte[]?)read);
                    break;
                case 2:
                    store.Remove(key);
                    expected[k] = null;
                    break;
                default:
                    store.Evict(random.Next(1, 5000));
                    break;
            }
        }

        return expected;
    }

    /// <summary>Sets <paramref name="key"/> to random bytes, spills it (it must be the only result in memory), reads it back so it is kept, and returns its file.</summary>
    private static async Task<string> KeptAfterReadBack(DataStore store, Key key, int nbytes, int seed)
    {
        store.Set(key, RandomBytes(nbytes, seed), nbytes);
        Assert.Equal((long)nbytes, store.Evict(nbytes));
        await Written(store);
        string file = store.SpillFileOf(key)!;
        Assert.True(store.TryGet(key, out _));
        Assert.Equal(file, store.SpillFileOf(key));
        return file;
    }

    /// <summary>A store whose writer is blocked writing "slow" (600 bytes) while "x" (500 bytes) stays in memory.</summary>
    private static async Task<GatedValue> BlockedWrite(DataStore store)
    {
        var slow = new GatedValue(1);
        store.Set("slow", slow, 600);
        store.Set("x", new byte[500], 500);
        await slow.Entered.Task.Within(s_bound, "the writer to start serializing the gated value");
        return slow;
    }

    private static async Task Written(DataStore store) =>
        Assert.True(await store.WhenSpillsWrittenAsync(s_bound), $"Waited {s_bound.TotalSeconds} s for the spill writer to write every queued result; it did not.");

    private DataStore NewStore(long target) => new(_directory, target, NullLogger.Instance, TimeProvider.System);

    private string[] Files() => Directory.Exists(_directory) ? Directory.GetFiles(_directory) : [];

    private static Key[] Sorted(IReadOnlyCollection<Key> keys)
    {
        Key[] sorted = [.. keys];
        Array.Sort(sorted);
        return sorted;
    }

    private static double[] RandomDoubles(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = random.NextDouble();
        }

        return values;
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A value whose spill blocks in its serializer until the test releases it, holding the writer mid-file.</summary>
    private sealed class GatedValue(int id)
    {
        public int Id { get; } = id;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SemaphoreSlim Release { get; } = new(0);

        public string? SerializedOn { get; set; }
    }

    private sealed class GatedSerializer : ITypeSerializer
    {
        public string Name => "test-gated";

        public bool CanSerialize(Type type) => type == typeof(GatedValue);

        public (byte[] Header, ReadOnlyMemory<byte>[] Frames) Serialize(object value)
        {
            var gated = (GatedValue)value;
            gated.SerializedOn = Thread.CurrentThread.Name;
            gated.Entered.TrySetResult();
            if (!gated.Release.Wait(s_bound))
            {
                throw new TimeoutException($"Waited {s_bound.TotalSeconds} s for the test to release the gated write; it did not.");
            }

            return (BitConverter.GetBytes(gated.Id), []);
        }

        public object Deserialize(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> frames) => new GatedValue(BitConverter.ToInt32(header));
    }
}
