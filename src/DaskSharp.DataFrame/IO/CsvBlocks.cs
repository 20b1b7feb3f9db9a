using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace DaskSharp.DataFrames.IO;

/// <summary>
/// Cutting files into partitions on line boundaries, as Dask's <c>read_bytes</c> and
/// <c>read_block</c> do with a newline delimiter: the cuts are planned from file sizes alone, and
/// each task moves its own cut forward to the next line when it reads.
/// </summary>
internal static class CsvBlocks
{
    private const int ScanChunk = 1 << 16;

    /// <summary>
    /// The (offset, length) of each block of a file of <paramref name="size"/> bytes, as Dask's
    /// <c>read_bytes</c>: <c>size // blocksize</c> blocks (at least one), of equal length but the last.
    /// </summary>
    public static IEnumerable<(long Offset, long Length)> Plan(long size, long blocksize)
    {
        // dask/bytes/core.py: "shrink blocksize to give same number of parts".
        double step = size % blocksize != 0 && size > blocksize ? size / (double)(size / blocksize) : blocksize;
        double place = 0;
        long previous = 0;
        while (size - place > (step * 2) - 1)
        {
            place += step;
            long offset = (long)place;
            yield return (previous, offset - previous);
            previous = offset;
        }

        yield return (previous, size - previous);
    }

    /// <summary>The position just after the first newline at or after <paramref name="position"/>, or <paramref name="size"/> when there is none.</summary>
    public static long LineEndAfter(SafeFileHandle file, long position, long size)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ScanChunk);
        try
        {
            while (position < size)
            {
                int n = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(ScanChunk, size - position)), position);
                if (n == 0)
                {
                    break;
                }

                int at = buffer.AsSpan(0, n).IndexOf((byte)'\n');
                if (at >= 0)
                {
                    return position + at + 1;
                }

                position += n;
            }

            return size;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>How many newlines come before <paramref name="position"/> (only counted when an error must name a line).</summary>
    public static long NewlinesBefore(string path, long position)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long count = 0, at = 0;
            while (at < position)
            {
                int n = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, position - at)), at);
                if (n == 0)
                {
                    break;
                }

                count += buffer.AsSpan(0, n).Count((byte)'\n');
                at += n;
            }

            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The bytes [start, end) of an open file as a forward-only stream (positional reads: no shared file pointer).</summary>
internal sealed class FileRangeStream : Stream
{
    private readonly SafeFileHandle _file;
    private readonly long _start, _end;
    private long _position;

    public FileRangeStream(SafeFileHandle file, long start, long end)
    {
        _file = file;
        _start = start;
        _end = end;
        _position = start;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _end - _start;

    public override long Position
    {
        get => _position - _start;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int want = (int)Math.Min(buffer.Length, _end - _position);
        if (want <= 0)
        {
            return 0;
        }

        int n = RandomAccess.Read(_file, buffer[..want], _position);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
