namespace DaskSharp.DataFrames.Plan;

/// <summary>
/// The functions dataframe tasks call. They are static, so a task travels to a worker process as a
/// reference to one of them plus its arguments (programs, plans, partitions), which have codecs.
/// </summary>
internal static class FrameTasks
{
    public static Partition Read(Operators.PartitionSource source, PartitionProgram program, int i) => program.Run(source.Read(i));

    public static Partition Run(PartitionProgram program, Partition partition) => program.Run(partition);

    public static Partition Combine(AggregationPlan plan, Partition[] partials) => plan.Combine(partials);

    public static Partition Head(int n, Partition[] parts)
    {
        Partition all = Kernels.Take.Concat(parts);
        return all.Length <= n ? all : new Partition(all.Batch.Slice(0, n), all.Index);
    }

    /// <summary>Partitions as one, in order (a broadcast side, neighbours combined by a repartition).</summary>
    public static Partition Concat(Partition[] parts) => Kernels.Take.Concat(parts);

    public static Partition Piece(int j, Partition split) => HashSplitStep.Piece(split, j);

    public static Partition Finish(AggregationPlan plan, Partition[] partials) => plan.Finish(partials.Length == 1 ? partials[0] : plan.Combine(partials));
}
