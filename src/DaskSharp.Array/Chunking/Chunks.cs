using System.Text;
using DaskSharp.Tokens;

namespace DaskSharp;

/// <summary>
/// How a chunked array is cut: for each axis, the sizes of its blocks (Dask's normalized
/// <c>chunks</c>, a tuple of tuples such as <c>((1448, 1448, …, 1176), (1448, …))</c>).
/// </summary>
public sealed class Chunks : IEquatable<Chunks>, ITokenizable
{
    private readonly long[][] _sizes;
    private readonly long[][] _starts;

    /// <summary>Chunks from explicit sizes per axis.</summary>
    public Chunks(params long[][] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        _sizes = [.. sizes.Select(s => (long[])s.Clone())];
        foreach (long[] axis in _sizes)
        {
            if (axis.Any(c => c < 0))
            {
                throw new ArgumentException($"Chunk sizes must not be negative: {Text(axis)}.", nameof(sizes));
            }
        }

        _starts = [.. _sizes.Select(Starts)];
    }

    private Chunks(bool unknown, long[][] sizes)
    {
        _ = unknown;
        _sizes = sizes;
        _starts = [.. sizes.Select(Starts)];
    }

    /// <summary>The number of axes.</summary>
    public int Rank => _sizes.Length;

    /// <summary>False after boolean-mask indexing, whose block sizes are only known once computed (Dask's NaN chunks).</summary>
    public bool IsKnown => _sizes.All(axis => axis.All(c => c >= 0));

    /// <summary>1-d chunks of <paramref name="blocks"/> blocks whose sizes are unknown.</summary>
    internal static Chunks Unknown(int blocks) => new(true, [[.. Enumerable.Repeat(UnknownSize, blocks)]]);

    /// <summary>Blocks of unknown length along the first axis (the result of a mask), known sizes along the others.</summary>
    internal static Chunks UnknownAlongFirst(int blocks, params long[][] rest) => new(true, [[.. Enumerable.Repeat(UnknownSize, blocks)], .. rest]);

    /// <summary>Throws the Dask-style error for operations that need chunk sizes.</summary>
    internal static void RequireKnown(Chunks chunks, string operation)
    {
        if (!chunks.IsKnown)
        {
            throw new InvalidOperationException(
                $"Cannot {operation} an array with unknown chunk sizes (the result of boolean indexing); call ComputeChunkSizes() first.");
        }
    }

    internal const long UnknownSize = -1;

    /// <summary>The block sizes along <paramref name="axis"/>.</summary>
    public IReadOnlyList<long> this[int axis] => _sizes[axis];

    /// <summary>The array's shape: the sum of the block sizes per axis.</summary>
    public long[] Shape => [.. _sizes.Select(s => s.Sum())];

    /// <summary>Blocks per axis.</summary>
    public int[] NumBlocks => [.. _sizes.Select(s => s.Length)];

    /// <summary>The shape as Dask prints it, <c>nan</c> where unknown: <c>(20000, 20000)</c>, <c>(nan,)</c>.</summary>
    public string ShapeText() => _sizes.Length == 1
        ? $"({AxisLength(_sizes[0])},)"
        : "(" + string.Join(", ", _sizes.Select(AxisLength)) + ")";

    /// <summary>The largest block size per axis (Dask's <c>chunksize</c>).</summary>
    public long[] ChunkSize => [.. _sizes.Select(s => s.Length == 0 ? 0 : s.Max())];

    /// <summary>The total number of blocks.</summary>
    public long BlockCount => _sizes.Aggregate(1L, (n, s) => n * s.Length);

    /// <summary>Where block <paramref name="block"/> starts along <paramref name="axis"/>.</summary>
    public long Start(int axis, int block) => _starts[axis][block];

    /// <summary>The shape of one block.</summary>
    public int[] BlockShape(ReadOnlySpan<int> index)
    {
        var shape = new int[Rank];
        for (int d = 0; d < Rank; d++)
        {
            shape[d] = checked((int)_sizes[d][index[d]]);
        }

        return shape;
    }

    /// <summary>
    /// Normalises a chunk specification against a shape, as Dask's <c>normalize_chunks</c>.
    /// </summary>
    /// <param name="spec">An int, per-axis values, explicit sizes, -1, "auto" or a byte size such as "16 MiB".</param>
    /// <param name="shape">The array's shape.</param>
    /// <param name="itemSize">Bytes per element (for "auto" and byte sizes).</param>
    /// <exception cref="ArgumentException">when the spec does not fit the shape, naming both.</exception>
    public static Chunks Normalize(ChunkSpec spec, ReadOnlySpan<long> shape, int itemSize) =>
        ChunkNormalizer.Normalize(spec, shape.ToArray(), itemSize);

    /// <inheritdoc/>
    public bool Equals(Chunks? other) =>
        other is not null && Rank == other.Rank && _sizes.Zip(other._sizes).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Chunks);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (long[] axis in _sizes)
        {
            hash.Add(axis.Length);
            foreach (long c in axis)
            {
                hash.Add(c);
            }
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public void WriteToken(TokenWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteValue(_sizes);
    }

    /// <summary>Dask's printing: <c>((2, 2, 1), (3,))</c>.</summary>
    public override string ToString() =>
        _sizes.Length == 1 ? "(" + Text(_sizes[0]) + ",)" : "(" + string.Join(", ", _sizes.Select(Text)) + ")";

    internal long[] Sizes(int axis) => _sizes[axis];

    private static string Text(long[] axis) =>
        axis.Length == 1 ? $"({Size(axis[0])},)" : "(" + string.Join(", ", axis.Select(Size)) + ")";

    private static string AxisLength(long[] axis) => axis.Any(c => c == UnknownSize) ? "nan" : axis.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Size(long c) => c == UnknownSize ? "nan" : c.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long[] Starts(long[] sizes)
    {
        var starts = new long[sizes.Length + 1];
        for (int i = 0; i < sizes.Length; i++)
        {
            starts[i + 1] = starts[i] + sizes[i];
        }

        return starts;
    }
}
