using System.Text.Json;
using DaskSharp.Arrays;
using DaskSharp.Graphs;
using DaskSharp.Tokens;

namespace DaskSharp;

// A directory of .npy files, one per block along one axis (Dask's to_npy_stack/from_npy_stack).
// Dask describes the stack in a pickled 'info' file; DaskSharp writes 'info.json' with the same
// fields (chunks, dtype, axis), since pickles are Python-only.
public static partial class Npy
{
    internal static class StackFunctions<T>
        where T : unmanaged
    {
        public static readonly TaskFunction Write = TaskFunction.From((NDArray<T> block, string path) =>
        {
            Save(path, block);
            return NDArray<long>.Scalar(block.Size);
        }).AsKernel();

        public static readonly TaskFunction Read = TaskFunction.From((string path) => Load<T>(path)).AsKernel();
    }

    /// <summary>The info file's contents.</summary>
    private sealed record StackInfo(long[][] Chunks, string Dtype, int Axis);

    /// <summary>Writes one .npy file per block along <paramref name="axis"/> into <paramref name="directory"/>, plus <c>info.json</c>.</summary>
    public static void ToNpyStack<T>(DaskArray<T> array, string directory, int axis = 0, string? scheduler = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        Directory.CreateDirectory(directory);
        axis = Axes.Normalize(axis, array.Rank);

        // One block per file: every other axis whole.
        DaskArray<T> x = array.Rechunk(ChunkSpec.Explicit([.. Enumerable.Range(0, array.Rank).Select(d => d == axis ? array.Chunks.Sizes(d) : [array.Shape[d]])]));
        string name = $"to-npy-stack-{Tokenizer.Tokenize(x.Name, directory)}";
        var tasks = new TaskGraph();
        var keys = new List<Key>();
        for (int b = 0; b < x.NumBlocks[axis]; b++)
        {
            int[] index = new int[x.Rank];
            index[axis] = b;
            var key = new Key(name, b);
            tasks.Add(key, new TaskSpec(StackFunctions<T>.Write, TaskArg.Ref(x.BlockKey(index)), TaskArg.Literal(Path.Combine(directory, $"{b}.npy"))));
            keys.Add(key);
        }

        HighLevelGraph graph = HighLevelGraph.FromLayer(new MaterializedLayer(name, tasks), x.Graph);
        Execution.SchedulerRegistry.Resolve(scheduler).Get(Optimization.GraphOptimizer.Optimize(graph, keys), keys);
        var info = new StackInfo([.. Enumerable.Range(0, x.Rank).Select(d => x.Chunks.Sizes(d))], Dtype.NpyDescrOf(typeof(T)), axis);
        File.WriteAllText(Path.Combine(directory, "info.json"), JsonSerializer.Serialize(info));
    }

    /// <summary>A lazy array over a stack written by <see cref="ToNpyStack{T}"/>: each block is read when computed.</summary>
    /// <exception cref="InvalidDataException">when the info file is missing or names another element type.</exception>
    public static DaskArray<T> FromNpyStack<T>(string directory)
        where T : unmanaged
    {
        string infoPath = Path.Combine(directory, "info.json");
        if (!File.Exists(infoPath))
        {
            throw new InvalidDataException($"{directory} has no info.json; it is not an npy stack written by ToNpyStack.");
        }

        StackInfo info = JsonSerializer.Deserialize<StackInfo>(File.ReadAllText(infoPath))
            ?? throw new InvalidDataException($"{infoPath} is empty.");
        if (info.Dtype != Dtype.NpyDescrOf(typeof(T)))
        {
            throw new InvalidDataException($"The stack in {directory} holds '{info.Dtype}' elements, not {Dtype.NameOf(typeof(T))}.");
        }

        var chunks = new Chunks(info.Chunks);
        string name = $"from-npy-stack-{Tokenizer.Tokenize(Path.GetFullPath(directory), info.Chunks)}";
        var tasks = new TaskGraph();
        for (int b = 0; b < chunks.NumBlocks[info.Axis]; b++)
        {
            int[] index = new int[chunks.Rank];
            index[info.Axis] = b;
            tasks.Add(new Key(name, index), new TaskSpec(StackFunctions<T>.Read, TaskArg.Literal(Path.Combine(directory, $"{b}.npy"))));
        }

        return ArrayBuilder.FromTasks<T>(name, tasks, chunks);
    }
}
