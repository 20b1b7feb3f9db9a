using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames.Datasets;

/// <summary>
/// <c>dask.datasets.timeseries</c>: a row every <see cref="Freq"/> from <see cref="Start"/> to
/// <see cref="End"/> (exclusive) on a timestamp index, a partition every <see cref="PartitionFreq"/>,
/// with columns id (Poisson, mean 1000), name (one of 26 first names, dictionary-encoded), and x, y
/// (uniform on [-1, 1)). Each partition is generated in its own task from (seed, partition), never
/// held whole.
/// </summary>
public sealed class Timeseries : PartitionSource
{
    /// <summary>Dask's names, in its order.</summary>
    internal static readonly string[] Names =
    [
        "Alice", "Bob", "Charlie", "Dan", "Edith", "Frank", "George", "Hannah", "Ingrid", "Jerry", "Kevin", "Laura", "Michael",
        "Norbert", "Oliver", "Patricia", "Quinn", "Ray", "Sarah", "Tim", "Ursula", "Victor", "Wendy", "Xavier", "Yvonne", "Zelda",
    ];

    private static readonly string[] s_all = ["id", "name", "x", "y"];
    private static readonly TimestampType s_timestamp = new(TimeUnit.Nanosecond, (string?)null);
    private static readonly DictionaryType s_nameType = new(Int32Type.Default, StringType.Default, false);

    /// <summary>The dataset; <paramref name="columns"/> null for all of id, name, x, y.</summary>
    public Timeseries(DateTime start, DateTime end, TimeSpan freq, TimeSpan partitionFreq, int seed, IReadOnlyList<string>? columns = null)
    {
        if (end <= start)
        {
            throw new ArgumentException($"The end ({end:O}) must come after the start ({start:O}).", nameof(end));
        }

        if (freq <= TimeSpan.Zero || partitionFreq < freq)
        {
            throw new ArgumentException($"The frequency ({freq}) must be positive and no longer than the partition frequency ({partitionFreq}).", nameof(freq));
        }

        Start = start;
        End = end;
        Freq = freq;
        PartitionFreq = partitionFreq;
        Seed = seed;
        Columns = columns is null ? s_all : [.. s_all.Where(columns.Contains)];
        foreach (string c in columns ?? [])
        {
            if (c != "timestamp" && !s_all.Contains(c))
            {
                throw FrameSchema.MissingColumn(c, ["timestamp", .. s_all]);
            }
        }

        NPartitions = (int)Math.Ceiling((end - start) / partitionFreq);
        var fields = new List<Field> { new("timestamp", s_timestamp, false) };
        fields.AddRange(Columns.Select(c => new Field(c, c switch { "id" => Int64Type.Default, "name" => s_nameType, _ => DoubleType.Default }, false)));
        Schema = new FrameSchema(new Schema(fields, null), "timestamp");
    }

    /// <summary>The first timestamp.</summary>
    public DateTime Start { get; }

    /// <summary>The end (exclusive).</summary>
    public DateTime End { get; }

    /// <summary>Time between rows.</summary>
    public TimeSpan Freq { get; }

    /// <summary>Time a partition covers.</summary>
    public TimeSpan PartitionFreq { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The data columns made.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override int NPartitions { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions =>
        [.. Enumerable.Range(0, NPartitions).Select(i => (object)(Start + (i * PartitionFreq))), End]; // Dask's: pd.date_range(start, end, freq=partition_freq), so the end closes it

    /// <inheritdoc/>
    public override string Describe() =>
        $"Timeseries: {Start:yyyy-MM-dd HH:mm:ss} to {End:yyyy-MM-dd HH:mm:ss} freq={Freq} partition_freq={PartitionFreq} seed={Seed} [{string.Join(", ", Columns)}]";

    /// <inheritdoc/>
    protected override string Prefix => "timeseries";

    /// <inheritdoc/>
    public override PartitionSource WithColumns(IReadOnlyList<string> columns) => new Timeseries(Start, End, Freq, PartitionFreq, Seed, columns);

    /// <inheritdoc/>
    public override Partition Read(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, NPartitions);
        DateTime from = Start + (i * PartitionFreq);
        DateTime to = from + PartitionFreq < End ? from + PartitionFreq : End;
        int rows = (int)Math.Ceiling((to - from) / Freq);
        long t0 = (from - DateTime.UnixEpoch).Ticks * 100, step = Freq.Ticks * 100;
        var stamps = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            stamps[r] = t0 + (r * step);
        }

        var columns = new List<IArrowArray> { ArrayBuild.Primitive(s_timestamp, stamps, rows, null, 0) };
        foreach (string c in Columns)
        {
            // One generator per (seed, partition, column): a column reads the same whatever others are made.
            var rng = new Xoshiro256(((ulong)(uint)Seed << 32) ^ ((ulong)i << 8) ^ (ulong)System.Array.IndexOf(s_all, c));
            columns.Add(c switch
            {
                "id" => Ids(ref rng, rows),
                "name" => NamesColumn(ref rng, rows),
                _ => Uniform(ref rng, rows),
            });
        }

        return new Partition(new RecordBatch(Schema.Arrow, columns, rows), "timestamp");
    }

    private static IArrowArray Ids(ref Xoshiro256 rng, int rows)
    {
        PoissonTable table = s_ids.Value;
        var ids = new long[rows];
        for (int r = 0; r < rows; r++)
        {
            ids[r] = table.Sample(rng.NextDouble());
        }

        return ArrayBuild.Primitive(Int64Type.Default, ids, rows, null, 0);
    }

    private static readonly Lazy<PoissonTable> s_ids = new(() => new PoissonTable(1000));
    private static readonly StringArray s_dictionary = new StringArray.Builder().AppendRange(Names).Build();

    private static IArrowArray NamesColumn(ref Xoshiro256 rng, int rows)
    {
        var codes = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            codes[r] = rng.NextInt(Names.Length);
        }

        return new DictionaryArray(s_nameType, ArrayBuild.Primitive(Int32Type.Default, codes, rows, null, 0), s_dictionary);
    }

    private static IArrowArray Uniform(ref Xoshiro256 rng, int rows)
    {
        var values = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            values[r] = (rng.NextDouble() * 2) - 1;
        }

        return ArrayBuild.Primitive(DoubleType.Default, values, rows, null, 0);
    }
}
