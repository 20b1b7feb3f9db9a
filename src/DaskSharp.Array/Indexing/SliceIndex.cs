namespace DaskSharp;

/// <summary>
/// One entry of a NumPy-style index: an integer (drops the axis), a slice with optional start,
/// stop and step (negative values count from the end, as in Python), or the ellipsis. C# ranges
/// convert: <c>x[1.., ..^2]</c> is <c>x[1:, :-2]</c>.
/// </summary>
public readonly struct SliceIndex
{
    private SliceIndex(Kind kind, long index, long? start, long? stop, long step)
    {
        IndexKind = kind;
        Index = index;
        Start = start;
        Stop = stop;
        Step = step;
    }

    internal enum Kind
    {
        Integer,
        Slice,
        Ellipsis,
    }

    internal Kind IndexKind { get; }

    internal long Index { get; }

    internal long? Start { get; }

    internal long? Stop { get; }

    internal long Step { get; }

    /// <summary>Every element of the axis (<c>:</c>).</summary>
    public static SliceIndex All => new(Kind.Slice, 0, null, null, 1);

    /// <summary>As many <c>:</c> as needed to fill the remaining axes (<c>...</c>).</summary>
    public static SliceIndex Ellipsis => new(Kind.Ellipsis, 0, null, null, 1);

    /// <summary>A single position; the axis is dropped.</summary>
    public static implicit operator SliceIndex(int index) => new(Kind.Integer, index, null, null, 1);

    /// <summary>A single position; the axis is dropped.</summary>
    public static implicit operator SliceIndex(long index) => new(Kind.Integer, index, null, null, 1);

    /// <summary>A C# index, <c>^1</c> being the last position (NumPy's <c>-1</c>); the axis is dropped.</summary>
    public static implicit operator SliceIndex(Index index) =>
        new(Kind.Integer, index.IsFromEnd ? (index.Value == 0 ? long.MinValue : -index.Value) : index.Value, null, null, 1); // ^0 is past the end: out of bounds

    /// <summary>A C# range (from-end indices count from the end).</summary>
    public static implicit operator SliceIndex(Range range) => new(
        Kind.Slice,
        0,
        range.Start.IsFromEnd ? (range.Start.Value == 0 ? null : -range.Start.Value) : range.Start.Value,
        range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value,
        1);

    /// <summary>Python's <c>start:stop:step</c>; null means the default for the step's direction.</summary>
    public static SliceIndex Slice(long? start, long? stop, long step = 1)
    {
        if (step == 0)
        {
            throw new ArgumentException("slice step cannot be zero", nameof(step));
        }

        return new SliceIndex(Kind.Slice, 0, start, stop, step);
    }

    /// <summary>Normalises against an axis of <paramref name="length"/>: first index, step and count (Python's <c>slice.indices</c>).</summary>
    internal (long Start, long Step, long Count) Resolve(long length, int axis)
    {
        if (IndexKind == Kind.Integer)
        {
            long i = Index == long.MinValue ? -1 : Index < 0 ? Index + length : Index;
            if (i < 0 || i >= length)
            {
                throw new IndexOutOfRangeException($"Index {(Index == long.MinValue ? "^0" : Index)} is out of bounds for axis {axis} with size {length}.");
            }

            return (i, 1, 1);
        }

        long step = Step;
        long lower = step > 0 ? 0 : -1;
        long upper = step > 0 ? length : length - 1;
        long start = Start is { } s ? (s < 0 ? Math.Max(s + length, lower) : Math.Min(s, upper)) : (step > 0 ? lower : upper);
        long stop = Stop is { } e ? (e < 0 ? Math.Max(e + length, lower) : Math.Min(e, upper)) : (step > 0 ? upper : lower);
        long count = step > 0 ? Math.Max(0, (stop - start + step - 1) / step) : Math.Max(0, (start - stop - step - 1) / -step);
        return (start, step, count);
    }

    /// <inheritdoc/>
    public override string ToString() => IndexKind switch
    {
        Kind.Integer => Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind.Ellipsis => "...",
        _ => $"{Start}:{Stop}" + (Step == 1 ? "" : $":{Step}"),
    };
}
