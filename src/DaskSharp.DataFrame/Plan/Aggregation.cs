using Apache.Arrow;
using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// One output of a reduction or group-by: <paramref name="How"/> ("sum", "mean", "count", "min",
/// "max", "size", "var", "std", "first", "last", "nunique", "median", "quantile:0.25") of
/// <paramref name="Column"/>, named <paramref name="Output"/>.
/// </summary>
public sealed record Aggregation(string? Column, string How, string Output)
{
    /// <summary>The names Dask accepts here ("quantile:q" takes any q in [0, 1]).</summary>
    public static readonly IReadOnlyList<string> Known = ["sum", "mean", "count", "min", "max", "size", "var", "std", "first", "last", "nunique", "median", "quantile:<q>"];

    /// <summary>The value at the group's first row, nulls included (what drop_duplicates keeps; not a pandas aggregation name).</summary>
    internal const string FirstRow = "firstrow";

    /// <summary>The value at the group's last row, nulls included.</summary>
    internal const string LastRow = "lastrow";

    /// <summary>The quantile <see cref="How"/> asks for, or null when it is not a quantile.</summary>
    internal double? Quantile => How == "median" ? 0.5
        : How.StartsWith("quantile:", StringComparison.Ordinal) && double.TryParse(How.AsSpan(9), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double q) && q is >= 0 and <= 1 ? q
        : null;

    /// <summary>The partial states it keeps per group: (state column, the op that makes it from rows, the op that combines states).</summary>
    internal IEnumerable<(string State, AggregateOp Chunk, AggregateOp Combine)> States => How switch
    {
        "sum" => [(Output + "|sum", AggregateOp.Sum, AggregateOp.Sum)],
        "count" => [(Output + "|count", AggregateOp.Count, AggregateOp.Sum)],
        "size" => [(Output + "|size", AggregateOp.Size, AggregateOp.Sum)],
        "min" => [(Output + "|min", AggregateOp.Min, AggregateOp.Min)],
        "max" => [(Output + "|max", AggregateOp.Max, AggregateOp.Max)],
        "mean" => [(Output + "|sum", AggregateOp.Sum, AggregateOp.Sum), (Output + "|count", AggregateOp.Count, AggregateOp.Sum)],
        "var" or "std" => [(Output + "|fsum", AggregateOp.Sum, AggregateOp.Sum), (Output + "|sumsq", AggregateOp.SumOfSquares, AggregateOp.Sum), (Output + "|count", AggregateOp.Count, AggregateOp.Sum)],
        "first" => [(Output + "|first", AggregateOp.First, AggregateOp.First)],
        "last" => [(Output + "|last", AggregateOp.Last, AggregateOp.Last)],
        FirstRow => [(Output + "|firstrow", AggregateOp.FirstRow, AggregateOp.FirstRow)],
        LastRow => [(Output + "|lastrow", AggregateOp.LastRow, AggregateOp.LastRow)],
        "nunique" => [(Output + "|distinct", AggregateOp.Distinct, AggregateOp.DistinctUnion)],
        _ when Quantile is not null => [(Column + "|sketch", AggregateOp.Sketch, AggregateOp.SketchMerge)], // one sketch serves every quantile of a column
        _ => throw Unknown(How),
    };

    internal static ArgumentException Unknown(string how) =>
        new($"Unknown aggregation '{how}'; the known ones are {string.Join(", ", Known)}.", nameof(how));

    /// <summary>The type of the output on frames of <paramref name="schema"/>.</summary>
    internal IArrowType OutputType(FrameSchema schema) => How switch
    {
        "mean" => GroupAggregate.ResultType(AggregateOp.Sum, schema.TypeOf(Column!), Column!) is TimestampType t ? t : DoubleType.Default,
        "var" or "std" => GroupAggregate.ResultType(AggregateOp.SumOfSquares, schema.TypeOf(Column!), Column!),
        "size" => Int64Type.Default,
        "nunique" => Checked(AggregateOp.Distinct, schema, Int64Type.Default),
        _ when Quantile is not null => Checked(AggregateOp.Sketch, schema, DoubleType.Default),
        _ => GroupAggregate.ResultType(States.First().Chunk, Column is null ? null : schema.TypeOf(Column), Column ?? "(none)"),
    };

    // The state's type check (it fails naming the column), then the output's own type.
    private IArrowType Checked(AggregateOp state, FrameSchema schema, IArrowType output)
    {
        _ = GroupAggregate.ResultType(state, schema.TypeOf(Column!), Column!);
        return output;
    }

    /// <inheritdoc/>
    public override string ToString() => How == "size" ? $"{Output}: size" : Output == Column ? $"{Column}: {How}" : $"{Output}: {How}({Column})";
}

/// <summary>
/// A group-by (or, with no keys, a whole-frame reduction) split as Dask's tree reduction:
/// <see cref="Chunk"/> per partition, <see cref="Combine"/> of several partials, <see cref="Finish"/> once.
/// Partials are partitions too (the keys, then one column per state), so they travel and spill as frames do.
/// </summary>
public sealed class AggregationPlan
{
    private readonly string? _index;
    private readonly bool _indexGiven;

    /// <summary>
    /// A plan grouping by <paramref name="keys"/> (none: one group) computing <paramref name="aggregations"/>;
    /// <paramref name="dropNa"/> false keeps rows with null keys as a group of their own (pandas' <c>dropna</c>).
    /// </summary>
    public AggregationPlan(IReadOnlyList<string> keys, IReadOnlyList<Aggregation> aggregations, bool sort = true, bool dropNa = true)
    {
        Keys = keys ?? throw new ArgumentNullException(nameof(keys));
        Aggregations = aggregations ?? throw new ArgumentNullException(nameof(aggregations));
        Sort = sort;
        DropNa = dropNa;
        foreach (Aggregation a in aggregations)
        {
            _ = a.States.Count(); // an unknown name fails here, when the plan is built
        }
    }

    /// <summary>The group keys.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>What is computed per group.</summary>
    public IReadOnlyList<Aggregation> Aggregations { get; }

    /// <summary>True to sort the result by the keys (pandas' default).</summary>
    public bool Sort { get; }

    /// <summary>False to keep rows whose keys are null, as one more group (pandas' <c>dropna=False</c>).</summary>
    public bool DropNa { get; }

    /// <summary>The result's index column: by default the key when there is one, else none.</summary>
    public string? Index
    {
        get => _indexGiven ? _index : Keys.Count == 1 ? Keys[0] : null;
        init
        {
            _index = value;
            _indexGiven = true;
        }
    }

    /// <summary>An output column to order the result by, largest first, after the key sort (stable): value_counts' order.</summary>
    public string? OrderByDescending { get; init; }

    /// <summary>The columns read from the input.</summary>
    public IEnumerable<string> InputColumns => Keys.Concat(Aggregations.Where(a => a.Column is not null).Select(a => a.Column!)).Distinct();

    /// <summary>The partial of one partition.</summary>
    public Partition Chunk(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        IArrowArray[] keys = [.. Keys.Select(k => Numeric.NanAsNull(partition.Column(k)))];
        ReadOnlySpan<int> ids;
        int slots, groups;
        int[] first;
        int[]? slotOfGroup = null;
        IArrowArray? keyOfGroup = null;
        if (keys.Length == 0)
        {
            ids = GroupIds.AllInGroupZero(partition.Length); // a whole-frame reduction: one group
            (slots, groups, first) = (1, 1, []);
        }
        else if (Sort && keys.Length == 1 && GroupIds.TryBySlots(keys[0], out int[] slotOfRow, out int span, out int[] usedSlots, out keyOfGroup))
        {
            // The result is sorted by the key: the partial's groups need no order of first appearance.
            ids = slotOfRow;
            (slots, groups, slotOfGroup, first) = (span, usedSlots.Length, usedSlots, []);
        }
        else if (GroupIds.TryByCodes(keys, out ReadOnlySpan<int> codes, out int words, out int[] codeOfGroup, out int[] firstRows))
        {
            ids = codes;
            (slots, groups, slotOfGroup, first) = (words, codeOfGroup.Length, codeOfGroup, firstRows);
        }
        else
        {
            (int[] rowIds, int count, int[] firstOfGroup) = GroupIds.Of(keys, partition.Length, DropNa);
            ids = rowIds;
            (slots, groups, first) = (count, count, firstOfGroup);
        }

        var fields = new List<Field>();
        var columns = new List<IArrowArray>();
        for (int k = 0; k < keys.Length; k++)
        {
            IArrowArray key = keyOfGroup ?? Take.Decode(Take.Column(keys[k], first)); // partials carry plain strings: dictionaries differ between partitions
            fields.Add(new Field(Keys[k], key.Data.DataType, true));
            columns.Add(key);
        }

        foreach ((string state, AggregateOp op, string? column) in Aggregations.SelectMany(a => a.States.Select(s => (s.State, s.Chunk, a.Column))).DistinctBy(s => s.State))
        {
            IArrowArray result = GroupAggregate.Apply(op, column is null ? null : partition.Column(column), ids, slots);
            if (slotOfGroup is not null)
            {
                result = Take.Column(result, slotOfGroup);
            }

            fields.Add(new Field(state, result.Data.DataType, true));
            columns.Add(result);
        }

        return new Partition(new RecordBatch(new Schema(fields, null), columns, groups));
    }

    /// <summary>Several partials as one.</summary>
    public Partition Combine(IReadOnlyList<Partition> partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        Partition all = Take.Concat(partials);
        IArrowArray[] keys = [.. Keys.Select(all.Column)];
        (int[] ids, int groups, int[] first) = GroupIds.Of(keys, all.Length, DropNa);
        var fields = new List<Field>();
        var columns = new List<IArrowArray>();
        for (int k = 0; k < keys.Length; k++)
        {
            fields.Add(new Field(Keys[k], keys[k].Data.DataType, true));
            columns.Add(Take.Column(keys[k], first));
        }

        foreach ((string state, _, AggregateOp combine) in Aggregations.SelectMany(a => a.States).DistinctBy(s => s.State))
        {
            IArrowArray result = GroupAggregate.Apply(combine, all.Column(state), ids, groups);
            fields.Add(new Field(state, result.Data.DataType, true));
            columns.Add(result);
        }

        return new Partition(new RecordBatch(new Schema(fields, null), columns, groups));
    }

    /// <summary>The result from the combined partial: the keys (the index, for one key) and one column per aggregation.</summary>
    public Partition Finish(Partition partial)
    {
        ArgumentNullException.ThrowIfNull(partial);
        var fields = new List<Field>();
        var columns = new List<IArrowArray>();
        foreach (string key in Keys)
        {
            IArrowArray k = partial.Column(key);
            fields.Add(new Field(key, k.Data.DataType, true));
            columns.Add(k);
        }

        foreach (Aggregation a in Aggregations)
        {
            IArrowArray output = a.How switch
            {
                "mean" => Mean(partial.Column(a.Output + "|sum"), (Int64Array)partial.Column(a.Output + "|count")),
                "var" or "std" => Variance(partial.Column(a.Output + "|fsum"), partial.Column(a.Output + "|sumsq"), (Int64Array)partial.Column(a.Output + "|count"), a.How == "std"),
                "nunique" => GroupDistinct.Lengths((ListArray)partial.Column(a.Output + "|distinct")),
                _ when a.Quantile is { } q => QuantileSketch.Quantile((ListArray)partial.Column(a.Column + "|sketch"), q),
                _ => partial.Column(a.States.Single().State),
            };
            fields.Add(new Field(a.Output, output.Data.DataType, true));
            columns.Add(output);
        }

        var result = new Partition(new RecordBatch(new Schema(fields, null), columns, partial.Length), Index);
        result = Sort && Keys.Count > 0 ? SortOrder.Sort(result, Keys, [.. Keys.Select(_ => true)]) : result;
        return OrderByDescending is null ? result : SortOrder.Sort(result, [OrderByDescending], [false]);
    }

    private static IArrowArray Mean(IArrowArray sums, Int64Array counts)
    {
        ReadOnlySpan<double> s = Numeric.Doubles(sums);
        ReadOnlySpan<long> c = counts.Values;
        var means = new double[c.Length];
        var valid = new bool[c.Length];
        for (int i = 0; i < c.Length; i++)
        {
            valid[i] = c[i] > 0;
            means[i] = c[i] > 0 ? s[i] / c[i] : 0;
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, means, c.Length, bitmap, nulls);
    }

    // pandas' var and std: ddof = 1, null for fewer than two values. From the sums, as Dask's
    // groupby var does (one pass; the cancellation this risks shows only for means far above the spread).
    private static IArrowArray Variance(IArrowArray sums, IArrowArray squares, Int64Array counts, bool root)
    {
        ReadOnlySpan<double> s = Numeric.Doubles(sums), q = Numeric.Doubles(squares);
        ReadOnlySpan<long> c = counts.Values;
        var result = new double[c.Length];
        var valid = new bool[c.Length];
        for (int i = 0; i < c.Length; i++)
        {
            valid[i] = c[i] > 1;
            double v = c[i] > 1 ? Math.Max(0, (q[i] - (s[i] * s[i] / c[i])) / (c[i] - 1)) : 0;
            result[i] = root ? Math.Sqrt(v) : v;
        }

        (byte[]? bitmap, int nulls) = ArrayBuild.Validity(valid);
        return ArrayBuild.Primitive(DoubleType.Default, result, c.Length, bitmap, nulls);
    }

    /// <summary>The schema of <see cref="Finish"/>'s result for input frames of <paramref name="input"/>.</summary>
    public FrameSchema ResultSchema(FrameSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = new List<Field>();
        foreach (string key in Keys)
        {
            IArrowType t = input.TypeOf(key);
            fields.Add(new Field(key, t is DictionaryType ? StringType.Default : t, true));
        }

        foreach (Aggregation a in Aggregations)
        {
            if (a.Column is not null)
            {
                _ = input.TypeOf(a.Column); // a missing column fails here, naming its neighbours
            }

            fields.Add(new Field(a.Output, a.OutputType(input), true));
        }

        return new FrameSchema(new Schema(fields, null), Index);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        (Keys.Count > 0 ? $"by=[{string.Join(", ", Keys)}] " : string.Empty) + $"[{string.Join(", ", Aggregations)}]"
        + (DropNa ? string.Empty : " dropna=False") + (Sort || Keys.Count == 0 ? string.Empty : " sort=False")
        + (Index != (Keys.Count == 1 ? Keys[0] : null) ? $" index={Index ?? "none"}" : string.Empty)
        + (OrderByDescending is null ? string.Empty : $" order_by={OrderByDescending} desc");
}
