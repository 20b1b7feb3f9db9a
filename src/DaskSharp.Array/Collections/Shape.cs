namespace DaskSharp;

/// <summary>
/// An array shape, written as a number, a tuple or an array: <c>1000</c>, <c>(20_000, 20_000)</c>,
/// <c>new long[] { 2, 3, 4 }</c>.
/// </summary>
public readonly struct Shape
{
    private Shape(long[] dimensions)
    {
        foreach (long d in dimensions)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Negative dimensions are not allowed: ({string.Join(", ", dimensions)}).", nameof(dimensions));
            }
        }

        Dimensions = dimensions;
    }

    /// <summary>The length of each axis.</summary>
    public long[] Dimensions => field ?? [];

    /// <summary>A 1-d shape.</summary>
    public static implicit operator Shape(long length) => new([length]);

    /// <summary>A 1-d shape.</summary>
    public static implicit operator Shape(int length) => new([length]);

    /// <summary>A 2-d shape.</summary>
    public static implicit operator Shape((long, long) shape) => new([shape.Item1, shape.Item2]);

    /// <summary>A 3-d shape.</summary>
    public static implicit operator Shape((long, long, long) shape) => new([shape.Item1, shape.Item2, shape.Item3]);

    /// <summary>Any shape.</summary>
    public static implicit operator Shape(long[] shape) => new((long[])(shape ?? throw new ArgumentNullException(nameof(shape))).Clone());

    /// <summary>Any shape.</summary>
    public static implicit operator Shape(int[] shape) => new([.. (shape ?? throw new ArgumentNullException(nameof(shape))).Select(s => (long)s)]);

    /// <summary>The 0-d shape.</summary>
    public static Shape Scalar => new([]);

    /// <inheritdoc/>
    public override string ToString() => Arrays.Axes.Text(Dimensions);
}
