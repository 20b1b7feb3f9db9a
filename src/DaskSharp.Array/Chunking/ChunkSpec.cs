namespace DaskSharp;

/// <summary>
/// What a user writes for <c>chunks:</c>, as in Dask: <c>1000</c> (every axis), <c>(1000, 500)</c>
/// (per axis), <c>-1</c> (whole axis), <c>"auto"</c>, a byte size such as <c>"16 MiB"</c>, per-axis
/// values mixing those (<see cref="PerAxis"/>), or explicit block sizes (<see cref="Explicit"/>).
/// </summary>
public readonly struct ChunkSpec
{
    private ChunkSpec(object?[]? axes, string? whole)
    {
        Axes = axes;
        Whole = whole;
    }

    /// <summary>Per-axis entries (long, "auto", long[] explicit sizes, or null for the whole axis), or null.</summary>
    internal object?[]? Axes { get; }

    /// <summary>A spec for every axis at once: "auto", a byte size, or a number as text.</summary>
    internal string? Whole { get; }

    /// <summary>The same block size along every axis (-1: the whole axis).</summary>
    public static implicit operator ChunkSpec(int size) => new(null, size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The same block size along every axis (-1: the whole axis).</summary>
    public static implicit operator ChunkSpec(long size) => new(null, size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>"auto" or a byte size such as "16 MiB" for the block size.</summary>
    public static implicit operator ChunkSpec(string spec) => new(null, spec ?? throw new ArgumentNullException(nameof(spec)));

    /// <summary>A block size per axis (-1: the whole axis).</summary>
    public static implicit operator ChunkSpec(int[] sizes) => PerAxis([.. (sizes ?? throw new ArgumentNullException(nameof(sizes))).Select(s => (object)(long)s)]);

    /// <summary>Block sizes for a 2-d array.</summary>
    public static implicit operator ChunkSpec((int, int) sizes) => PerAxis((long)sizes.Item1, (long)sizes.Item2);

    /// <summary>Block sizes for a 3-d array.</summary>
    public static implicit operator ChunkSpec((int, int, int) sizes) => PerAxis((long)sizes.Item1, (long)sizes.Item2, (long)sizes.Item3);

    /// <summary>Explicit block sizes per axis, e.g. <c>[[2, 2, 1], [3]]</c>.</summary>
    public static implicit operator ChunkSpec(long[][] sizes) => Explicit(sizes);

    /// <summary>Per-axis entries: an int or long block size, -1 or null for the whole axis, "auto", or an explicit long[]/int[] of sizes.</summary>
    public static ChunkSpec PerAxis(params object?[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        return new ChunkSpec([.. axes.Select(a => a switch
        {
            int i => (object)(long)i,
            int[] sizes => sizes.Select(s => (long)s).ToArray(),
            _ => a,
        })], null);
    }

    /// <summary>Explicit block sizes per axis.</summary>
    public static ChunkSpec Explicit(params long[][] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return new ChunkSpec([.. sizes.Cast<object?>()], null);
    }

    /// <inheritdoc/>
    public override string ToString() => Whole ?? "(" + string.Join(", ", Axes!.Select(a => a switch
    {
        long[] s => "(" + string.Join(", ", s) + ")",
        null => "None",
        _ => a.ToString(),
    })) + ")";
}
