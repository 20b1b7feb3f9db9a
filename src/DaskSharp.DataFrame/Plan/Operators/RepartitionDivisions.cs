using Apache.Arrow.Types;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// A frame with known divisions cut and glued to other divisions (Dask's
/// <c>repartition(divisions=..., force=True)</c>, as its index merge does first): output
/// partition j takes, from each input partition whose bounds overlap it, the rows whose index lies
/// within its bounds.
/// </summary>
public sealed class RepartitionDivisions : FrameExpr
{
    /// <summary><paramref name="input"/> (with known divisions) repartitioned to <paramref name="divisions"/>, which must cover its own.</summary>
    public RepartitionDivisions(FrameExpr input, IReadOnlyList<object> divisions)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        NewDivisions = divisions ?? throw new ArgumentNullException(nameof(divisions));
        IReadOnlyList<object> old = input.Divisions ?? throw new ArgumentException("Repartitioning by divisions needs known divisions.", nameof(input));
        if (divisions.Count < 2 || Comparer<object>.Default.Compare(divisions[0], old[0]) > 0 || Comparer<object>.Default.Compare(divisions[^1], old[^1]) < 0)
        {
            throw new ArgumentException($"The new divisions ({divisions[0]} to {divisions[^1]}) must cover the old ones ({old[0]} to {old[^1]}).", nameof(divisions));
        }
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>The divisions of the result.</summary>
    public IReadOnlyList<object> NewDivisions { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions => NewDivisions;

    /// <inheritdoc/>
    public override FrameSchema Schema => Input.Schema;

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => NewDivisions.Count - 1;

    /// <summary>The cut that keeps output partition <paramref name="j"/>'s rows, and the input partitions that may hold them.</summary>
    public (IndexRangeStep Cut, int[] Inputs) Piece(int j)
    {
        object lo = NewDivisions[j], hi = NewDivisions[j + 1];
        string index = Input.Schema.Index ?? throw new InvalidOperationException("Repartitioning by divisions needs an index column.");
        IArrowType type = Input.Schema.TypeOf(index);
        var cut = new IndexRangeStep(index, type is TimestampType, IndexLabels.Native(lo, type, index), IndexLabels.Native(hi, type, index), upperInclusive: j == NPartitions - 1);
        IReadOnlyList<object> old = Input.Divisions!;
        var inputs = new List<int>();
        for (int p = 0; p < Input.NPartitions; p++)
        {
            // Input p holds [old[p], old[p + 1]) (its last, up to old[^1] inclusive); overlap is tested with closed bounds, the cut is exact.
            if (Comparer<object>.Default.Compare(old[p], hi) <= 0 && Comparer<object>.Default.Compare(lo, old[p + 1]) <= 0)
            {
                inputs.Add(p);
            }
        }

        return (cut, [.. inputs]);
    }

    /// <inheritdoc/>
    public override string Describe() => $"RepartitionDivisions: {Input.NPartitions} to {NPartitions} partitions";

    /// <inheritdoc/>
    protected override string Identity() => Describe() + string.Join("|", NewDivisions) + "(" + Input.Name + ")";

    /// <inheritdoc/>
    protected override string Prefix => "repartition-divisions";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new RepartitionDivisions(children[0], NewDivisions);
}
