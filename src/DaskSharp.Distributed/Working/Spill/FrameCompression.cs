using System.Buffers;
using K4os.Compression.LZ4;

namespace DaskSharp.Distributed.Working.Spill;

/// <summary>
/// LZ4 (fast level) on one spill frame, kept only when it pays: the first
/// <see cref="SampleLength"/> bytes are tried first, so a frame of random doubles costs one small
/// trial instead of a full pass, and a result is kept only when it saves at least
/// <see cref="MinimumSaving"/> of the bytes (reading a compressed frame back costs a decode too).
/// </summary>
internal static class FrameCompression
{
    /// <summary>Frames shorter than this are written raw: the call and the block header cost more than LZ4 could save.</summary>
    public const int MinimumLength = 1024;

    /// <summary>How much of a frame is tried before the whole is compressed.</summary>
    public const int SampleLength = 64 * 1024;

    /// <summary>Frames longer than this are written raw, so the compressed bound cannot overflow an int.</summary>
    public const int MaximumLength = 1 << 30;

    /// <summary>The fraction of the bytes compression must save to be kept.</summary>
    public const double MinimumSaving = 0.10;

    /// <summary>True when <paramref name="compressed"/> bytes instead of <paramref name="raw"/> save at least <see cref="MinimumSaving"/>.</summary>
    public static bool Pays(int raw, int compressed) => compressed > 0 && compressed <= raw * (1 - MinimumSaving);

    /// <summary>
    /// Compresses <paramref name="frame"/> when that pays: returns the compressed length, its bytes at
    /// the start of <paramref name="rented"/> (from <see cref="ArrayPool{T}.Shared"/>; the caller
    /// returns it); or -1 with <paramref name="rented"/> null when the frame is to be written raw.
    /// </summary>
    public static int TryCompress(ReadOnlySpan<byte> frame, out byte[]? rented)
    {
        rented = null;
        if (frame.Length < MinimumLength || frame.Length > MaximumLength)
        {
            return -1;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(frame.Length));
        ReadOnlySpan<byte> sample = frame[..Math.Min(frame.Length, SampleLength)];
        int length = LZ4Codec.Encode(sample, buffer, LZ4Level.L00_FAST);
        if (Pays(sample.Length, length) && sample.Length < frame.Length)
        {
            length = LZ4Codec.Encode(frame, buffer, LZ4Level.L00_FAST);
        }
        else if (sample.Length < frame.Length)
        {
            length = -1; // the sample did not pay, so the rest is not tried
        }

        if (!Pays(frame.Length, length))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return -1;
        }

        rented = buffer;
        return length;
    }

    /// <summary>Decodes <paramref name="compressed"/> into <paramref name="target"/>; false unless it fills the target exactly.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> target) =>
        LZ4Codec.Decode(compressed, target) == target.Length;
}
