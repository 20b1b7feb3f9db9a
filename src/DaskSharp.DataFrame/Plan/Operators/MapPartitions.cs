using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.DataFrames.Plan.Operators;

/// <summary>
/// <c>df.MapPartitions(f)</c>: a user function run on every partition, in its own task (Dask's
/// <c>map_partitions</c>). The function travels to worker processes as any task delegate does
/// (Core's function codec, closure and all). Its result's schema (Dask's <c>meta</c>) is given or
/// was inferred by running it on an empty partition; divisions are kept only when the function
/// is said to keep the index.
/// </summary>
public sealed class MapPartitions : FrameExpr
{
    private readonly string _token;

    /// <summary>Runs <paramref name="function"/> (partition in, partition out) on each partition of <paramref name="input"/>.</summary>
    internal MapPartitions(FrameExpr input, Func<Partition, Partition> function, string functionName, object tokenOf, FrameSchema meta, bool preservesIndex)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
        Function = TaskFunction.From(function ?? throw new ArgumentNullException(nameof(function)));
        FunctionName = functionName;
        Schema = meta ?? throw new ArgumentNullException(nameof(meta));
        PreservesIndex = preservesIndex;
        _token = Tokenizer.Tokenize(tokenOf);
    }

    private MapPartitions(FrameExpr input, MapPartitions like)
    {
        Input = input;
        Function = like.Function;
        FunctionName = like.FunctionName;
        Schema = like.Schema;
        PreservesIndex = like.PreservesIndex;
        _token = like._token;
    }

    /// <summary>The input.</summary>
    public FrameExpr Input { get; }

    /// <summary>The task function: one partition in, one out.</summary>
    public TaskFunction Function { get; }

    /// <summary>The user function's name, as Explain prints it.</summary>
    public string FunctionName { get; }

    /// <summary>Whether the function keeps each row's index (so the divisions stay).</summary>
    public bool PreservesIndex { get; }

    /// <inheritdoc/>
    public override FrameSchema Schema { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FrameExpr> Children => [Input];

    /// <inheritdoc/>
    public override int NPartitions => Input.NPartitions;

    /// <inheritdoc/>
    public override IReadOnlyList<object>? Divisions => PreservesIndex ? Input.Divisions : null;

    /// <inheritdoc/>
    public override string Describe() => $"MapPartitions: {FunctionName} -> [{string.Join(", ", Schema.Columns)}]{(PreservesIndex ? " preserves index" : string.Empty)}";

    /// <inheritdoc/>
    protected override string Identity() => base.Identity() + _token;

    /// <inheritdoc/>
    protected override string Prefix => "map-partitions";

    /// <inheritdoc/>
    public override FrameExpr WithChildren(IReadOnlyList<FrameExpr> children) => new MapPartitions(children[0], this);
}
