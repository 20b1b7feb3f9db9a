using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Text;
using DaskSharp.Graphs;
using DaskSharp.Serialization;

namespace DaskSharp.Distributed.Working.Spill;

/// <summary>
/// One spilled result in one file, little-endian:
/// <code>
/// "DSSP"  version:u8  key:str  serializer:str  blocks:i32  block*            (str = bytes:i32 UTF-8)
/// block = flags:u8 (1: LZ4)  length:i32  stored:i32  xxhash3:u64  stored bytes
/// </code>
/// The first block is the serializer's header, the others its frames, each compressed when that
/// pays (<see cref="FrameCompression"/>). The hash covers a block's flags, lengths and stored bytes,
/// the key is written and compared, and the file must end right after its last block, so a
/// truncated or corrupt file raises an <see cref="InvalidDataException"/> naming the key and the
/// file instead of returning wrong data.
/// </summary>
internal static class SpillFile
{
    /// <summary>"DSSP" read as a little-endian integer.</summary>
    private const uint Magic = 0x50535344;
    private const byte Version = 1;
    private const byte Raw = 0;
    private const byte Lz4 = 1;

    // flags (1) + length (4) + stored (4), hashed with the block; then the hash (8).
    private const int BlockFieldsLength = 9;
    private const int BlockHeaderLength = BlockFieldsLength + 8;

    /// <summary>Writes <paramref name="value"/>, the result of <paramref name="key"/>, to a new file at <paramref name="path"/>; returns the file's length.</summary>
    /// <exception cref="IOException">when the file exists already or cannot be written.</exception>
    public static long Write(string path, Key key, SerializedValue value)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024);
        WritePreamble(stream, key.ToString(), value.Serializer, 1 + value.Frames.Length);
        var hash = new XxHash3();
        WriteBlock(stream, hash, value.Header);
        foreach (ReadOnlyMemory<byte> frame in value.Frames)
        {
            WriteBlock(stream, hash, frame.Span);
        }

        return stream.Position;
    }

    /// <summary>The value spilled for <paramref name="key"/> in <paramref name="path"/>, and the file's length.</summary>
    /// <exception cref="InvalidDataException">naming the key and the file when the file is truncated or corrupt.</exception>
    /// <exception cref="IOException">naming the key and the file when it cannot be read.</exception>
    public static SerializedValue Read(string path, Key key, out long fileLength)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan);
            fileLength = stream.Length;
            var reader = new Reader(stream, path, key);
            if (reader.UInt32() != Magic)
            {
                reader.Corrupt("it does not start with the spill file magic");
            }

            byte version = reader.Byte();
            if (version != Version)
            {
                reader.Corrupt($"it has format version {version}; this worker reads version {Version}");
            }

            string written = reader.String();
            if (written != key.ToString())
            {
                reader.Corrupt($"it holds the result of {written}");
            }

            string serializer = reader.String();
            int count = reader.Int32();
            if (count < 1 || count > reader.Remaining / BlockHeaderLength)
            {
                reader.Corrupt($"it claims {count} blocks");
            }

            var hash = new XxHash3();
            byte[] header = reader.Block(hash, 0);
            var frames = new ReadOnlyMemory<byte>[count - 1];
            for (int i = 0; i < frames.Length; i++)
            {
                frames[i] = reader.Block(hash, i + 1);
            }

            if (reader.Remaining != 0)
            {
                reader.Corrupt($"{reader.Remaining} bytes follow its last block");
            }

            return new SerializedValue(serializer, header, frames);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The spilled result of {key} cannot be read from {path}: {e.Message}", e);
        }
    }

    private static void WritePreamble(FileStream stream, string key, string serializer, int blocks)
    {
        int keyBytes = Encoding.UTF8.GetByteCount(key);
        int serializerBytes = Encoding.UTF8.GetByteCount(serializer);
        var preamble = new byte[4 + 1 + 4 + keyBytes + 4 + serializerBytes + 4];
        Span<byte> span = preamble;
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        span[4] = Version;
        span = span[5..];
        BinaryPrimitives.WriteInt32LittleEndian(span, keyBytes);
        span = span[(4 + Encoding.UTF8.GetBytes(key, span[4..]))..];
        BinaryPrimitives.WriteInt32LittleEndian(span, serializerBytes);
        span = span[(4 + Encoding.UTF8.GetBytes(serializer, span[4..]))..];
        BinaryPrimitives.WriteInt32LittleEndian(span, blocks);
        stream.Write(preamble);
    }

    private static void WriteBlock(FileStream stream, XxHash3 hash, ReadOnlySpan<byte> block)
    {
        int compressed = FrameCompression.TryCompress(block, out byte[]? rented);
        try
        {
            ReadOnlySpan<byte> stored = rented is null ? block : rented.AsSpan(0, compressed);
            Span<byte> head = stackalloc byte[BlockHeaderLength];
            head[0] = rented is null ? Raw : Lz4;
            BinaryPrimitives.WriteInt32LittleEndian(head[1..], block.Length);
            BinaryPrimitives.WriteInt32LittleEndian(head[5..], stored.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(head[BlockFieldsLength..], Hash(hash, head[..BlockFieldsLength], stored));
            stream.Write(head);
            stream.Write(stored);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ulong Hash(XxHash3 hash, ReadOnlySpan<byte> fields, ReadOnlySpan<byte> stored)
    {
        hash.Reset();
        hash.Append(fields);
        hash.Append(stored);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Reads the fields of a spill file, checking each length against what is left so a corrupt one never allocates past the file.</summary>
    private readonly ref struct Reader(FileStream stream, string path, Key key)
    {
        private readonly FileStream _stream = stream;
        private readonly long _length = stream.Length;

        public long Remaining => _length - _stream.Position;

        public byte Byte()
        {
            Span<byte> bytes = stackalloc byte[1];
            Fill(bytes);
            return bytes[0];
        }

        public int Int32()
        {
            Span<byte> bytes = stackalloc byte[4];
            Fill(bytes);
            return BinaryPrimitives.ReadInt32LittleEndian(bytes);
        }

        public uint UInt32()
        {
            Span<byte> bytes = stackalloc byte[4];
            Fill(bytes);
            return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        }

        public string String()
        {
            int length = Int32();
            if (length < 0 || length > Remaining)
            {
                Corrupt($"a string claims {length} bytes with {Remaining} left");
            }

            byte[] bytes = new byte[length];
            Fill(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Block <paramref name="index"/>, checked against its hash and decompressed.</summary>
        public byte[] Block(XxHash3 hash, int index)
        {
            Span<byte> head = stackalloc byte[BlockHeaderLength];
            Fill(head);
            byte flags = head[0];
            int length = BinaryPrimitives.ReadInt32LittleEndian(head[1..]);
            int stored = BinaryPrimitives.ReadInt32LittleEndian(head[5..]);
            if (flags > Lz4 || length < 0 || stored < 0 || stored > Remaining || (flags == Raw && stored != length))
            {
                Corrupt($"block {index} has flags {flags}, length {length} and {stored} stored bytes with {Remaining} left");
            }

            byte[] bytes = flags == Raw ? new byte[stored] : ArrayPool<byte>.Shared.Rent(stored);
            try
            {
                Span<byte> storedBytes = bytes.AsSpan(0, stored);
                Fill(storedBytes);
                if (Hash(hash, head[..BlockFieldsLength], storedBytes) != BinaryPrimitives.ReadUInt64LittleEndian(head[BlockFieldsLength..]))
                {
                    Corrupt($"block {index} does not match its checksum");
                }

                if (flags == Raw)
                {
                    return bytes;
                }

                byte[] decoded = new byte[length];
                if (!FrameCompression.TryDecompress(storedBytes, decoded))
                {
                    Corrupt($"block {index} does not decompress to its {length} bytes");
                }

                return decoded;
            }
            finally
            {
                if (flags != Raw)
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }
            }
        }

        [DoesNotReturn]
        public void Corrupt(string reason) =>
            throw new InvalidDataException($"The spill file {path} of {key} is corrupt or truncated: {reason}.");

        private void Fill(Span<byte> destination)
        {
            if (destination.Length > Remaining)
            {
                Corrupt($"it ends {destination.Length - Remaining} bytes early");
            }

            _stream.ReadExactly(destination);
        }
    }
}
