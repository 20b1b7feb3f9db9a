namespace DaskSharp.DataFrames.Plan;

/// <summary>The static task functions of Tail, Repartition and its measuring (a task carries a reference to one and its literals).</summary>
internal static class FrameOperationTasks
{
    public static Partition Tail(int n, Partition[] parts)
    {
        Partition all = Kernels.Take.Concat(parts);
        return all.Length <= n ? all : new Partition(all.Batch.Slice(all.Length - n, n), all.Index);
    }

    /// <summary>A partition's memory (the bytes of its rows, <see cref="Kernels.RowBytes"/>) and rows, for Repartition by size.</summary>
    public static long[] Measure(Partition partition) => [Kernels.RowBytes.Of(partition), partition.Length];
}
