using DaskSharp.Distributed.Shuffle;
using DaskSharp.Execution;

namespace DaskSharp.Distributed.Tests.Shuffle;

/// <summary>A worker's received shuffle pieces: memory up to the budget, disk past it, input order out, runs kept apart, nothing left behind.</summary>
public sealed class ShuffleStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"shuffle-store-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static byte[] Bytes(int n, byte value) => Enumerable.Repeat(value, n).ToArray();

    private string[] Files() => Directory.Exists(_directory) ? Directory.GetFiles(_directory, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public void PiecesPastTheBudget_GoToDisk_AndComeBackInInputOrder_AndTheFileGoes()
    {
        using var store = new ShuffleStore(_directory, memoryBudget: 100);
        Assert.Null(store.Add("s", 1, 2, [0, 1], [Bytes(60, 2), Bytes(10, 20)]));
        Assert.Null(store.Add("s", 1, 0, [0, 1], [Bytes(60, 0), Bytes(10, 10)])); // 60 more would pass 100: to disk
        Assert.Null(store.Add("s", 1, 1, [0], [Bytes(5, 1)]));
        Assert.Equal(85, store.MemoryBytes);
        Assert.Equal(68, store.DiskBytesWritten); // 8 bytes of input and length, 60 of piece
        Assert.Equal([Path.Combine(_directory, "s-1", "0")], Files());

        Assert.Equal([Bytes(60, 0), Bytes(5, 1), Bytes(60, 2)], store.Take("s", 1, 0));
        Assert.Empty(Files());
        Assert.Equal([Bytes(10, 10), Bytes(10, 20)], store.Take("s", 1, 1));
        Assert.Equal(0, store.MemoryBytes);
        Assert.False(Directory.Exists(Path.Combine(_directory, "s-1")));
    }

    [Fact]
    public void RepeatedPiece_IsKeptOnce()
    {
        using var store = new ShuffleStore(_directory, memoryBudget: 0);
        Assert.Null(store.Add("s", 1, 0, [0], [Bytes(3, 7)]));
        Assert.Null(store.Add("s", 1, 0, [0], [Bytes(3, 7)]));
        Assert.Equal(11, store.DiskBytesWritten);
        Assert.Equal([Bytes(3, 7)], store.Take("s", 1, 0));
    }

    [Fact]
    public void NewerRun_ReplacesTheOlder_AndAStoppedRunIsRefused()
    {
        using var store = new ShuffleStore(_directory, memoryBudget: 0);
        Assert.Null(store.Add("s", 1, 0, [0], [Bytes(3, 1)]));
        Assert.Null(store.Add("s", 2, 0, [0], [Bytes(3, 2)]));
        Assert.Equal([Path.Combine(_directory, "s-2", "0")], Files());
        Assert.Equal("Shuffle s: run 1 was replaced here by run 2.", store.Add("s", 1, 1, [0], [Bytes(3, 1)]));
        Assert.Equal("Shuffle s: run 1 was replaced here by run 2.", Assert.Throws<ShuffleRestartedException>(() => store.Take("s", 1, 0)).Message);

        store.Stop("s", 2);
        Assert.Empty(Files());
        Assert.Equal("Shuffle s: run 2 is over here (runs up to 2 were stopped).", store.Add("s", 2, 1, [0], [Bytes(3, 2)]));
        Assert.Null(store.Add("s", 3, 1, [0], [Bytes(3, 3)]));
        Assert.Equal([Bytes(3, 3)], store.Take("s", 3, 0));
    }

    [Fact]
    public void Dispose_RemovesEveryFile()
    {
        var store = new ShuffleStore(_directory, memoryBudget: 0);
        Assert.Null(store.Add("a", 1, 0, [0, 1], [Bytes(3, 1), Bytes(3, 2)]));
        Assert.Null(store.Add("b", 4, 0, [0], [Bytes(3, 1)]));
        Assert.Equal(3, Files().Length);
        store.Dispose();
        Assert.Empty(Files());
    }
}
