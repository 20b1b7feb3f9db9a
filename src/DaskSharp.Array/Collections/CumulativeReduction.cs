using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>
/// Cumulative sums and products along an axis (Dask's <c>cumreduction</c>): every block is reduced
/// cumulatively on its own, then each block combines with the running total carried from the block
/// before it along the axis — a chain per row of blocks, the rest in parallel.
/// </summary>
internal static class CumulativeReduction<T>
    where T : unmanaged
{
    private static readonly TaskFunction Local = TaskFunction.From((NDArray<T> block, int axis, BinaryOp op) => Cumulative(block, axis, op)).AsKernel();

    private static readonly TaskFunction Carry = TaskFunction.From((NDArray<T> local, NDArray<T> carry, BinaryOp op) => Elementwise.Binary(local, carry, op)).AsKernel();

    private static readonly TaskFunction Last = TaskFunction.From((NDArray<T> block, int axis) =>
    {
        int[] starts = new int[block.Rank];
        int[] lengths = block.ShapeArray.ToArray();
        starts[axis] = Math.Max(lengths[axis] - 1, 0);
        lengths[axis] = Math.Min(lengths[axis], 1);
        return block.Block(starts, lengths).Copy();
    }).AsKernel();

    public static DaskArray<T> CumSum(DaskArray<T> x, int axis) => Accumulate(x, axis, BinaryOp.Add, "cumsum");

    public static DaskArray<T> CumProd(DaskArray<T> x, int axis) => Accumulate(x, axis, BinaryOp.Multiply, "cumprod");

    private static DaskArray<T> Accumulate(DaskArray<T> x, int axis, BinaryOp op, string prefix)
    {
        Chunks.RequireKnown(x.Chunks, prefix);
        axis = Axes.Normalize(axis, x.Rank);
        DaskArray<T> local = ArrayBuilder.Blockwise<T>($"{prefix}-local", Local, x.Chunks, [BlockInput.Aligned(x, x.Rank), BlockInput.Constant(axis), BlockInput.Constant(op)]);
        string name = $"{prefix}-{Tokenizer.Tokenize(local.Name)}";
        string carryName = $"{prefix}-carry-{Tokenizer.Tokenize(local.Name)}";
        var tasks = new TaskGraph();
        foreach (int[] index in BlockGrid.Indices(x.NumBlocks))
        {
            var key = new Key(name, index);
            if (index[axis] == 0)
            {
                tasks.Add(key, new TaskSpec(Reshaping.IdentityFunction<T>(), TaskArg.Ref(local.BlockKey(index))));
            }
            else
            {
                int[] previous = (int[])index.Clone();
                previous[axis]--;
                tasks.Add(key, new TaskSpec(Carry, TaskArg.Ref(local.BlockKey(index)), TaskArg.Ref(new Key(carryName, previous)), TaskArg.Literal(op)));
            }

            tasks.Add(new Key(carryName, index), new TaskSpec(Last, TaskArg.Ref(key), TaskArg.Literal(axis)));
        }

        return ArrayBuilder.FromTasks<T>(name, tasks, x.Chunks, local.Graph);
    }

    private static NDArray<T> Cumulative(NDArray<T> block, int axis, BinaryOp op)
    {
        NDArray<T> result = block.Copy();
        if (block.Shape[axis] <= 1)
        {
            return result;
        }

        // Combine each slab along the axis into the next one.
        int[] lengths = result.ShapeArray.ToArray();
        lengths[axis] = 1;
        for (int i = 1; i < result.Shape[axis]; i++)
        {
            int[] previous = new int[result.Rank];
            int[] current = new int[result.Rank];
            previous[axis] = i - 1;
            current[axis] = i;
            NDArray<T> sum = Elementwise.Binary(result.Block(previous, lengths), result.Block(current, lengths), op);
            StridedCopy.Copy(sum, result.Block(current, lengths));
        }

        return result;
    }
}
