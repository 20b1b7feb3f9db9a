using DaskSharp.Distributed.Working.Spill;
using DaskSharp.Graphs;
using DaskSharp.Serialization;
using K4os.Compression.LZ4;

namespace DaskSharp.Distributed.Tests;

/// <summary>
/// The spill file format and its frame compression on exact bytes: LZ4 only where it saves 10 %,
/// decided on a frame's first 64 KiB; a file that does not hold what it claims fails naming its key
/// and path.
/// </summary>
public sealed class SpillFileTests : IDisposable
{
    private const int BlockHeader = 17; // flags, length, stored length, hash
    private static readonly Key s_key = new("part", 2);
    private readonly string _directory = Directory.CreateTempSubdirectory("dasksharp-spillfile-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(1000, 900, true)]
    [InlineData(1000, 901, false)]
    [InlineData(1000, 0, false)]
    [InlineData(1000, -1, false)]
    public void Pays_KeepsCompressionThatSavesTenPercent(int raw, int compressed, bool pays) =>
        Assert.Equal(pays, FrameCompression.Pays(raw, compressed));

    [Fact]
    public void TryCompress_OfZeros_ReturnsTheLz4Block()
    {
        byte[] zeros = new byte[200_000];
        int length = FrameCompression.TryCompress(zeros, out byte[]? rented);
        Assert.NotNull(rented);
        Assert.Equal(Lz4(zeros).Length, length);
        var back = new byte[zeros.Length];
        Assert.True(FrameCompression.TryDecompress(rented.AsSpan(0, length), back));
        Assert.Equal(zeros, back);
    }

    [Fact]
    public void TryCompress_OfRandomBytes_OfASmallFrame_OrOfARandomFirst64KiB_WritesRaw()
    {
        byte[] random = RandomBytes(200_000, seed: 1);
        Assert.Equal(-1, FrameCompression.TryCompress(random, out byte[]? rented));
        Assert.Null(rented);
        Assert.Equal(-1, FrameCompression.TryCompress(new byte[FrameCompression.MinimumLength - 1], out rented));
        Assert.Null(rented);

        // Zeros after a random first 64 KiB would compress, but the sample says no and the rest is never tried.
        byte[] randomThenZeros = new byte[1 << 20];
        RandomBytes(FrameCompression.SampleLength, seed: 2).CopyTo(randomThenZeros, 0);
        Assert.True(Lz4(randomThenZeros).Length < randomThenZeros.Length / 2);
        Assert.Equal(-1, FrameCompression.TryCompress(randomThenZeros, out rented));
    }

    [Fact]
    public void Write_ThenRead_RoundTripsWithRawAndCompressedBlocksOfExactLengths()
    {
        byte[] header = [1, 2, 3];
        byte[] random = RandomBytes(100_000, seed: 3);
        byte[] zeros = new byte[100_000];
        string path = Path.Combine(_directory, "1.spill");

        long written = SpillFile.Write(path, s_key, new SerializedValue("plain", header, [random, zeros]));

        int preamble = 4 + 1 + 4 + "('part', 2)".Length + 4 + "plain".Length + 4;
        long expected = preamble + (BlockHeader + header.Length) + (BlockHeader + random.Length) + (BlockHeader + Lz4(zeros).Length);
        Assert.Equal(expected, written);
        Assert.Equal(expected, new FileInfo(path).Length);

        SerializedValue back = SpillFile.Read(path, s_key, out long length);
        Assert.Equal(expected, length);
        Assert.Equal("plain", back.Serializer);
        Assert.Equal(header, back.Header);
        Assert.Equal(2, back.Frames.Length);
        Assert.Equal(random, back.Frames[0].ToArray());
        Assert.Equal(zeros, back.Frames[1].ToArray());
    }

    [Theory]
    [InlineData("magic", "it does not start with the spill file magic")]
    [InlineData("version", "it has format version 9; this worker reads version 1")]
    [InlineData("header-byte", "block 0 does not match its checksum")]
    [InlineData("compressed-byte", "block 2 does not match its checksum")]
    [InlineData("block-length", "block 1 has flags 0, length 2001 and 2000 stored bytes with")]
    [InlineData("block-flags", "block 1 does not match its checksum")]
    [InlineData("trailing", "1 bytes follow its last block")]
    [InlineData("truncated-header", "block 2 has flags")]
    [InlineData("empty", "it ends 4 bytes early")]
    public void Read_OfADamagedFile_FailsNamingTheKeyThePathAndWhatIsWrong(string damage, string reason)
    {
        byte[] random = RandomBytes(2000, seed: 4);
        byte[] zeros = new byte[100_000];
        string path = Path.Combine(_directory, "1.spill");
        SpillFile.Write(path, s_key, new SerializedValue("plain", [1, 2, 3], [random, zeros]));
        byte[] bytes = File.ReadAllBytes(path);
        int preamble = 4 + 1 + 4 + "('part', 2)".Length + 4 + "plain".Length + 4;
        int secondFrame = preamble + BlockHeader + 3 + BlockHeader + random.Length;
        switch (damage)
        {
            case "magic": bytes[0] ^= 1; break;
            case "version": bytes[4] = 9; break;
            case "header-byte": bytes[preamble + BlockHeader + 1] ^= 1; break;
            case "compressed-byte": bytes[secondFrame + BlockHeader + 4] ^= 1; break;
            case "block-length": bytes[preamble + BlockHeader + 3 + 1] ^= 1; break; // the raw frame's length: 2000 becomes 2001, its stored length stays
            case "block-flags": bytes[preamble + BlockHeader + 3] = 1; break; // claims LZ4: only the hash, which covers the flags, can tell
            case "trailing": bytes = [.. bytes, 0]; break;
            case "truncated-header": bytes = bytes[..(bytes.Length - 1)]; break;
            case "empty": bytes = []; break;
        }

        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => SpillFile.Read(path, s_key, out _));
        Assert.StartsWith($"The spill file {path} of ('part', 2) is corrupt or truncated: {reason}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OfAnotherKeysFile_Fails()
    {
        string path = Path.Combine(_directory, "1.spill");
        SpillFile.Write(path, new Key("other"), new SerializedValue("plain", [1], []));
        var e = Assert.Throws<InvalidDataException>(() => SpillFile.Read(path, s_key, out _));
        Assert.Equal($"The spill file {path} of ('part', 2) is corrupt or truncated: it holds the result of other.", e.Message);
    }

    [Fact]
    public void Read_OfAMissingFile_FailsNamingTheKeyAndThePath()
    {
        string path = Path.Combine(_directory, "missing.spill");
        var e = Assert.Throws<IOException>(() => SpillFile.Read(path, s_key, out _));
        Assert.StartsWith($"The spilled result of ('part', 2) cannot be read from {path}: ", e.Message, StringComparison.Ordinal);
        Assert.IsType<FileNotFoundException>(e.InnerException);
    }

    private static byte[] Lz4(byte[] source)
    {
        var target = new byte[LZ4Codec.MaximumOutputSize(source.Length)];
        return target[..LZ4Codec.Encode(source, target, LZ4Level.L00_FAST)];
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
