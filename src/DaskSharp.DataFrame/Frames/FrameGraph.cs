using DaskSharp.DataFrames.Plan;
using DaskSharp.Graphs;

namespace DaskSharp.DataFrames;

/// <summary>A plan made into a graph once: optimised, lowered, in one materialised layer.</summary>
internal sealed class FrameGraph
{
    private readonly Lazy<(FrameExpr Plan, HighLevelGraph Graph)> _built;

    public FrameGraph(FrameExpr plan)
    {
        _built = new(() =>
        {
            FrameExpr optimised = Optimizer.Optimize(plan);
            TaskGraph tasks = Lowering.Lower(optimised);
            // An array the plan reads (Dd.FromDaskArray) brings its graph along.
            return (optimised, HighLevelGraph.FromLayer(new MaterializedLayer(optimised.Name, tasks), Plan.Operators.FromArray.Graphs(optimised)));
        });
    }

    public FrameExpr Optimised => _built.Value.Plan;

    public HighLevelGraph Graph => _built.Value.Graph;

    public IReadOnlyList<Key> OutputKeys => Lowering.Keys(Optimised);

    public void AddTo(GraphBuilder builder) => builder.AddGraph(_built.Value.Graph);
}
