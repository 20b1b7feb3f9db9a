namespace DaskSharp.Distributed.Working.Spill;

/// <summary>
/// Chooses, for a result that must leave memory and that can be rebuilt, between writing it to disk
/// and dropping it to recompute on its next read. Spilling costs a write now and a read later;
/// dropping costs a recompute later; both later costs are paid only if the result is read again, so
/// the choice compares seconds per byte: the task prefix's compute against this store's write plus
/// read. Every rate is a byte-weighted mean (total seconds over total bytes), so a few tiny results
/// cannot swing it. Until a write or read has been measured, the assumed rates stand. Not
/// thread-safe: the store calls it under its lock.
/// </summary>
/// <example>
/// <code>
/// var choice = new RecomputeOrSpill();
/// choice.RecordCompute("ones", seconds: 0.001, nbytes: 8_000_000); // 0.125 ns a byte
/// choice.ShouldRecompute("ones");   // true: writing and reading back cost 3 ns a byte
/// choice.ShouldRecompute("unseen"); // false: never measured, so it is spilled
/// </code>
/// </example>
internal sealed class RecomputeOrSpill
{
    /// <summary>The write rate assumed until one is measured, bytes a second.</summary>
    public const double AssumedWriteBytesPerSecond = 500e6;

    /// <summary>The read rate assumed until one is measured, bytes a second.</summary>
    public const double AssumedReadBytesPerSecond = 1e9;

    private readonly Dictionary<string, Rate> _compute = new(StringComparer.Ordinal);
    private Rate _write;
    private Rate _read;

    /// <summary>Seconds a byte to write a result to disk (serializing and compressing included).</summary>
    public double WriteSecondsPerByte => _write.Bytes > 0 ? _write.SecondsPerByte : 1 / AssumedWriteBytesPerSecond;

    /// <summary>Seconds a byte to read a result back (decompressing and deserializing included).</summary>
    public double ReadSecondsPerByte => _read.Bytes > 0 ? _read.SecondsPerByte : 1 / AssumedReadBytesPerSecond;

    /// <summary>A task of <paramref name="prefix"/> took <paramref name="seconds"/> to make <paramref name="nbytes"/> bytes.</summary>
    public void RecordCompute(string prefix, double seconds, long nbytes)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (Rate.Valid(seconds, nbytes))
        {
            ref Rate rate = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_compute, prefix, out _);
            rate = rate.Add(seconds, nbytes);
        }
    }

    /// <summary>Writing a result of <paramref name="nbytes"/> bytes took <paramref name="seconds"/>.</summary>
    public void RecordWrite(long nbytes, double seconds)
    {
        if (Rate.Valid(seconds, nbytes))
        {
            _write = _write.Add(seconds, nbytes);
        }
    }

    /// <summary>Reading a result of <paramref name="nbytes"/> bytes back took <paramref name="seconds"/>.</summary>
    public void RecordRead(long nbytes, double seconds)
    {
        if (Rate.Valid(seconds, nbytes))
        {
            _read = _read.Add(seconds, nbytes);
        }
    }

    /// <summary>Seconds a byte that tasks of <paramref name="prefix"/> take; false when none was measured.</summary>
    public bool TryGetComputeSecondsPerByte(string prefix, out double secondsPerByte)
    {
        bool known = _compute.TryGetValue(prefix, out Rate rate);
        secondsPerByte = known ? rate.SecondsPerByte : double.NaN;
        return known;
    }

    /// <summary>
    /// True when rebuilding a result of <paramref name="prefix"/> is cheaper than writing it and
    /// reading it back. A prefix never measured is spilled: its cost is unknown, and a spill at
    /// least runs off the task threads.
    /// </summary>
    public bool ShouldRecompute(string prefix) =>
        TryGetComputeSecondsPerByte(prefix, out double compute) && compute < WriteSecondsPerByte + ReadSecondsPerByte;

    /// <summary>Seconds and bytes summed, so the mean weighs each byte once.</summary>
    private readonly record struct Rate(double Seconds, long Bytes)
    {
        public double SecondsPerByte => Seconds / Bytes;

        public static bool Valid(double seconds, long nbytes) => nbytes > 0 && seconds >= 0 && double.IsFinite(seconds);

        public Rate Add(double seconds, long nbytes) => new(Seconds + seconds, Bytes + nbytes);
    }
}
