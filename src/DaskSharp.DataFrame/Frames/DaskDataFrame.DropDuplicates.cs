using DaskSharp.DataFrames.Plan;
using DaskSharp.DataFrames.Plan.Operators;

namespace DaskSharp.DataFrames;

public sealed partial class DaskDataFrame
{
    private const string DuplicateCount = "|rows";

    /// <summary>
    /// The rows with no equal earlier (<paramref name="keep"/> "first") or later ("last") row in
    /// <paramref name="subset"/> (null: every data column); "none" drops every row that has a
    /// duplicate (pandas' <c>keep=False</c>). Nulls compare equal, as in pandas. A tree reduction of
    /// each partition's distinct rows, hash-split by the subset into as many partitions as the
    /// input has (Dask's <c>split_out=True</c>); within a partition, rows keep their order of appearance.
    /// </summary>
    public DaskDataFrame DropDuplicates(IReadOnlyList<string>? subset = null, string keep = "first")
    {
        string how = keep switch
        {
            "first" or "none" => Aggregation.FirstRow,
            "last" => Aggregation.LastRow,
            _ => throw new ArgumentException($"keep must be \"first\", \"last\" or \"none\" (pandas' False), not \"{keep}\".", nameof(keep)),
        };
        string[] keys = [.. subset ?? Columns];
        if (keys.Length == 0)
        {
            throw new ArgumentException("DropDuplicates needs at least one column to compare.", nameof(subset));
        }

        foreach (string k in keys)
        {
            _ = Plan.Schema.Ordinal(k);
        }

        // The other columns (the index among them) come from the kept row.
        string[] carried = [.. Plan.Schema.Arrow.FieldsList.Select(f => f.Name).Where(c => !keys.Contains(c))];
        List<Aggregation> aggregations = [.. carried.Select(c => new Aggregation(c, how, c))];
        if (keep == "none")
        {
            aggregations.Add(new Aggregation(null, "size", DuplicateCount));
        }

        var plan = new AggregationPlan(keys, aggregations, sort: false, dropNa: false) { Index = Plan.Schema.Index };
        FrameExpr result = new Reduce(Plan, plan, splitOut: NPartitions);
        if (keep == "none")
        {
            result = new Filter(result, new Binary(BinaryOperator.Equal, new ColumnRef(DuplicateCount), new Literal(1L)));
        }

        return new DaskDataFrame(new Projection(result, [.. Columns]));
    }
}
