using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp.Arrays;

/// <summary>One input of a blockwise array operation: an array read through an axis mapping, or a constant.</summary>
internal readonly record struct BlockInput(BlockwiseArg Arg, HighLevelGraph? Graph, object? Identity)
{
    /// <summary>An array aligned to the output's trailing axes (NumPy broadcasting).</summary>
    public static BlockInput Aligned<T>(DaskArray<T> array, int outputRank)
        where T : unmanaged
    {
        int lead = outputRank - array.Rank;
        int[] axes = [.. Enumerable.Range(lead, array.Rank)];
        return Mapped(array, axes);
    }

    /// <summary>An array whose axis d takes the output's axis <paramref name="outputAxes"/>[d].</summary>
    public static BlockInput Mapped<T>(DaskArray<T> array, int[] outputAxes)
        where T : unmanaged =>
        new(BlockwiseArg.Blocks(array.Name, array.NumBlocks, outputAxes), array.Graph, (array.Name, outputAxes));

    public static BlockInput Constant(object? value) => new(BlockwiseArg.Constant(value), null, value);

    public static BlockInput Index() => new(BlockwiseArg.BlockIndex(), null, "block-index");
}

/// <summary>Builds new arrays from layers: a name from a token of the inputs, and the merged graph.</summary>
internal static class ArrayBuilder
{
    /// <summary>A blockwise array: <paramref name="function"/> per block of the <paramref name="chunks"/> grid.</summary>
    public static DaskArray<TOut> Blockwise<TOut>(string prefix, TaskFunction function, Chunks chunks, BlockInput[] inputs, bool inlinable = false, object? token = null)
        where TOut : unmanaged
    {
        string name = $"{prefix}-{Tokenizer.Tokenize(prefix, function.ReturnType, inputs.Select(i => i.Identity).ToArray(), chunks, token)}";
        var layer = new BlockwiseLayer(name, chunks.NumBlocks, function, [.. inputs.Select(i => i.Arg)]);
        HighLevelGraph graph = HighLevelGraph.FromLayer(inlinable ? layer.AsInlinable() : layer, [.. inputs.Where(i => i.Graph is not null).Select(i => i.Graph!)]);
        return new DaskArray<TOut>(graph, name, chunks);
    }

    /// <summary>An array from an explicit layer of tasks.</summary>
    public static DaskArray<TOut> FromTasks<TOut>(string name, TaskGraph tasks, Chunks chunks, params HighLevelGraph[] dependencies)
        where TOut : unmanaged =>
        new(HighLevelGraph.FromLayer(new MaterializedLayer(name, tasks), dependencies), name, chunks);
}
