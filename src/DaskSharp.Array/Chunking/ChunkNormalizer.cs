using System.Globalization;
using DaskSharp.Arrays;

namespace DaskSharp;

/// <summary>Dask's <c>normalize_chunks</c> and <c>auto_chunks</c> (without previous chunks).</summary>
internal static class ChunkNormalizer
{
    public static Chunks Normalize(ChunkSpec spec, long[] shape, int itemSize)
    {
        object?[] perAxis = Expand(spec, shape.Length);
        if (perAxis.Length != shape.Length)
        {
            throw new ArgumentException($"Chunks {spec} have {perAxis.Length} dimensions but the shape {Axes.Text(shape)} has {shape.Length}.", nameof(spec));
        }

        long? limit = spec.Whole is { } w && w != "auto" && !IsNumber(w) ? ByteSize.Parse(w) : null;
        AutoChunks(perAxis, shape, itemSize, limit);
        var sizes = new long[shape.Length][];
        for (int d = 0; d < shape.Length; d++)
        {
            sizes[d] = Axis(perAxis[d], shape[d], d, spec, shape);
        }

        return new Chunks(sizes);
    }

    private static object?[] Expand(ChunkSpec spec, int rank)
    {
        if (spec.Axes is { } axes)
        {
            return (object?[])axes.Clone();
        }

        string whole = spec.Whole ?? "auto";
        if (IsNumber(whole))
        {
            long n = long.Parse(whole, CultureInfo.InvariantCulture);
            return [.. Enumerable.Repeat<object?>(n, rank)];
        }

        // "auto" or a byte size: every axis is automatic.
        return [.. Enumerable.Repeat<object?>("auto", rank)];
    }

    /// <summary>Replaces "auto" entries with block sizes so a block is about <paramref name="limit"/> bytes.</summary>
    private static void AutoChunks(object?[] chunks, long[] shape, int itemSize, long? limit)
    {
        var autos = Enumerable.Range(0, chunks.Length).Where(i => chunks[i] is "auto").ToList();
        if (autos.Count == 0)
        {
            return;
        }

        long bytes = Math.Max(1, limit ?? ByteSize.Parse(DaskConfig.Get("array.chunk-size", "128MiB")));
        double largestBlock = 1;
        for (int i = 0; i < chunks.Length; i++)
        {
            largestBlock *= chunks[i] switch
            {
                "auto" => 1,
                long[] explicitSizes => explicitSizes.Length == 0 ? 0 : explicitSizes.Max(),
                long n when n >= 0 => n,
                _ => shape[i], // -1 or null: the whole axis
            };
        }

        double size = Math.Pow(bytes / (double)itemSize / largestBlock, 1.0 / autos.Count);
        var small = autos.Where(i => shape[i] < size).ToList();
        if (small.Count > 0)
        {
            foreach (int i in small)
            {
                chunks[i] = new[] { shape[i] };
            }

            AutoChunks(chunks, shape, itemSize, bytes);
            return;
        }

        foreach (int i in autos)
        {
            chunks[i] = RoundTo(size, shape[i]);
        }
    }

    /// <summary>Dask's <c>round_to</c>: a block size at most <paramref name="c"/>, nicely aligned with the axis.</summary>
    private static long RoundTo(double c, long s) => c <= s ? Math.Max(1, (long)c) : (long)Math.Floor(c / s) * s;

    private static long[] Axis(object? entry, long length, int axis, ChunkSpec spec, long[] shape)
    {
        switch (entry)
        {
            case null:
            case -1L:
                return [length];
            case long n when n > 0:
                if (length == 0)
                {
                    return [0];
                }

                long full = length / n;
                long rest = length % n;
                var sizes = new long[full + (rest > 0 ? 1 : 0)];
                Array.Fill(sizes, n, 0, (int)full);
                if (rest > 0)
                {
                    sizes[^1] = rest;
                }

                return sizes;
            case long n:
                if (n == 0 && length == 0)
                {
                    return [0];
                }

                throw new ArgumentException($"Chunk size {n} along axis {axis} is not allowed for shape {Axes.Text(shape)}; use a positive size or -1.", nameof(spec));
            case long[] explicitSizes:
                if (explicitSizes.Sum() != length)
                {
                    throw new ArgumentException(
                        $"Chunks ({string.Join(", ", explicitSizes)}) along axis {axis} add up to {explicitSizes.Sum()}, not to the axis length {length} of shape {Axes.Text(shape)}.", nameof(spec));
                }

                return explicitSizes;
            default:
                throw new ArgumentException($"Cannot use {entry} ({entry.GetType().Name}) as chunks for axis {axis}.", nameof(spec));
        }
    }

    private static bool IsNumber(string s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
}
