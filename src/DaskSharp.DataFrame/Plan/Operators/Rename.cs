using Apache.Arrow;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>df.rename(columns={...})</c>: columns (the index too) under new names, partition by partition.
/// A name the input lacks is ignored, as pandas' default <c>errors="ignore"</c> (so projections
/// pushed below it stay valid).
/// </summary>
public sealed class Rename : PartitionwiseExpr
{
    /// <summary>Renames <paramref name="input"/>'s columns by <paramref name="names"/> (old to new, in order).</summary>
    /// <exception cref="ArgumentException">when two columns would share a name.</exception>
    public Rename(FrameExpr input, IReadOnlyList<(string From, string To)> names)
        : base(input)
    {
        Names = names ?? throw new ArgumentNullException(nameof(names));
        Step = new RenameStep(names);
        Schema = RenameStep.Renamed(input.Schema, names);
    }

    /// <summary>Old and new names.</summary>
    public IReadOnlyList<(string From, string To)> Names { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override PartitionStep Step { get; }

    /// <inheritdoc/>
    protected override string Prefix => "rename";

    /// <summary>The input's name of output column <paramref name="name"/>.</summary>
    public string Source(string name)
    {
        foreach ((string from, string to) in Names)
        {
            if (to == name && Input.Schema.Has(from))
            {
                return from;
            }
        }

        return name;
    }

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Rename(children[0], Names);
}

/// <summary>Renames a partition's columns (and its index), the data untouched.</summary>
public sealed class RenameStep(IReadOnlyList<(string From, string To)> names) : PartitionStep
{
    /// <summary>Old and new names.</summary>
    public IReadOnlyList<(string From, string To)> Names { get; } = names ?? throw new ArgumentNullException(nameof(names));

    /// <summary><paramref name="schema"/> with the columns renamed (names it lacks ignored).</summary>
    /// <exception cref="ArgumentException">when two columns would share a name.</exception>
    public static FrameSchema Renamed(FrameSchema schema, IReadOnlyList<(string From, string To)> names)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string from, string to) in names)
        {
            map[from] = to;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<Field>();
        foreach (Field f in schema.Arrow.FieldsList)
        {
            string name = map.GetValueOrDefault(f.Name, f.Name);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Renaming would give two columns the name '{name}'.", nameof(names));
            }

            fields.Add(name == f.Name ? f : new Field(name, f.DataType, f.IsNullable, f.Metadata));
        }

        string? index = schema.Index is null ? null : map.GetValueOrDefault(schema.Index, schema.Index);
        return new FrameSchema(new Schema(fields, schema.Arrow.Metadata), index);
    }

    /// <inheritdoc/>
    public override Partition Apply(Partition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        FrameSchema schema = Renamed(partition.Schema, Names);
        return new Partition(new RecordBatch(schema.Arrow, partition.Batch.Arrays, partition.Length), schema.Index);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Rename: {{{string.Join(", ", Names.Select(n => $"{n.From}: {n.To}"))}}}";
}
