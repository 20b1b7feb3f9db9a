using Apache.Arrow.Types;
using DaskSharp.DataFrames.Kernels;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>df.Resample(rule).Agg(...)</c> as Dask does it: the frame repartitioned to divisions at bin
/// starts (<see cref="RepartitionDivisions"/>, so no bin straddles two partitions), then one task a
/// partition making every bin between its output divisions (the last partition's end bin too).
/// </summary>
public sealed class Resample : FrameExpr
{
    private readonly long[] _outputs;

    private Resample(FrameExpr cut, ResampleSpec spec, long[] outputs)
    {
        Input = cut;
        Spec = spec;
        _outputs = outputs;
        Schema = spec.OutputSchema(cut.Schema);
        Divisions = [.. outputs.Select(o => IndexLabels.Division(o, Timestamps.Naive))];
    }

    /// <summary>
    /// <paramref name="input"/> resampled by <paramref name="spec"/>.
    /// </summary>
    /// <exception cref="ArgumentException">when the index is not a datetime, the divisions are unknown, or the rule does not divide a day.</exception>
    public static Resample Of(FrameExpr input, ResampleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(spec);
        _ = spec.OutputSchema(input.Schema); // the index and the aggregations are checked first
        IReadOnlyList<object> divisions = input.Divisions ?? throw new ArgumentException(
            "Can only resample dataframes with known divisions (as Dask); this frame's are unknown. Set a sorted datetime index with known divisions first.", nameof(input));
        ResampleKernels.CheckDividesADay(spec.Rule, spec.Freq);
        string index = input.Schema.Index!;
        IArrowType type = input.Schema.TypeOf(index);
        long[] native = [.. divisions.Select(d => (long)IndexLabels.Native(d, type, index))];
        (long[] cuts, long[] outputs) = ResampleKernels.Divisions(native, spec.Freq);
        if (cuts.Length < 2)
        {
            // One division only (a single row): one partition of one bin.
            (cuts, outputs) = ([native[0], native[^1]], [outputs[0], outputs[0]]);
        }

        // The cut's ends are the input's own first and last divisions (Dask's last cut, a nanosecond
        // past the last division, keeps the same rows as the last partition's inclusive end).
        object[] cutDivisions = [.. cuts.Select(c => IndexLabels.Division(c, type))];
        cutDivisions[0] = divisions[0];
        cutDivisions[^1] = divisions[^1];
        bool same = cutDivisions.Length == divisions.Count && cutDivisions.Select((d, i) => Equals(d, divisions[i])).All(x => x);
        return new Resample(same ? input : new RepartitionDivisions(input, cutDivisions), spec, outputs); // divisions at bin starts already: no cut
    }

    /// <summary>The input, repartitioned to the bins' divisions (as it is when its divisions are bin starts already).</summary>
    public FrameExpr Input { get; }

    /// <summary>What each partition computes.</summary>
    public ResampleSpec Spec { get; }

    /// <summary>Output partition <paramref name="i"/>'s bins: from its first bin (ns) to the next partition's, the end bin too for the last.</summary>
    public (long Start, long End, bool EndIncluded) Bins(int i) => (_outputs[i], _outputs[i + 1], i == NPartitions - 1);

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => _outputs.Length - 1;

    /// <inheritdoc/>
    public override string Describe() => $"Resample: {Spec}";

    /// <inheritdoc/>
    protected override string Identity() => Describe() + string.Join("|", _outputs) + "(" + Input.Name + ")";

    /// <inheritdoc/>
    protected override string Prefix => "resample";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new Resample(children[0], Spec, _outputs);
}
