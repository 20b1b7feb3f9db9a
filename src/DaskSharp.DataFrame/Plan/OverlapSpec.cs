using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>What an <see cref="Operators.Overlap"/> runs on a partition with its neighbours' rows.</summary>
public enum OverlapKind
{
    /// <summary><c>shift(periods)</c>.</summary>
    Shift,

    /// <summary><c>diff(periods)</c>.</summary>
    Diff,

    /// <summary><c>rolling(window).how()</c>.</summary>
    Rolling,
}

/// <summary>
/// A function Dask runs through <c>map_overlap</c>: on a partition with the rows before it (and,
/// for a negative shift, after it) that it needs, every data column at once; the index is kept.
/// It travels to workers as its fields.
/// </summary>
public sealed class OverlapSpec
{
    /// <summary>The rolling aggregations.</summary>
    public static readonly IReadOnlyList<string> RollingKnown = ["sum", "mean", "min", "max", "count", "std", "var"];

    /// <summary>A shift or diff by <paramref name="periods"/> rows.</summary>
    public static OverlapSpec Rows(OverlapKind kind, int periods) => kind == OverlapKind.Rolling
        ? throw new ArgumentException("A rolling window is made with Rolling.", nameof(kind))
        : new OverlapSpec(kind, periods, null, 0, 0, null, null);

    /// <summary><paramref name="how"/> over windows of <paramref name="rows"/> rows or, when <paramref name="window"/> is given, of <paramref name="nanos"/> ns of index.</summary>
    public static OverlapSpec Rolling(string how, int rows, long nanos, string? window, int? minPeriods)
    {
        ArgumentNullException.ThrowIfNull(how);
        if (!RollingKnown.Contains(how))
        {
            throw new ArgumentException($"Unknown rolling aggregation '{how}'; the known ones are {string.Join(", ", RollingKnown)}.", nameof(how));
        }

        return new OverlapSpec(OverlapKind.Rolling, 0, how, rows, nanos, window, minPeriods);
    }

    private OverlapSpec(OverlapKind kind, int periods, string? how, int rows, long nanos, string? window, int? minPeriods)
    {
        Kind = kind;
        Periods = periods;
        How = how;
        WindowRows = rows;
        WindowNanos = nanos;
        Window = window;
        MinPeriods = minPeriods;
    }

    /// <summary>What it does.</summary>
    public OverlapKind Kind { get; }

    /// <summary>Rows shifted or differenced (negative: from the rows after).</summary>
    public int Periods { get; }

    /// <summary>The rolling aggregation, or null.</summary>
    public string? How { get; }

    /// <summary>A rolling window's rows (0 for a time window).</summary>
    public int WindowRows { get; }

    /// <summary>A time window's length in ns (0 for a window of rows).</summary>
    public long WindowNanos { get; }

    /// <summary>A time window as written ("2h"), or null.</summary>
    public string? Window { get; }

    /// <summary>pandas' <c>min_periods</c>, or null for its default (the window's rows; 1 for a time window; 0 for count).</summary>
    public int? MinPeriods { get; }

    /// <summary>Rows needed from the end of the previous partition (Dask's integer <c>before</c>).</summary>
    public int BeforeRows => Kind == OverlapKind.Rolling ? Math.Max(WindowRows - 1, 0) : Math.Max(Periods, 0);

    /// <summary>Rows needed from the start of the next partition (Dask's <c>after</c>).</summary>
    public int AfterRows => Kind == OverlapKind.Rolling ? 0 : Math.Max(-Periods, 0);

    /// <summary>Index time needed before a partition's first row (Dask's timedelta <c>before</c>), 0 for none.</summary>
    public long BeforeNanos => Kind == OverlapKind.Rolling ? WindowNanos : 0;

    private int MinimumPeriods => MinPeriods ?? (WindowNanos > 0 ? 1 : How == "count" ? 0 : WindowRows);

    /// <summary>The result's schema on <paramref name="input"/>: shift keeps the types, diff makes int64 or float64, rolling float64.</summary>
    /// <exception cref="ArgumentException">naming a column the operation cannot take.</exception>
    public FrameSchema OutputSchema(FrameSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = new List<Field>();
        foreach (Field f in input.Arrow.FieldsList)
        {
            if (f.Name == input.Index || Kind == OverlapKind.Shift)
            {
                fields.Add(Kind == OverlapKind.Shift && f.Name != input.Index ? new Field(f.Name, f.DataType, true) : f);
                continue;
            }

            if (!Numeric.IsNumeric(f.DataType))
            {
                throw new ArgumentException($"{this} needs numeric columns; '{f.Name}' is {Dtype.Name(f.DataType)}. Select the numeric columns first.");
            }

            fields.Add(new Field(f.Name, Kind == OverlapKind.Diff ? ShiftKernels.DiffType(f.DataType) : DoubleType.Default, true));
        }

        return new FrameSchema(new Schema(fields, null), input.Index);
    }

    /// <summary>The operation over every data column of <paramref name="partition"/> (a partition with its neighbours' rows).</summary>
    public Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        FrameSchema schema = OutputSchema(partition.Schema);
        (int[] Start, int[] End)? bounds = Kind == OverlapKind.Rolling ? Bounds(partition) : null;
        var columns = new List<IArrowArray>();
        foreach (Field f in partition.Schema.Arrow.FieldsList)
        {
            IArrowArray column = partition.Column(f.Name);
            columns.Add(f.Name == partition.Index ? column : Kind switch
            {
                OverlapKind.Shift => ShiftKernels.Shift(column, Periods),
                OverlapKind.Diff => ShiftKernels.Diff(column, Periods),
                _ => Roll(column, bounds!.Value),
            });
        }

        return new Partition(new RecordBatch(schema.Arrow, columns, partition.Length), partition.Index);
    }

    private (int[] Start, int[] End) Bounds(Partition partition)
    {
        if (WindowNanos == 0)
        {
            return RollingKernels.FixedBounds(partition.Length, WindowRows);
        }

        var index = (TimestampArray)partition.Column(partition.Index!);
        if (index.NullCount > 0)
        {
            throw new ArgumentException($"A rolling time window needs an index without NaT; '{partition.Index}' has {index.NullCount}.");
        }

        return RollingKernels.TimeBounds(Timestamps.Nanos(index), WindowNanos);
    }

    // The column as doubles with missing values NaN (pandas' float64 view), rolled, NaN back to null.
    private IArrowArray Roll(IArrowArray column, (int[] Start, int[] End) bounds)
    {
        ReadOnlySpan<double> raw = Numeric.Doubles(column);
        double[] values = raw.ToArray();
        if (column.NullCount > 0)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = column.IsValid(i) ? values[i] : double.NaN;
            }
        }

        double[] result = RollingKernels.Apply(How!, values, bounds.Start, bounds.End, MinimumPeriods);
        var valid = new bool[result.Length];
        for (int i = 0; i < result.Length; i++)
        {
            valid[i] = !double.IsNaN(result[i]);
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, result, result.Length, bitmap, nulls);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        OverlapKind.Shift => $"shift({Periods})",
        OverlapKind.Diff => $"diff({Periods})",
        _ => $"rolling({(Window is null ? WindowRows.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'{Window}'")}{(MinPeriods is { } m ? $", min_periods={m}" : string.Empty)}).{How}()",
    };
}
